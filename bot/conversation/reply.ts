import type { DbOrTx } from "../../db/client.ts";
import { isUnitOfWork } from "../../db/unit-of-work.ts";
import type { InboundMessage, IssueCard, Mention } from "../messages.ts";
import { enqueueOutbound, outboxRowsOf } from "../pipeline/outbox.ts";
import type { LoginLinkToMint, MessageWithLoginLink } from "./login-link.ts";

/**
 * The bot's one answer to an inbound message, in its thread; a redelivery can never answer twice.
 * `dedupeKey` replaces the per-message key (e.g. one answer per person per day). False when the key
 * was used already and nothing was added.
 */
export async function replyTo(
	tx: DbOrTx,
	inboundId: number,
	message: InboundMessage,
	text: string,
	options: {
		mentions?: Mention[];
		issueId?: number | null;
		card?: IssueCard;
		dedupeKey?: string;
		/** A console link to mint when the answer is sent (its token is never stored). */
		loginLink?: LoginLinkToMint;
	} = {},
): Promise<boolean> {
	const answer: MessageWithLoginLink = {
		platform: message.platform,
		conversationId: message.conversationId,
		text,
		mentions: options.mentions ?? [],
		replyTo: { messageId: message.messageId },
		...(message.text ? { quotes: message.text } : {}),
		...(options.card ? { card: options.card } : {}),
		...(options.loginLink ? { loginLink: options.loginLink } : {}),
	};
	const issueId = options.issueId ?? null;
	// The per-message key is new with the inbound row, so the answer can wait for the batch's end.
	if (!options.dedupeKey && isUnitOfWork(tx)) {
		tx.deferred.outbox.push(
			...outboxRowsOf({
				dedupeKey: `inbound-${inboundId}-reply`,
				issueId,
				message: answer,
			}),
		);
		return true;
	}
	const outboxId = await enqueueOutbound(tx, {
		dedupeKey: options.dedupeKey ?? `inbound-${inboundId}-reply`,
		issueId,
		message: answer,
	});
	return outboxId !== null;
}

/**
 * The answer by direct message to whoever wrote `message` in a group that is not the issue's own
 * (a department's group on another platform, another office's work group): the writer learns it
 * was done, and that group's members do not read another enterprise's issue.
 */
export async function answerPrivately(
	tx: DbOrTx,
	inboundId: number,
	message: InboundMessage,
	text: string,
	issueId: number,
): Promise<void> {
	await enqueueOutbound(tx, {
		dedupeKey: `inbound-${inboundId}-reply`,
		issueId,
		message: {
			platform: message.platform,
			conversationId: message.author.externalId,
			text,
			mentions: [],
		},
	});
}
