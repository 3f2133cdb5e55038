import type { PlatformCapabilities } from "../../bot/capabilities.ts";

/** The local web chat can do everything; its only limit is the bot's own pace. */
export const PLAYGROUND_CAPABILITIES: PlatformCapabilities = {
	receivesUnmentionedGroupMessages: true,
	groupMentions: "by_id",
	receivesMentionsAsData: true,
	directMessages: { available: true },
	replies: "thread",
	cardsWithButtons: true,
	editsSentMessages: true,
	rateLimits: { minIntervalMs: 1000 },
};
