/**
 * 登录 / login: a one-time console link, sent only in a direct chat (a link posted in a group could be
 * used by anyone there first). Enterprise members have no console.
 *
 * The token is never stored: the answer in the outbox holds slots and a "mint a link for this person"
 * instruction, and the sending side mints the token (only its hash goes to console_tokens) just
 * before handing the text to the platform — a fresh one on each try of the send.
 */

import type { DbOrTx } from "../../db/client.ts";
import type { OutboundMessage } from "../messages.ts";
import type { Locale } from "../texts/catalog.ts";
import { replyText } from "../texts/replies.ts";
import { createLoginLink } from "../web/console/auth.ts";
import { mayUseConsole } from "../web/console/viewer.ts";
import type { CommandContext } from "./commands.ts";
import { formatDateTime } from "./format.ts";

const URL_SLOT = "⟦login-url⟧";
const EXPIRES_SLOT = "⟦login-expires⟧";

/** What the sending side needs to mint the link: whose, where the console is, how to say the time. */
export interface LoginLinkToMint {
	personCode: string;
	baseUrl: string;
	locale: Locale;
}

/** An outbox message that may carry a link to mint at send time. */
export type MessageWithLoginLink = OutboundMessage & {
	loginLink?: LoginLinkToMint;
};

export async function loginLinkAnswer(
	ctx: CommandContext,
): Promise<{ text: string; loginLink?: LoginLinkToMint }> {
	const { locale, person } = ctx;
	if (!mayUseConsole(person))
		return { text: replyText(locale, "login_enterprise") };
	if (ctx.loginLinksRefusedOn?.includes(ctx.message.platform))
		return { text: replyText(locale, "login_not_on_playground") };
	if (!ctx.message.direct)
		return { text: replyText(locale, "login_private_only") };
	if (!ctx.publicUrl) return { text: replyText(locale, "login_unavailable") };
	return {
		text: replyText(locale, "login_link", {
			url: URL_SLOT,
			expires: EXPIRES_SLOT,
		}),
		loginLink: {
			personCode: person.code,
			baseUrl: ctx.publicUrl.replace(/\/$/, ""),
			locale,
		},
	};
}

/**
 * The message as the platform gets it: a login link it asks for is minted now and written into the
 * text. Messages without one are returned as they are.
 */
export async function withLoginLinkMinted(
	db: DbOrTx,
	stored: MessageWithLoginLink,
	now = new Date(),
): Promise<OutboundMessage> {
	const { loginLink, ...message } = stored;
	if (!loginLink) return stored;
	const link = await createLoginLink(db, loginLink.personCode, now);
	// Deactivated between the request and the send: treated as not (or no longer) registered.
	if (!link)
		return { ...message, text: replyText(loginLink.locale, "unknown_person") };
	return {
		...message,
		text: message.text
			.replace(URL_SLOT, `${loginLink.baseUrl}${link.path}`)
			.replace(EXPIRES_SLOT, formatDateTime(loginLink.locale, link.expiresAt)),
	};
}
