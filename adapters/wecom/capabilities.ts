import type { PlatformCapabilities } from "../../bot/capabilities.ts";

/**
 * WeCom (企业微信, and its editions 政务微信 / 粤政易). The AI bot (智能机器人) is given only the group
 * messages that @ it, and its messages cannot @ anyone: a person the bot must reach in a group is
 * told by application message (应用消息) instead. Department groups reached by the group-bot webhook
 * (`webhook:<name>`) do mention by id (`mentioned_list`). Template cards carry buttons; a card cannot
 * be edited after the 5 s answer window, so no status card is kept up to date. Limits from WeCom's
 * documentation: a group bot 20 messages a minute; an application 30 messages a minute to one member.
 */
export const WECOM_CAPABILITIES: PlatformCapabilities = {
	receivesUnmentionedGroupMessages: false,
	groupMentions: "none",
	mentionsByIdWhereConversationStartsWith: "webhook:",
	receivesMentionsAsData: false,
	directMessages: { available: true },
	replies: "quote",
	cardsWithButtons: true,
	editsSentMessages: false,
	rateLimits: {
		minIntervalMs: 1000,
		perGroup: { max: 20, windowMs: 60_000 },
		perPerson: { max: 30, windowMs: 60_000 },
	},
};
