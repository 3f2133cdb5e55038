/**
 * OutboundMessage → a Feishu message's msg_type and content. Pure. Mentions are `<at user_id="…">`
 * by id (Feishu takes an open_id or a user_id there); the text itself is escaped so it can never
 * mention anyone; a card becomes an interactive card whose buttons carry their command.
 */
import type {
	IssueCard,
	Mention,
	OutboundMessage,
} from "../../bot/messages.ts";
import type { Locale } from "../../bot/texts/catalog.ts";
import { cardParts } from "../shared/card-actions.ts";

export interface FeishuContent {
	msg_type: "text" | "interactive";
	content: string;
}

const escapeText = (text: string) =>
	text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function renderMention(mention: Mention, inCard: boolean): string {
	if (mention.kind !== "user")
		return `@${escapeText(mention.displayName ?? mention.externalId)}`;
	const id = mention.externalId.replace(/"/g, "");
	return inCard
		? `<at id=${id}></at>`
		: `<at user_id="${id}">${escapeText(mention.displayName ?? "")}</at>`;
}

export function renderText(message: OutboundMessage, inCard = false): string {
	const mentions = message.mentions
		.map((m) => renderMention(m, inCard))
		.join(" ");
	return [mentions, escapeText(message.text)]
		.filter((part) => part !== "")
		.join(" ");
}

const TEMPLATES: Record<IssueCard["colour"], string> = {
	green: "green",
	yellow: "yellow",
	orange: "orange",
	red: "red",
};

export function renderCard(
	message: OutboundMessage & { card: IssueCard },
	locale: Locale,
): Record<string, unknown> {
	const parts = cardParts(message.card, locale);
	const lead = renderText(message, true);
	return {
		config: { wide_screen_mode: true, update_multi: true },
		header: {
			title: { tag: "plain_text", content: parts.title },
			template: TEMPLATES[message.card.colour],
		},
		elements: [
			{
				tag: "div",
				text: {
					tag: "lark_md",
					content: [lead, ...parts.lines.map(escapeText)]
						.filter(Boolean)
						.join("\n"),
				},
			},
			...(parts.buttons.length > 0
				? [
						{
							tag: "action",
							actions: parts.buttons.map((button) => ({
								tag: "button",
								text: { tag: "plain_text", content: button.label },
								type: button.primary ? "primary" : "default",
								value: { command: button.command },
							})),
						},
					]
				: []),
		],
	};
}

export function renderContent(
	message: OutboundMessage,
	locale: Locale,
): FeishuContent {
	if (message.card)
		return {
			msg_type: "interactive",
			content: JSON.stringify(
				renderCard({ ...message, card: message.card }, locale),
			),
		};
	return {
		msg_type: "text",
		content: JSON.stringify({ text: renderText(message) }),
	};
}
