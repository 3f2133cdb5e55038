import { createHash } from "node:crypto";
import type { InboundMessage } from "../messages.ts";

/** Case, width and spacing differences a puppet may introduce on redelivery do not make a new message. */
export function normalizeText(text: string): string {
	return text.normalize("NFKC").replace(/\s+/g, " ").trim().toLowerCase();
}

/**
 * The content identity of a message: same author, same conversation, same text, in answer to the
 * same message (a thread root / quoted message, or the quoted text where the platform gives only
 * that) — `受理` replying to issue #12 and then to #13 are two messages. WeChat puppets
 * redeliver a message under a new id; this catches them. `null` when there is no text to compare
 * (an image or file alone: a person does send several in a row) or the message is an edit/deletion.
 */
export function contentFingerprint(message: InboundMessage): string | null {
	if (message.change) return null;
	const text = normalizeText(message.text);
	if (text === "") return null;
	return createHash("sha256")
		.update(
			JSON.stringify([
				message.platform,
				message.conversationId,
				message.author.externalId,
				text,
				replyTarget(message),
			]),
		)
		.digest("base64url");
}

function replyTarget(message: InboundMessage): string | null {
	const reply = message.replyTo;
	if (!reply) return null;
	if (reply.messageId) return `id:${reply.messageId}`;
	if (reply.quotedText) return `quote:${normalizeText(reply.quotedText)}`;
	return null;
}
