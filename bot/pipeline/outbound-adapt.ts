/**
 * A message shaped to what its platform can show, before it is promised in the outbox. The core
 * writes one message as if every platform could do everything; here it degrades by the platform's
 * declared capabilities: a card without cards becomes lines with the commands to type, a reply
 * without threads or quotes quotes its message in the text, an edit that cannot be made is posted
 * anew, and a mention that cannot be sent in the group names the person in the text and reaches them
 * by direct message instead.
 */

import type { PlatformCapabilities } from "../capabilities.ts";
import { renderCardText } from "../card-text.ts";
import type { OutboundMessage } from "../messages.ts";

export interface AdaptedOutbound {
	message: OutboundMessage;
	/** One per person the group message could not mention, keyed by their platform id. */
	directMessages: Array<{ externalId: string; message: OutboundMessage }>;
}

const QUOTE_CHARS = 40;

export function adaptOutbound(
	original: OutboundMessage,
	capabilities: PlatformCapabilities,
): AdaptedOutbound {
	let message: OutboundMessage = { ...original };
	if (message.card && !capabilities.cardsWithButtons) {
		const { card, ...rest } = message;
		const lines = renderCardText(card);
		message = { ...rest, text: rest.text ? `${rest.text}\n\n${lines}` : lines };
	}
	if (message.replaces && !capabilities.editsSentMessages) {
		const { replaces: _, ...rest } = message;
		message = rest;
	}
	// The reference stays (the record keeps what answered what); the words quoted are what people see.
	if (message.replyTo && message.quotes && capabilities.replies === "none") {
		const { quotes, ...rest } = message;
		message = { ...rest, text: `「${shorten(quotes)}」\n${rest.text}` };
	}

	const directMessages: AdaptedOutbound["directMessages"] = [];
	if (
		message.mentions.length > 0 &&
		!message.direct &&
		!canMention(message, capabilities)
	) {
		const names = message.mentions
			.map((mention) => `@${mention.displayName ?? mention.externalId}`)
			.join(" ");
		const groupText = message.text;
		message = { ...message, text: `${names} ${groupText}`, mentions: [] };
		if (capabilities.directMessages.available)
			for (const mention of original.mentions)
				if (mention.kind === "user")
					directMessages.push({
						externalId: mention.externalId,
						message: {
							platform: message.platform,
							conversationId: mention.externalId,
							text: groupText,
							mentions: [],
							direct: true,
						},
					});
	}
	return { message, directMessages };
}

function canMention(
	message: OutboundMessage,
	capabilities: PlatformCapabilities,
): boolean {
	const prefix = capabilities.mentionsByIdWhereConversationStartsWith;
	if (prefix && message.conversationId.startsWith(prefix)) return true;
	switch (capabilities.groupMentions) {
		case "by_id":
			return true;
		case "in_reply_only":
			return message.replyTo !== undefined;
		case "none":
			return false;
	}
}

function shorten(text: string): string {
	const chars = [...text.replace(/\s+/g, " ").trim()];
	return chars.length > QUOTE_CHARS
		? `${chars.slice(0, QUOTE_CHARS).join("")}…`
		: chars.join("");
}
