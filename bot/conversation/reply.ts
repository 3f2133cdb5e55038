import type { DbOrTx } from "../../db/client.ts";
import type { InboundMessage, IssueCard, Mention } from "../messages.ts";
import { enqueueOutbound } from "../pipeline/outbox.ts";

/** The bot's one answer to an inbound message, in its thread; a redelivery can never answer twice. */
export async function replyTo(
	tx: DbOrTx,
	inboundId: number,
	message: InboundMessage,
	text: string,
	options: {
		mentions?: Mention[];
		issueId?: number | null;
		card?: IssueCard;
	} = {},
): Promise<void> {
	await enqueueOutbound(tx, {
		dedupeKey: `inbound-${inboundId}-reply`,
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
}
