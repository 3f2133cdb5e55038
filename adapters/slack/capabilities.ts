import type { PlatformCapabilities } from "../../bot/capabilities.ts";

/**
 * A Slack app: every message of the channels it is in (message.channels), `<@U…>` mentions, threads,
 * Block Kit buttons, chat.update. chat.postMessage allows about one message a second per channel.
 */
export const SLACK_CAPABILITIES: PlatformCapabilities = {
	receivesUnmentionedGroupMessages: true,
	groupMentions: "by_id",
	receivesMentionsAsData: true,
	directMessages: { available: true },
	replies: "thread",
	cardsWithButtons: true,
	editsSentMessages: true,
	rateLimits: { minIntervalMs: 1000 },
};
