/**
 * The bot's own message types. Adapters translate their platform to and from these; nothing outside
 * an adapter folder ever sees a platform type.
 */
import type { Platform } from "../db/schema/directory.ts";
import type { Attachment, Mention } from "../workflows/shared/message-parts.ts";

export type { Attachment, Mention, Platform };

export interface InboundMessage {
	platform: Platform;
	/** The platform's id of this message; with `platform`, the dedupe key. */
	messageId: string;
	/** Room / channel id. */
	conversationId: string;
	/** Shown name of the conversation (a WeChat room topic), used to bind groups known by topic. */
	conversationTitle?: string;
	/** True for a direct (one-to-one) conversation. */
	direct: boolean;
	author: { externalId: string; displayName?: string; isBot: boolean };
	/** Plain text with platform markup removed; mentions are in `mentions`, not parsed back out. */
	text: string;
	mentions: Mention[];
	/** Thread root / quoted message this message replies to. */
	replyTo?: { messageId?: string; quotedText?: string };
	attachments: Attachment[];
	/** ISO time the platform says the message was sent. */
	sentAt: string;
	/** Edit or deletion of an earlier message (Slack); absent for a new message. */
	change?: { kind: "edited" | "deleted"; originalMessageId: string };
	/** Platform payload for debugging. The core never reads it. */
	raw?: unknown;
}

/** A card summarising an issue, for platforms that can render one (Slack blocks, playground). */
export interface IssueCard {
	issueNumber: string;
	title: string;
	state: string;
	stateLabel: string;
	colour: "green" | "yellow" | "orange" | "red";
	category?: string;
	leadDepartment?: string;
	dueAt?: string;
	/** Buttons the viewer may press; adapters that have none ignore them. */
	actions: Array<{ command: string; label: string }>;
}

export interface OutboundMessage {
	platform: Platform;
	conversationId: string;
	text: string;
	/** People to mention; each adapter renders them its own way (room.say(text, ...contacts), <@U…>). */
	mentions: Mention[];
	/** Reply in this thread / quote this message, where the platform can. */
	replyTo?: { messageId: string };
	card?: IssueCard;
	/** Update this earlier bot message instead of posting anew (Slack status card). */
	replaces?: { messageId: string };
	/** To one person, not a group: paced by the platform's per-person limit. */
	direct?: boolean;
	/** The words of the message `replyTo` names, for a platform that shows a reply as a quote. */
	quotes?: string;
}

export interface SendResult {
	/** The platform's id of the message sent, for later threading and updates. */
	messageId: string;
}
