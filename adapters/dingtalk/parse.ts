/**
 * What DingTalk pushes → InboundMessage, as pure functions of the recorded data: a robot message
 * (topic /v1.0/im/bot/messages/get) and an interactive card's button (topic
 * /v1.0/card/instances/callback), which becomes the command text a person could have typed.
 */
import type {
	Attachment,
	InboundMessage,
	Mention,
} from "../../bot/messages.ts";
import { conversationOfCard } from "./card.ts";

/** The fields of a robot message we read (DingTalk's "机器人接收消息" payload). */
export interface RobotMessageData {
	msgId: string;
	msgtype: string;
	conversationId: string;
	/** "1": one-to-one with the robot; "2": a group. */
	conversationType: string;
	conversationTitle?: string;
	senderId: string;
	senderStaffId?: string;
	senderNick?: string;
	chatbotUserId?: string;
	atUsers?: Array<{ dingtalkId: string; staffId?: string }>;
	text?: { content?: string };
	content?: {
		richText?: Array<{ text?: string; type?: string }>;
		fileName?: string;
	};
	createAt?: number;
	sessionWebhook?: string;
	sessionWebhookExpiredTime?: number;
}

/** Where to reply to a conversation without the robot API (so mentions work), and until when. */
export interface SessionWebhook {
	conversationId: string;
	url: string;
	expiresAt: number;
}

const MEDIA: Record<string, Attachment["kind"]> = {
	picture: "image",
	audio: "audio",
	video: "video",
	file: "file",
};

/** A person's id: the organisation's userid (staffId) when DingTalk gives it, else the DingTalk id. */
function personOf(data: RobotMessageData): string {
	return data.senderStaffId || data.senderId;
}

function textOf(data: RobotMessageData): string {
	if (data.msgtype === "text") return data.text?.content?.trim() ?? "";
	if (data.msgtype === "richText")
		return (data.content?.richText ?? [])
			.map((part) => part.text ?? "")
			.join("")
			.trim();
	return "";
}

/** Null for what the bot must not take: its own messages, and frames without an author or id. */
export function parseRobotMessage(
	data: RobotMessageData,
): InboundMessage | null {
	if (!data.msgId || !data.senderId || !data.conversationId) return null;
	if (data.chatbotUserId && data.senderId === data.chatbotUserId) return null;
	const direct = data.conversationType === "1";
	const author = personOf(data);
	const mentions: Mention[] = (data.atUsers ?? [])
		.filter((user) => user.dingtalkId !== data.chatbotUserId)
		.map((user) => ({
			externalId: user.staffId || user.dingtalkId,
			kind: "user" as const,
		}));
	const media = MEDIA[data.msgtype];
	return {
		platform: "dingtalk",
		messageId: data.msgId,
		// A one-to-one chat is addressed by the person, as the core addresses direct messages.
		conversationId: direct ? author : data.conversationId,
		...(!direct && data.conversationTitle
			? { conversationTitle: data.conversationTitle }
			: {}),
		direct,
		author: {
			externalId: author,
			...(data.senderNick ? { displayName: data.senderNick } : {}),
			isBot: false,
		},
		text: textOf(data),
		mentions,
		attachments: media
			? [
					{
						kind: media,
						...(data.content?.fileName ? { name: data.content.fileName } : {}),
					},
				]
			: [],
		sentAt: new Date(data.createAt ?? Date.now()).toISOString(),
		raw: data,
	};
}

export function sessionWebhookOf(
	data: RobotMessageData,
	message: InboundMessage,
): SessionWebhook | null {
	if (!data.sessionWebhook || !data.sessionWebhookExpiredTime) return null;
	return {
		conversationId: message.conversationId,
		url: data.sessionWebhook,
		expiresAt: data.sessionWebhookExpiredTime,
	};
}

/** The fields of a card callback we read (DingTalk's "卡片回传请求"). */
export interface CardCallbackData {
	outTrackId: string;
	userId: string;
	/** JSON: { cardPrivateData: { actionIds: string[], params: { command, input?, scores? } } } */
	content?: string;
}

interface CardParams {
	command?: string;
	input?: string;
	scores?: string;
}

function paramsOf(content: string | undefined): CardParams {
	try {
		const parsed = JSON.parse(content ?? "{}") as {
			cardPrivateData?: { params?: CardParams };
		};
		return parsed.cardPrivateData?.params ?? {};
	} catch {
		return {};
	}
}

/**
 * A button on one of our cards → the command it stands for, said by the person who pressed it in
 * the card's conversation. `frameId` names the press: DingTalk pushes the same frame again when
 * it had no answer, and the core then drops the copy.
 */
export function parseCardCallback(
	data: CardCallbackData,
	frameId: string,
): InboundMessage | null {
	const conversationId = conversationOfCard(data.outTrackId ?? "");
	const params = paramsOf(data.content);
	const command = params.command?.trim();
	if (!conversationId || !command || !data.userId) return null;
	const text = [command, params.scores, params.input]
		.map((part) => part?.trim())
		.filter(Boolean)
		.join(" ");
	return {
		platform: "dingtalk",
		messageId: `card-${frameId}`,
		conversationId,
		direct: false,
		author: { externalId: data.userId, isBot: false },
		text,
		mentions: [],
		attachments: [],
		sentAt: new Date().toISOString(),
		raw: data,
	};
}
