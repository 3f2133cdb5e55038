import type { InboundMessage, OutboundMessage } from "../../bot/messages.ts";
import type { PlaygroundConversation } from "./conversations.ts";
import type {
	PlaygroundBot,
	PlaygroundMessage,
	PlaygroundPerson,
} from "./types.ts";

/** A person's message on the screen, as the bot receives it. */
export function toInbound(
	message: PlaygroundMessage,
	conversation: PlaygroundConversation,
): InboundMessage {
	return {
		platform: "playground",
		messageId: message.id,
		conversationId: message.conversationId,
		...(conversation.kind === "group"
			? { conversationTitle: conversation.group.name }
			: {}),
		direct: conversation.kind === "direct",
		author: {
			externalId: message.author.externalId,
			displayName: message.author.name,
			isBot: false,
		},
		text: message.text,
		mentions: message.mentions.map((mention) => ({
			externalId: mention.externalId,
			kind: mention.kind,
			displayName: mention.name,
		})),
		...(message.replyTo
			? {
					replyTo: {
						messageId: message.replyTo.messageId,
						quotedText: message.replyTo.quotedText,
					},
				}
			: {}),
		attachments: [],
		sentAt: message.sentAt,
	};
}

export interface OutboundContext {
	id: string;
	now: Date;
	bot: PlaygroundBot;
	people: PlaygroundPerson[];
	/** The message the bot replies to, when it is still in the history. */
	replied?: PlaygroundMessage;
}

/** A bot message as the page shows it, mentions resolved to directory names. */
export function fromOutbound(
	outbound: OutboundMessage,
	context: OutboundContext,
): PlaygroundMessage {
	return {
		id: context.id,
		conversationId: outbound.conversationId,
		author: {
			externalId: context.bot.externalId,
			name: context.bot.name,
			isBot: true,
		},
		text: outbound.text,
		mentions: outbound.mentions.map((mention) => ({
			externalId: mention.externalId,
			kind: mention.kind,
			name:
				context.people.find(
					(person) => person.externalId === mention.externalId,
				)?.name ??
				mention.displayName ??
				mention.externalId,
		})),
		...(context.replied
			? { replyTo: quoteOf(context.replied) }
			: outbound.replyTo
				? { replyTo: { messageId: outbound.replyTo.messageId } }
				: {}),
		...(outbound.card ? { card: outbound.card } : {}),
		sentAt: context.now.toISOString(),
	};
}

export function quoteOf(
	message: PlaygroundMessage,
): NonNullable<PlaygroundMessage["replyTo"]> {
	return {
		messageId: message.id,
		quotedText: message.text,
		authorName: message.author.name,
	};
}
