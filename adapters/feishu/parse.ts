/**
 * Feishu / Lark events → InboundMessage, as pure functions of the data the SDK's event dispatcher
 * hands over (schema 2.0, header and event merged): a message (im.message.receive_v1) and a card
 * button (card.action.trigger), which becomes the command text a person could have typed.
 */
import type {
	Attachment,
	InboundMessage,
	Mention,
} from "../../bot/messages.ts";

/** Which of a person's Feishu ids the directory holds (FEISHU_USER_ID_TYPE). */
export type FeishuUserIdType = "open_id" | "user_id" | "union_id";

export interface FeishuUserIds {
	open_id?: string;
	user_id?: string;
	union_id?: string;
}

/** The fields of im.message.receive_v1 we read. */
export interface MessageReceiveEvent {
	event_id?: string;
	sender: { sender_id?: FeishuUserIds; sender_type?: string };
	message: {
		message_id: string;
		root_id?: string;
		parent_id?: string;
		create_time?: string;
		chat_id: string;
		chat_type: string;
		message_type: string;
		content: string;
		mentions?: Array<{ key: string; id: FeishuUserIds; name?: string }>;
	};
}

/** The fields of card.action.trigger we read. */
export interface CardActionEvent {
	event_id?: string;
	operator: FeishuUserIds;
	action: {
		value?: { command?: string };
		form_value?: Record<string, unknown>;
		input_value?: string;
	};
	context?: { open_message_id?: string; open_chat_id?: string };
}

export interface FeishuSelf {
	/** The bot's open_id (bot/v3/info): its mention is dropped, its own messages are not delivered. */
	botOpenId?: string;
	idType: FeishuUserIdType;
}

const MEDIA: Record<string, Attachment["kind"]> = {
	image: "image",
	audio: "audio",
	media: "video",
	file: "file",
	sticker: "sticker",
};

function contentOf(raw: string): Record<string, unknown> {
	try {
		return JSON.parse(raw) as Record<string, unknown>;
	} catch {
		return {};
	}
}

/** A rich-text (post) message's words, paragraph by paragraph. */
function postText(content: Record<string, unknown>): string {
	const body = (content.content ??
		(Object.values(content)[0] as { content?: unknown } | undefined)
			?.content) as Array<Array<{ tag?: string; text?: string }>> | undefined;
	return (body ?? [])
		.map((line) =>
			line
				.filter((part) => part.tag === "text" || part.tag === "a")
				.map((part) => part.text ?? "")
				.join(""),
		)
		.join("\n");
}

export function parseMessageEvent(
	event: MessageReceiveEvent,
	self: FeishuSelf,
): InboundMessage | null {
	const { message, sender } = event;
	const author = sender.sender_id?.[self.idType];
	if (!message?.message_id || !author) return null;
	if (
		sender.sender_type === "app" ||
		(self.botOpenId && sender.sender_id?.open_id === self.botOpenId)
	)
		return null;
	const content = contentOf(message.content);
	let text =
		message.message_type === "text"
			? String(content.text ?? "")
			: message.message_type === "post"
				? postText(content)
				: "";
	const mentions: Mention[] = [];
	for (const mention of message.mentions ?? []) {
		text = text.split(mention.key).join("");
		if (self.botOpenId && mention.id.open_id === self.botOpenId) continue;
		const id = mention.id[self.idType];
		if (id)
			mentions.push({
				externalId: id,
				kind: "user",
				...(mention.name ? { displayName: mention.name } : {}),
			});
	}
	const direct = message.chat_type === "p2p";
	const media = MEDIA[message.message_type];
	const name = content.file_name;
	return {
		platform: "feishu",
		messageId: message.message_id,
		// A one-to-one chat is addressed by the person, as the core addresses direct messages.
		conversationId: direct ? author : message.chat_id,
		direct,
		author: { externalId: author, isBot: false },
		text: text.replace(/\s+/g, " ").trim(),
		mentions,
		...(message.root_id ? { replyTo: { messageId: message.root_id } } : {}),
		attachments: media
			? [{ kind: media, ...(typeof name === "string" ? { name } : {}) }]
			: [],
		sentAt: new Date(Number(message.create_time ?? Date.now())).toISOString(),
		raw: event,
	};
}

/** A button on one of our cards → its command, said by whoever pressed it, where the card is. */
export function parseCardAction(
	event: CardActionEvent,
	self: FeishuSelf,
): InboundMessage | null {
	const command = event.action?.value?.command?.trim();
	const author = event.operator?.[self.idType];
	const chat = event.context?.open_chat_id;
	if (!command || !author || !chat || !event.event_id) return null;
	const input = event.action.form_value?.input;
	const text = [command, typeof input === "string" ? input.trim() : ""]
		.filter(Boolean)
		.join(" ");
	const cardMessage = event.context?.open_message_id;
	return {
		platform: "feishu",
		messageId: `card-${event.event_id}`,
		conversationId: chat,
		direct: false,
		author: { externalId: author, isBot: false },
		text,
		mentions: [],
		...(cardMessage ? { replyTo: { messageId: cardMessage } } : {}),
		attachments: [],
		sentAt: new Date().toISOString(),
		raw: event,
	};
}
