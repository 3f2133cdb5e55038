/**
 * 登录 / login: a one-time console link, sent only in a direct chat (a link posted in a group could be
 * used by anyone there first). Enterprise members have no console.
 */

import { replyText } from "../texts/replies.ts";
import { createLoginLink } from "../web/console/auth.ts";
import { mayUseConsole } from "../web/console/viewer.ts";
import type { CommandContext } from "./commands.ts";
import { formatDateTime } from "./format.ts";

export async function loginLinkAnswer(ctx: CommandContext): Promise<string> {
	const { locale, person } = ctx;
	if (!mayUseConsole(person)) return replyText(locale, "login_enterprise");
	if (ctx.loginLinksRefusedOn?.includes(ctx.message.platform))
		return replyText(locale, "login_not_on_playground");
	if (!ctx.message.direct) return replyText(locale, "login_private_only");
	if (!ctx.publicUrl) return replyText(locale, "login_unavailable");
	const link = await createLoginLink(ctx.tx, person.code, ctx.now);
	// Found in the directory snapshot but deactivated since: treated as not (or no longer) registered.
	if (!link) return replyText(locale, "unknown_person");
	return replyText(locale, "login_link", {
		url: `${ctx.publicUrl.replace(/\/$/, "")}${link.path}`,
		expires: formatDateTime(locale, link.expiresAt),
	});
}
