/**
 * Block Kit for an issue card: what the issue is and where it stands, the buttons the core offers
 * (each a command of the chat command language), and the enterprise's rating as three 1–5 selects.
 * Pure: a card in, blocks out.
 */
import { colourDot, formatDateTime } from "../../bot/conversation/format.ts";
import type { IssueCard } from "../../bot/messages.ts";
import type { Locale } from "../../bot/texts/catalog.ts";
import { slackText } from "../../bot/texts/slack.ts";
import { escapeSlackText } from "./markup.ts";

export type SlackBlock = Record<string, unknown>;

/** What a button needs before its command can run: nothing, a text, a department and a reason, or scores. */
export type CommandForm = "none" | "note" | "reason" | "transfer" | "rating";

/** Verbs (Chinese and English, as the command language spells them) whose commands need more input. */
const FORMS: Record<string, CommandForm> = {
	进展: "note",
	进度: "note",
	progress: "note",
	办结: "note",
	已办结: "note",
	resolve: "note",
	转办: "transfer",
	转交: "transfer",
	transfer: "transfer",
	不能办: "reason",
	无法办理: "reason",
	说不: "reason",
	refuse: "reason",
	cannot: "reason",
	评价: "rating",
	评分: "rating",
	rate: "rating",
};

const LEADING_REF = /^[#＃]\s*[\d-]+\s*/;

/** "#2026-000012 受理" whether the core wrote the number or only the verb. */
export function commandText(card: IssueCard, command: string): string {
	const trimmed = command.trim();
	return LEADING_REF.test(trimmed)
		? trimmed
		: `#${card.issueNumber} ${trimmed}`;
}

export function formOf(command: string): CommandForm {
	const verb = command
		.trim()
		.replace(LEADING_REF, "")
		.split(/\s+/)[0]
		?.toLowerCase();
	return (verb && FORMS[verb]) || "none";
}

export const RATING_ASPECTS = ["plan", "process", "result"] as const;
export type RatingAspect = (typeof RATING_ASPECTS)[number];

export const ACTION = {
	command: "qq-cmd",
	form: "qq-form",
	rate: "qq-rate",
	rateSubmit: "qq-rate-submit",
} as const;
export const RATING_BLOCK = "qq-rating";

const plain = (text: string) => ({ type: "plain_text", text, emoji: true });

export function cardBlocks(card: IssueCard, locale: Locale): SlackBlock[] {
	const t = (key: Parameters<typeof slackText>[1]) => slackText(locale, key);
	const facts = [
		card.category && `${t("card_category")}：${card.category}`,
		card.leadDepartment && `${t("card_department")}：${card.leadDepartment}`,
		card.dueAt &&
			`${t("card_due")}：${formatDateTime(locale, new Date(card.dueAt))}`,
	].filter((fact): fact is string => Boolean(fact));

	const blocks: SlackBlock[] = [
		{
			type: "section",
			text: {
				type: "mrkdwn",
				text: `${colourDot(card.colour)} *#${card.issueNumber}* ${escapeSlackText(card.title)}\n${escapeSlackText(card.stateLabel)}`,
			},
		},
	];
	if (facts.length > 0) {
		blocks.push({
			type: "context",
			elements: [
				{ type: "mrkdwn", text: escapeSlackText(facts.join("  ·  ")) },
			],
		});
	}
	const buttons: SlackBlock[] = [];
	let rating: string | null = null;
	card.actions.forEach((action, index) => {
		const command = commandText(card, action.command);
		const form = formOf(command);
		if (form === "rating") {
			rating = command;
			return;
		}
		buttons.push({
			type: "button",
			action_id: `${form === "none" ? ACTION.command : ACTION.form}-${index}`,
			text: plain(action.label),
			value: command,
		});
	});
	if (buttons.length > 0) blocks.push({ type: "actions", elements: buttons });
	if (rating) blocks.push(ratingBlock(rating, locale));
	return blocks;
}

/** Three selects and a submit button; the submit click carries the selected values in `state`. */
function ratingBlock(command: string, locale: Locale): SlackBlock {
	const options = [1, 2, 3, 4, 5].map((score) => ({
		text: plain(slackText(locale, "rate_score", { score })),
		value: String(score),
	}));
	return {
		type: "actions",
		block_id: RATING_BLOCK,
		elements: [
			...RATING_ASPECTS.map((aspect) => ({
				type: "static_select",
				action_id: `${ACTION.rate}-${aspect}`,
				placeholder: plain(slackText(locale, `rate_${aspect}`)),
				options,
			})),
			{
				type: "button",
				action_id: ACTION.rateSubmit,
				style: "primary",
				text: plain(slackText(locale, "rate_submit")),
				value: command,
			},
		],
	};
}
