/**
 * What a DingTalk robot can do, as plain data for the adapter contract's capabilities (issue #18
 * part 1). docs/dingtalk.md says the same in words.
 */
export const DINGTALK_CAPABILITIES = {
	/** A robot in a group is pushed only the messages that @ it. */
	receivesUnmentionedGroupMessages: false,
	/** `at.atUserIds` works through the session webhook of a message (a reply, ~90 minutes) and on cards; the robot API cannot @. */
	mentions: "in_reply_only",
	/** 工作通知 through the app (DINGTALK_AGENT_ID), else the robot's one-to-one message. */
	directMessages: { available: true, replyWindow: null, dailyCap: null },
	/** No threads; a reply is a new message in the group. */
	threads: "none",
	/** Interactive cards from a template made in the card builder (DINGTALK_CARD_TEMPLATE_ID). */
	cardsWithButtons: true,
	/** Only cards can be updated; a sent text cannot be edited. */
	editsSentMessages: "cards_only",
	/** DingTalk's published limits: a robot 20 messages a minute per group; API QPS per app. */
	rateLimits: { perGroupPerMinute: 20, perPersonPerMinute: null },
} as const;
