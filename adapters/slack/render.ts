/**
 * OutboundMessage → the arguments of chat.postMessage / chat.update. Pure. Mentions are data: users
 * render as `<@U…>`, user groups as `<!subteam^S…>`; the text itself is escaped so it can never
 * mention anyone; a card becomes blocks.
 */
import type { Mention, OutboundMessage } from "../../bot/messages.ts";
import type { Locale } from "../../bot/texts/catalog.ts";
import { cardBlocks, type SlackBlock } from "./blocks.ts";
import { parseSlackMessageId, threadTsOf } from "./ids.ts";
import { escapeSlackText } from "./markup.ts";

export interface SlackPostArgs {
	channel: string;
	text: string;
	thread_ts?: string;
	blocks?: SlackBlock[];
	unfurl_links: boolean;
}

export interface SlackUpdateArgs {
	channel: string;
	ts: string;
	text: string;
	blocks?: SlackBlock[];
}

export function renderMention(mention: Mention): string {
	return mention.kind === "user_group"
		? `<!subteam^${mention.externalId}>`
		: `<@${mention.externalId}>`;
}

/** Mentions first, as WeChat's room.say(text, ...contacts) shows them, then the escaped text. */
export function renderText(message: OutboundMessage): string {
	const mentions = message.mentions.map(renderMention).join(" ");
	const text = escapeSlackText(message.text);
	return [mentions, text].filter((part) => part !== "").join(" ");
}

function blocksOf(
	message: OutboundMessage,
	text: string,
	locale: Locale,
): SlackBlock[] | undefined {
	if (!message.card) return undefined;
	// With blocks, Slack shows the blocks and uses `text` only for notifications: repeat it on top.
	const lead: SlackBlock[] =
		text === "" ? [] : [{ type: "section", text: { type: "mrkdwn", text } }];
	return [...lead, ...cardBlocks(message.card, locale)];
}

/** The card's own line, for notifications, when there is no text. */
function fallbackText(message: OutboundMessage, text: string): string {
	if (text !== "" || !message.card) return text;
	const card = message.card;
	return escapeSlackText(
		`#${card.issueNumber} ${card.title} — ${card.stateLabel}`,
	);
}

export function renderPost(
	message: OutboundMessage,
	channel: string,
	locale: Locale,
): SlackPostArgs {
	const text = renderText(message);
	const threadTs = message.replyTo
		? threadTsOf(message.replyTo.messageId)
		: undefined;
	const blocks = blocksOf(message, text, locale);
	return {
		channel,
		text: fallbackText(message, text),
		...(threadTs ? { thread_ts: threadTs } : {}),
		...(blocks ? { blocks } : {}),
		unfurl_links: false,
	};
}

/** chat.update of the message `message.replaces` names (the status card); null if it names none. */
export function renderUpdate(
	message: OutboundMessage,
	locale: Locale,
): SlackUpdateArgs | null {
	const target = message.replaces
		? parseSlackMessageId(message.replaces.messageId)
		: null;
	if (!target?.ts || target.suffix) return null;
	const text = renderText(message);
	const blocks = blocksOf(message, text, locale);
	return {
		channel: target.channel,
		ts: target.ts,
		text: fallbackText(message, text),
		...(blocks ? { blocks } : {}),
	};
}
