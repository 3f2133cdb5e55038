import type { DbOrTx } from "../../db/client.ts";
import type { InboundMessage, IssueCard, Mention } from "../messages.ts";
import { enqueueOutbound } from "../pipeline/outbox.ts";

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
	} = {},
): Promise<boolean> {
	const outboxId = await enqueueOutbound(tx, {
		dedupeKey: options.dedupeKey ?? `inbound-${inboundId}-reply`,
		issueId: options.issueId ?? null,
		message: {
			platform: message.platform,
			conversationId: message.conversationId,
			text,
			mentions: options.mentions ?? [],
			replyTo: { messageId: message.messageId },
			...(options.card ? { card: options.card } : {}),
		},
	});
	return outboxId !== null;
}
