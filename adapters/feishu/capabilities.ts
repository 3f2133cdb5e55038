import type { PlatformCapabilities } from "../../bot/capabilities.ts";

/**
 * A Feishu / Lark self-built app's bot (docs/feishu.md). With the default permission
 * (im:message.group_at_msg) it is given only the group messages that @ it; `<at user_id="…">`
 * mentions anyone by id anywhere; replies go in the message's thread; interactive cards carry
 * buttons and, like texts, can be edited. Feishu allows a bot about 5 messages a second to one group
 * (shared by the bots in it) and 5 a second to one person.
 */
export const FEISHU_CAPABILITIES: PlatformCapabilities = {
	receivesUnmentionedGroupMessages: false,
	groupMentions: "by_id",
	receivesMentionsAsData: true,
	directMessages: { available: true },
	replies: "thread",
	cardsWithButtons: true,
	editsSentMessages: true,
	rateLimits: {
		minIntervalMs: 250,
		perGroup: { max: 5, windowMs: 1000 },
		perPerson: { max: 5, windowMs: 1000 },
	},
};
