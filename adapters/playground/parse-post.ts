import { z } from "zod";
import {
	findConversation,
	type PlaygroundConversation,
} from "./conversations.ts";
import type {
	PlaygroundBot,
	PlaygroundGroup,
	PlaygroundMessage,
	PlaygroundPerson,
} from "./types.ts";

export const MAX_TEXT_LENGTH = 10_000;

const postBody = z.object({
	authorId: z.string(),
	text: z.string(),
	mentionIds: z.array(z.string()).max(100).optional(),
	replyToMessageId: z.string().optional(),
	/** Chosen by the page per message; posting it again redelivers the same message, with the same id. */
	clientMessageId: z.string().min(1).max(100).optional(),
});

export type PostRefusalCode =
	| "invalid_body"
	| "unknown_group"
	| "not_your_chat"
	| "unknown_person"
	| "empty_text"
	| "text_too_long"
	| "unknown_mention"
	| "unknown_reply";

export type ParsedPost =
	| {
			ok: true;
			author: PlaygroundPerson;
			conversation: PlaygroundConversation;
			text: string;
			mentions: PlaygroundMessage["mentions"];
			replyTo?: PlaygroundMessage;
			clientMessageId?: string;
	  }
	| { ok: false; code: PostRefusalCode; message: string };

export interface PostContext {
	conversationId: string;
	people: PlaygroundPerson[];
	groups: PlaygroundGroup[];
	bot: PlaygroundBot;
	findMessage(messageId: string): PlaygroundMessage | undefined;
}

/** Checks a person's post against the directory and the history; refusals name the problem. */
export function parsePost(body: unknown, context: PostContext): ParsedPost {
	const conversation = findConversation(
		context.conversationId,
		context.groups,
		context.people,
	);
	if (!conversation)
		return refuse("unknown_group", `unknown group "${context.conversationId}"`);

	const parsed = postBody.safeParse(body);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const field = issue?.path.join(".") || "body";
		return refuse("invalid_body", `${field}: ${issue?.message ?? "invalid"}`);
	}
	const {
		authorId,
		text,
		mentionIds = [],
		replyToMessageId,
		clientMessageId,
	} = parsed.data;

	const author = context.people.find(
		(person) => person.externalId === authorId,
	);
	if (!author) return refuse("unknown_person", `unknown person "${authorId}"`);
	if (
		conversation.kind === "direct" &&
		conversation.person.externalId !== author.externalId
	) {
		return refuse(
			"not_your_chat",
			`only ${conversation.person.name} writes in their direct chat with the bot`,
		);
	}
	if (text.trim() === "") return refuse("empty_text", "text is empty");
	const length = [...text].length;
	if (length > MAX_TEXT_LENGTH) {
		return refuse(
			"text_too_long",
			`text is ${length} characters; at most ${MAX_TEXT_LENGTH} are allowed`,
		);
	}

	const mentions: PlaygroundMessage["mentions"] = [];
	for (const id of new Set(mentionIds)) {
		const name =
			id === context.bot.externalId
				? context.bot.name
				: context.people.find((person) => person.externalId === id)?.name;
		if (name === undefined)
			return refuse("unknown_mention", `cannot mention unknown person "${id}"`);
		mentions.push({ externalId: id, name, kind: "user" });
	}

	let replyTo: PlaygroundMessage | undefined;
	if (replyToMessageId !== undefined) {
		replyTo = context.findMessage(replyToMessageId);
		if (!replyTo) {
			return refuse(
				"unknown_reply",
				`message "${replyToMessageId}" is not in this group's recent history`,
			);
		}
	}

	return {
		ok: true,
		author,
		conversation,
		text,
		mentions,
		...(replyTo ? { replyTo } : {}),
		...(clientMessageId ? { clientMessageId } : {}),
	};
}

function refuse(code: PostRefusalCode, message: string): ParsedPost {
	return { ok: false, code, message };
}
