/**
 * WeChat message → InboundMessage, as a pure function of the fields extracted from a Wechaty Message
 * (see extract.ts), so it can be tested on recorded payloads.
 */
import type {
	Attachment,
	InboundMessage,
	Mention,
} from "../../bot/messages.ts";

/** A mentioned contact, with the names WeChat may have rendered after the "@". */
export interface WechatMentionFields {
	id: string;
	name?: string;
	/** The contact's nickname in this room (群昵称); WeChat renders "@" + this when set. */
	roomAlias?: string;
}

/** Plain data pulled out of a Wechaty Message. */
export interface WechatMessageFields {
	id: string;
	/** Wechaty's message type name (`types.Message[type]`): "Text", "Image", "Attachment", … */
	type: string;
	text: string;
	/** Set for a room (group) message. */
	roomId?: string;
	roomTopic?: string;
	talkerId: string;
	/** The talker's room nickname, else their WeChat name. */
	talkerName?: string;
	/** The logged-in bot account, with its names as the room shows them. */
	self: WechatMentionFields;
	/** From `message.mentionList()`, in order. */
	mentions: WechatMentionFields[];
	/** When WeChat says the message was sent. */
	sentAtMs: number;
	raw?: unknown;
}

const ATTACHMENT_KINDS: Record<string, Attachment["kind"]> = {
	Image: "image",
	Attachment: "file",
	Audio: "audio",
	Video: "video",
	Emoticon: "sticker",
	Url: "link",
};

// WeChat's quote reply: 「张三：原文」, a line of "- " pairs, then the reply.
const QUOTE_REPLY = /^「([\s\S]*?)」\n(?:- ){3,}-[ \t]*\n([\s\S]*)$/;
// The separator WeChat puts after "@name" (U+2005 FOUR-PER-EM SPACE), or a plain space.
const MENTION_END = "(?:\u2005|\u0020|$)";

export function parseWechatMessage(
	fields: WechatMessageFields,
): InboundMessage {
	const base = {
		platform: "wechat" as const,
		messageId: fields.id,
		conversationId: fields.roomId ?? fields.talkerId,
		...(fields.roomTopic !== undefined && {
			conversationTitle: fields.roomTopic,
		}),
		direct: fields.roomId === undefined,
		author: {
			externalId: fields.talkerId,
			...(fields.talkerName !== undefined && {
				displayName: fields.talkerName,
			}),
			isBot: false,
		},
		sentAt: new Date(fields.sentAtMs).toISOString(),
		...(fields.raw !== undefined && { raw: fields.raw }),
	};

	if (fields.type === "Recalled") {
		// Wechaty puts the recalled message's id in the text of a Recalled message.
		return {
			...base,
			text: "",
			mentions: [],
			attachments: [],
			change: { kind: "deleted", originalMessageId: fields.text },
		};
	}

	if (fields.type !== "Text") {
		return {
			...base,
			text: "",
			mentions: [],
			attachments: [{ kind: ATTACHMENT_KINDS[fields.type] ?? "other" }],
		};
	}

	const quote = parseQuoteReply(fields.text);
	const body = quote ? quote.reply : fields.text;
	return {
		...base,
		text: removeSelfMention(body, fields.self),
		mentions: fields.mentions.map(toMention),
		...(quote && { replyTo: { quotedText: quote.quotedText } }),
		attachments: [],
	};
}

/** Splits WeChat's quote-reply text into the quoted part and the reply; undefined for other text. */
export function parseQuoteReply(
	text: string,
): { quotedAuthor?: string; quotedText: string; reply: string } | undefined {
	const match = QUOTE_REPLY.exec(text);
	if (!match) return undefined;
	const quoted = match[1] ?? "";
	const reply = match[2] ?? "";
	const colon = quoted.search(/[：:]/);
	if (colon < 0) return { quotedText: quoted, reply };
	return {
		quotedAuthor: quoted.slice(0, colon),
		quotedText: quoted.slice(colon + 1),
		reply,
	};
}

function removeSelfMention(text: string, self: WechatMentionFields): string {
	const names = [self.roomAlias, self.name].filter(
		(name): name is string => !!name,
	);
	let result = text;
	for (const name of names) {
		result = result.replace(
			new RegExp(`@${escapeRegExp(name)}${MENTION_END}`, "gu"),
			"",
		);
	}
	if (result === text) return text;
	return result.replace(/^[ \u2005]+|[ \u2005]+$/g, "");
}

function toMention(contact: WechatMentionFields): Mention {
	const displayName = contact.roomAlias || contact.name;
	return {
		externalId: contact.id,
		kind: "user",
		...(displayName && { displayName }),
	};
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
