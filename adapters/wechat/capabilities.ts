import type { PlatformCapabilities } from "../../bot/capabilities.ts";

/**
 * A personal WeChat account through Wechaty: it reads every message of its groups and @s contacts by
 * id, but has no threads, no cards and no edits. WeChat restricts accounts that post fast into a
 * group; 20 a minute per group is the limit the operators we know keep under (WECHAT_GROUP_PER_MINUTE).
 */
export const WECHAT_CAPABILITIES: PlatformCapabilities = {
	receivesUnmentionedGroupMessages: true,
	groupMentions: "by_id",
	receivesMentionsAsData: true,
	// Only to the account's contacts (friends), at any time.
	directMessages: { available: true },
	// Wechaty cannot send a quote: the reply names its issue in the text instead.
	replies: "none",
	cardsWithButtons: false,
	editsSentMessages: false,
	rateLimits: {
		minIntervalMs: 1000,
		perGroup: { max: 20, windowMs: 60_000 },
	},
};
