/**
 * An issue card → a WeCom `button_interaction` template card. Each button's key is the command a
 * person could type ("#2026-000012 受理"): a press comes back as that text (parse.ts). A rating
 * needs scores, so its button offers the two one-tap ratings (满意 / 基本满意); a command that needs
 * more (a transfer's department and reason) comes back without it and is answered with its usage.
 */
import { formatShanghaiTime } from "../../bot/card-text.ts";
import type { IssueCard } from "../../bot/messages.ts";

export interface WecomTemplateCard {
	card_type: "button_interaction";
	main_title: { title: string; desc?: string };
	sub_title_text?: string;
	horizontal_content_list?: Array<{ keyname: string; value: string }>;
	button_list: Array<{ text: string; key: string; style?: number }>;
	task_id: string;
}

/** WeCom allows at most 6 buttons. */
const MAX_BUTTONS = 6;
/** Its documentation suggests at most 26 characters of title and 112 of subtitle. */
const TITLE_CHARS = 26;
const SUBTITLE_CHARS = 112;

const ONE_TAP_RATINGS: Record<string, Array<{ text: string; verb: string }>> = {
	评价: [
		{ text: "满意", verb: "满意" },
		{ text: "基本满意", verb: "基本满意" },
	],
	rate: [
		{ text: "satisfied", verb: "satisfied" },
		{ text: "fair", verb: "fair" },
	],
};

export function wecomTemplateCard(
	card: IssueCard,
	text: string,
	taskId: string,
): WecomTemplateCard {
	const buttons = card.actions.flatMap((action) =>
		(
			ONE_TAP_RATINGS[action.command] ?? [
				{ text: action.label, verb: action.command },
			]
		).map((button) => ({
			text: button.text,
			key: `#${card.issueNumber} ${button.verb}`,
		})),
	);
	const facts = [
		card.category,
		card.leadDepartment,
		card.dueAt && formatShanghaiTime(card.dueAt),
	].filter((fact): fact is string => !!fact);
	return {
		card_type: "button_interaction",
		main_title: {
			title: shorten(`#${card.issueNumber} ${card.title}`, TITLE_CHARS),
			desc: [card.stateLabel, ...facts].join(" · "),
		},
		...(text ? { sub_title_text: shorten(text, SUBTITLE_CHARS) } : {}),
		button_list: buttons.slice(0, MAX_BUTTONS),
		task_id: taskId,
	};
}

export function fitsOnCard(text: string): boolean {
	return [...text].length <= SUBTITLE_CHARS;
}

function shorten(text: string, max: number): string {
	const chars = [...text];
	return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}
