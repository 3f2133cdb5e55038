/**
 * WeCom AI-bot callbacks (long-connection frames) → the bot's InboundMessage. Pure: a frame body in,
 * a message (or nothing) out. A card button press becomes the command text its key carries, said by
 * the person who pressed it, so it goes through the same command path as typed text.
 */
import type { Attachment, InboundMessage } from "../../bot/messages.ts";

/** The fields of an `aibot_msg_callback` / `aibot_event_callback` body we read. */
export interface WecomCallbackBody {
	msgid: string;
	aibotid?: string;
	chatid?: string;
	chattype?: "single" | "group";
	from: { userid: string; corpid?: string };
	create_time?: number;
	msgtype: string;
	text?: { content: string };
	voice?: { content: string };
	mixed?: {
		msg_item: Array<{ msgtype: string; text?: { content: string } }>;
	};
	quote?: {
		msgtype: string;
		text?: { content: string };
		voice?: { content: string };
	};
	event?: {
		eventtype: string;
		event_key?: string;
		task_id?: string;
		template_card_event?: { event_key?: string; task_id?: string };
	};
}

const ATTACHMENT_KINDS: Record<string, Attachment["kind"]> = {
	image: "image",
	file: "file",
	video: "video",
};

export function parseWecomMessage(
	body: WecomCallbackBody,
	botName?: string,
): InboundMessage | null {
	if (!body.msgid || !body.from?.userid) return null;
	const attachments: Attachment[] = [];
	let text: string;
	switch (body.msgtype) {
		case "text":
			text = body.text?.content ?? "";
			break;
		case "voice":
			// WeCom gives the words of a voice message, transcribed.
			text = body.voice?.content ?? "";
			attachments.push({ kind: "audio" });
			break;
		case "mixed":
			text = (body.mixed?.msg_item ?? [])
				.map((item) => {
					if (item.msgtype === "image") attachments.push({ kind: "image" });
					return item.text?.content ?? "";
				})
				.filter((part) => part !== "")
				.join("\n");
			break;
		default: {
			const kind = ATTACHMENT_KINDS[body.msgtype];
			if (!kind) return null;
			text = "";
			attachments.push({ kind });
		}
	}
	const quoted = body.quote?.text?.content ?? body.quote?.voice?.content;
	return {
		...conversationOf(body),
		messageId: body.msgid,
		author: { externalId: body.from.userid, isBot: false },
		text: withoutBotMention(text, botName),
		// WeCom gives mentions only as "@name" in the text, never as ids.
		mentions: [],
		...(quoted ? { replyTo: { quotedText: quoted } } : {}),
		attachments,
		sentAt: sentAtOf(body.create_time),
		raw: body,
	};
}

/** A template-card button: its key is the command ("#2026-000012 受理"), said where the card is. */
export function parseWecomCardClick(
	body: WecomCallbackBody,
): InboundMessage | null {
	const event = body.event;
	if (event?.eventtype !== "template_card_event") return null;
	const key = event.template_card_event?.event_key ?? event.event_key;
	if (!key || !body.msgid || !body.from?.userid) return null;
	return {
		...conversationOf(body),
		// The callback's msgid names this press: a redelivered press is the same message.
		messageId: `card-${body.msgid}`,
		author: { externalId: body.from.userid, isBot: false },
		text: key,
		mentions: [],
		attachments: [],
		sentAt: sentAtOf(body.create_time),
		raw: body,
	};
}

function conversationOf(body: WecomCallbackBody) {
	const direct = body.chattype !== "group" || !body.chatid;
	return {
		platform: "wecom" as const,
		conversationId: direct ? body.from.userid : (body.chatid as string),
		direct,
	};
}

/** A group message reaches the bot only when it @s the bot; that @ is not part of what was said. */
function withoutBotMention(text: string, botName?: string): string {
	const trimmed = text.trim();
	if (!botName) return trimmed;
	return trimmed
		.split(`@${botName}`)
		.map((part) => part.trim())
		.filter((part) => part !== "")
		.join(" ");
}

function sentAtOf(createTime?: number): string {
	if (!createTime) return new Date().toISOString();
	// Seconds in WeCom's documentation; milliseconds are accepted too.
	const ms = createTime < 1e12 ? createTime * 1000 : createTime;
	return new Date(ms).toISOString();
}
