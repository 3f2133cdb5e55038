import type { PlatformCapabilities } from "../../bot/capabilities.ts";

/**
 * A DingTalk enterprise-internal app's robot (docs/dingtalk.md). In a group it is pushed only the
 * messages that @ it. It can @ people by userid only through the session webhook of a message it
 * was sent (a reply, valid about 90 minutes) or on a card; the robot API cannot @, so the adapter
 * then names the person and sends them a 工作通知. No threads or quotes. Interactive cards (from the
 * deployment's template; without one, text with the commands) carry buttons and are updated in
 * place; a sent text cannot be edited. Limits from DingTalk's documentation: a robot 20 messages a
 * minute to one group; 工作通知 at most 500 a day to one person.
 */
export const DINGTALK_CAPABILITIES: PlatformCapabilities = {
	receivesUnmentionedGroupMessages: false,
	groupMentions: "in_reply_only",
	receivesMentionsAsData: true,
	directMessages: { available: true, perPersonPerDay: 500 },
	replies: "none",
	cardsWithButtons: true,
	editsSentMessages: true,
	rateLimits: {
		minIntervalMs: 1000,
		perGroup: { max: 20, windowMs: 60_000 },
	},
};
