import type { IssueCard } from "../../bot/messages.ts";

/** Someone in the directory, as the playground shows them. `externalId` is their directory code. */
export interface PlaygroundPerson {
	externalId: string;
	name: string;
	title?: string;
	/** Shown next to the name and used to group the "I am …" picker (企业, 经办人, 企服办, 领导, 督查). */
	roleLabel: string;
	organisation?: string;
}

/** A group chat the playground offers; `conversationId` is what the bot binds the group by. */
export interface PlaygroundGroup {
	conversationId: string;
	name: string;
	kind: "work" | "leaders" | "department";
}

export interface PlaygroundDirectory {
	listPeople(): Promise<PlaygroundPerson[]>;
	listGroups(): Promise<PlaygroundGroup[]>;
}

/** The bot as it appears on the page. */
export interface PlaygroundBot {
	externalId: string;
	name: string;
}

/** One message on the screen. The database is the record; this is only what the page displays. */
export interface PlaygroundMessage {
	id: string;
	conversationId: string;
	author: {
		externalId: string;
		name: string;
		roleLabel?: string;
		isBot: boolean;
	};
	text: string;
	/** Structured mentions, resolved to names; the page renders these, it never parses `@` out of text. */
	mentions: Array<{
		externalId: string;
		name: string;
		kind: "user" | "user_group";
	}>;
	replyTo?: { messageId: string; quotedText?: string; authorName?: string };
	card?: IssueCard;
	sentAt: string;
	/** Set when a later bot message replaced this one in place. */
	editedAt?: string;
	/** The page's own key for a person's message: posting it again redelivers this message. */
	clientMessageId?: string;
	/** Set when the bot could not take the message in (its queue was down). */
	undelivered?: boolean;
}

/** What the page receives over Server-Sent Events. */
export type PlaygroundEvent =
	| { type: "message"; message: PlaygroundMessage }
	| { type: "update"; message: PlaygroundMessage };
