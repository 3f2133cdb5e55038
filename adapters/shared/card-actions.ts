/**
 * An issue card as the parts a platform card is drawn from, for platforms whose cards carry a
 * command in each button (DingTalk, Feishu): the lines to show, and one button per command of the
 * command language. A rating becomes three buttons with the three scores filled in, since these
 * cards have no selects the bot can read back; a command that needs words (办结, 转办, 不能办)
 * carries the card's input field, or asks for them when pressed without. Pure.
 */
import { colourDot, formatDateTime } from "../../bot/conversation/format.ts";
import type { IssueCard } from "../../bot/messages.ts";
import type { Locale } from "../../bot/texts/catalog.ts";
import { chatCardText } from "../../bot/texts/chat-cards.ts";

export interface CardButton {
	label: string;
	/** The command text, as a person would type it ("#2026-000012 受理"). */
	command: string;
	/** True when the command reads the card's input field (a note, a department, a reason). */
	takesInput: boolean;
	primary: boolean;
}

export interface CardParts {
	title: string;
	lines: string[];
	buttons: CardButton[];
}

const LEADING_REF = /^[#＃]\s*[\d-]+\s*/;
const RATING = new Set(["评价", "评分", "rate"]);
const TAKES_INPUT = new Set([
	"进展",
	"进度",
	"progress",
	"办结",
	"已办结",
	"resolve",
	"转办",
	"转交",
	"transfer",
	"不能办",
	"无法办理",
	"refuse",
	"cannot",
]);

function withNumber(card: IssueCard, command: string): string {
	const trimmed = command.trim();
	return LEADING_REF.test(trimmed)
		? trimmed
		: `#${card.issueNumber} ${trimmed}`;
}

function verbOf(command: string): string {
	return command.replace(LEADING_REF, "").split(/\s+/)[0]?.toLowerCase() ?? "";
}

export function cardParts(card: IssueCard, locale: Locale): CardParts {
	const t = (key: Parameters<typeof chatCardText>[1]) =>
		chatCardText(locale, key);
	const facts = [
		card.category && `${t("card_category")}：${card.category}`,
		card.leadDepartment && `${t("card_department")}：${card.leadDepartment}`,
		card.dueAt &&
			`${t("card_due")}：${formatDateTime(locale, new Date(card.dueAt))}`,
	].filter((fact): fact is string => Boolean(fact));
	const buttons: CardButton[] = [];
	card.actions.forEach((action, index) => {
		const command = withNumber(card, action.command);
		const verb = verbOf(command);
		if (RATING.has(verb)) {
			for (const [key, score] of [
				["rate_good", "5 5 5"],
				["rate_fair", "3 3 3"],
				["rate_poor", "1 1 1"],
			] as const)
				buttons.push({
					label: t(key),
					command: `${command} ${score}`,
					takesInput: false,
					primary: key === "rate_good",
				});
			return;
		}
		buttons.push({
			label: action.label,
			command,
			takesInput: TAKES_INPUT.has(verb),
			primary: index === 0,
		});
	});
	return {
		title: `${colourDot(card.colour)} #${card.issueNumber} ${card.title}`,
		lines: [
			card.stateLabel,
			...(facts.length > 0 ? [facts.join("  ·  ")] : []),
		],
		buttons,
	};
}

/** The card as plain text, for a platform or a deployment that cannot show it. */
export function cardAsText(card: IssueCard, locale: Locale): string {
	const parts = cardParts(card, locale);
	const commands = parts.buttons.map((b) => b.command).join(" / ");
	return [
		parts.title,
		...parts.lines,
		...(commands ? [chatCardText(locale, "card_commands", { commands })] : []),
	].join("\n");
}
