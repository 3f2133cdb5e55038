/**
 * Interactive cards (互动卡片) through a card template the deployment made in DingTalk's card
 * builder (DINGTALK_CARD_TEMPLATE_ID; docs/dingtalk.md lists the variables it must have). The
 * outTrackId carries the conversation, so a button's callback needs nothing the template could
 * get wrong to find where it was pressed. Pure.
 */
import type { IssueCard } from "../../bot/messages.ts";
import type { Locale } from "../../bot/texts/catalog.ts";
import { cardParts } from "../shared/card-actions.ts";

const PREFIX = "qq";

export function outTrackIdOf(conversationId: string, nonce: string): string {
	return `${PREFIX}.${nonce}.${Buffer.from(conversationId).toString("base64url")}`;
}

export function conversationOfCard(outTrackId: string): string | null {
	const [prefix, nonce, encoded] = outTrackId.split(".");
	if (prefix !== PREFIX || !nonce || !encoded) return null;
	return Buffer.from(encoded, "base64url").toString("utf8") || null;
}

/** The template's variables; DingTalk takes every value as a string (lists as JSON). */
export function cardParamMap(
	card: IssueCard,
	lead: string,
	locale: Locale,
): Record<string, string> {
	const parts = cardParts(card, locale);
	return {
		title: parts.title,
		markdown: [lead, ...parts.lines].filter(Boolean).join("\n\n"),
		state: card.state,
		actions: JSON.stringify(
			parts.buttons.map((button) => ({
				label: button.label,
				command: button.command,
				takesInput: button.takesInput,
				primary: button.primary,
			})),
		),
	};
}
