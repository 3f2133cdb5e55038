/**
 * Slack Events API `message` / `app_mention` event → InboundMessage, as a pure function of the
 * recorded payload. Both deliveries of one message get the same id (channel + ts), so the
 * pipeline's dedupe drops the second.
 */
import type { Attachment, InboundMessage } from "../../bot/messages.ts";
import { slackMessageId } from "./ids.ts";
import { parseSlackMarkup } from "./markup.ts";

/** The fields of a Slack message event we read (a subset of Slack's payload). */
export interface SlackMessageEvent {
	type: "message" | "app_mention";
	subtype?: string;
	channel: string;
	channel_type?: string;
	user?: string;
	bot_id?: string;
	text?: string;
	ts: string;
	thread_ts?: string;
	event_ts?: string;
	files?: Array<{ name?: string; mimetype?: string; filetype?: string }>;
	message?: Omit<SlackMessageEvent, "type" | "channel">;
	previous_message?: Omit<SlackMessageEvent, "type" | "channel">;
}

export interface SlackIdentity {
	/** The bot's user id (auth.test user_id): its messages are never delivered, its mention is dropped. */
	botUserId?: string;
	botId?: string;
}

/** Subtypes that are someone writing: a plain message, a file with a comment, a thread reply sent to the channel too. */
const WRITTEN = new Set([
	undefined,
	"file_share",
	"thread_broadcast",
	"me_message",
]);

function fromBot(
	message: { user?: string; bot_id?: string; subtype?: string },
	self: SlackIdentity,
): boolean {
	return (
		message.bot_id !== undefined ||
		message.subtype === "bot_message" ||
		(self.botUserId !== undefined && message.user === self.botUserId)
	);
}

export function attachmentsOf(files: SlackMessageEvent["files"]): Attachment[] {
	return (files ?? []).map((file) => {
		const type = file.mimetype?.split("/")[0] ?? "";
		const kind: Attachment["kind"] =
			type === "image" || type === "video" || type === "audio" ? type : "file";
		return file.name ? { kind, name: file.name } : { kind };
	});
}

function isoOf(ts: string): string {
	return new Date(Math.round(Number(ts) * 1000)).toISOString();
}

/** Null for what is not a person writing: bots (ourselves included), joins, topic changes, unfurls. */
export function parseSlackEvent(
	event: SlackMessageEvent,
	self: SlackIdentity,
): InboundMessage | null {
	if (event.subtype === "message_changed") return parseEdit(event, self);
	if (event.subtype === "message_deleted") return parseDeletion(event, self);
	if (!WRITTEN.has(event.subtype) || !event.user || fromBot(event, self))
		return null;
	const { text, mentions } = parseSlackMarkup(event.text ?? "", self);
	const threadTs =
		event.thread_ts && event.thread_ts !== event.ts
			? event.thread_ts
			: undefined;
	return {
		platform: "slack",
		messageId: slackMessageId({
			channel: event.channel,
			ts: event.ts,
			threadTs,
		}),
		conversationId: event.channel,
		direct: isDirect(event),
		author: { externalId: event.user, isBot: false },
		text,
		mentions,
		...(threadTs
			? {
					replyTo: {
						messageId: slackMessageId({ channel: event.channel, ts: threadTs }),
					},
				}
			: {}),
		attachments: attachmentsOf(event.files),
		sentAt: isoOf(event.ts),
		raw: event,
	};
}

function isDirect(event: SlackMessageEvent): boolean {
	return event.channel_type === "im" || event.channel.startsWith("D");
}

function parseEdit(
	event: SlackMessageEvent,
	self: SlackIdentity,
): InboundMessage | null {
	const edited = event.message;
	if (!edited?.user || fromBot(edited, self)) return null;
	// An unfurled link also arrives as message_changed, with the text unchanged.
	if (event.previous_message && event.previous_message.text === edited.text)
		return null;
	return changeOf(event, edited, "edited", self);
}

function parseDeletion(
	event: SlackMessageEvent,
	self: SlackIdentity,
): InboundMessage | null {
	const deleted = event.previous_message;
	if (!deleted?.user || fromBot(deleted, self)) return null;
	return changeOf(event, deleted, "deleted", self);
}

function changeOf(
	event: SlackMessageEvent,
	message: NonNullable<SlackMessageEvent["message"]>,
	kind: "edited" | "deleted",
	self: SlackIdentity,
): InboundMessage {
	const threadTs =
		message.thread_ts && message.thread_ts !== message.ts
			? message.thread_ts
			: undefined;
	const original = { channel: event.channel, ts: message.ts, threadTs };
	const changedAt = event.event_ts ?? event.ts;
	const { text, mentions } = parseSlackMarkup(message.text ?? "", self);
	return {
		platform: "slack",
		messageId: slackMessageId({
			...original,
			suffix: `${kind === "edited" ? "edit" : "delete"}-${changedAt}`,
		}),
		conversationId: event.channel,
		direct: isDirect(event),
		author: { externalId: message.user ?? "", isBot: false },
		text,
		mentions,
		...(threadTs
			? {
					replyTo: {
						messageId: slackMessageId({ channel: event.channel, ts: threadTs }),
					},
				}
			: {}),
		attachments: attachmentsOf(message.files),
		sentAt: isoOf(changedAt),
		change: { kind, originalMessageId: slackMessageId(original) },
		raw: event,
	};
}
