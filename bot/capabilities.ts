/**
 * What a chat platform lets a bot do, said as data on each adapter. The bot reads these instead of
 * assuming Slack or WeChat: a card becomes text with commands where there are no cards, a thread a
 * quoted reply, a mention it cannot send a direct message (bot/pipeline/outbound-adapt.ts), and the
 * outbox paces each chat by the declared limits (bot/pipeline/chat-pacer.ts).
 */

/** How a bot can mention people in a group message. */
export type GroupMentions =
	/** Anywhere, naming the person by their platform id (Slack `<@U…>`, WeChat's contact list). */
	| "by_id"
	/** Only in a reply to someone's message (the mention rides on the reply). */
	| "in_reply_only"
	/** Not at all: a name in the text reaches nobody. */
	| "none";

/** At most `max` messages in any `windowMs`. */
export interface RateWindow {
	max: number;
	windowMs: number;
}

export interface PlatformCapabilities {
	/** The bot is given group messages that do not @ it (WeCom's and DingTalk's bots are not). */
	receivesUnmentionedGroupMessages: boolean;
	groupMentions: GroupMentions;
	/**
	 * Conversations whose id starts with this prefix are sent by a route that can mention by id even
	 * where `groupMentions` says otherwise (WeCom department groups, reached by the group-bot webhook).
	 */
	mentionsByIdWhereConversationStartsWith?: string;
	/** Mentions of other people in a received message arrive as ids (not only as "@name" text). */
	receivesMentionsAsData: boolean;
	/** Whether the bot can write to one person, and how far. */
	directMessages: {
		available: boolean;
		/** The person must have written within this long (a customer-service window); unset: any time. */
		replyWindowMs?: number;
		/** At most this many direct messages to one person a day; unset: no cap. */
		perPersonPerDay?: number;
	};
	/** How a reply attaches to the message it answers: a thread, a quote, or not at all. */
	replies: "thread" | "quote" | "none";
	/** Cards with buttons that act like typed commands. */
	cardsWithButtons: boolean;
	/** A sent message can be edited later (the status card is updated in place). */
	editsSentMessages: boolean;
	/** The platform's limits on what the bot sends; the outbox stays under them. */
	rateLimits: {
		/** Least time between two messages to one conversation. */
		minIntervalMs: number;
		/** To one group. */
		perGroup?: RateWindow;
		/** To one person, by direct message. */
		perPerson?: RateWindow;
	};
}
