/**
 * An issue card as plain lines, for a platform without cards: the buttons become the commands to
 * type. Its words (state label, title) are already localized by the core.
 */
import { SHANGHAI_OFFSET_MS } from "../workflows/calendar/local-time.ts";
import type { IssueCard } from "./messages.ts";

const COLOUR_MARKS: Record<IssueCard["colour"], string> = {
	green: "🟢",
	yellow: "🟡",
	orange: "🟠",
	red: "🔴",
};

export function renderCardText(card: IssueCard): string {
	const facts = [
		card.stateLabel,
		card.category,
		card.leadDepartment,
		card.dueAt && formatShanghaiTime(card.dueAt),
	].filter((fact): fact is string => !!fact);
	const lines = [
		`${COLOUR_MARKS[card.colour]} #${card.issueNumber} ${card.title}`,
		facts.join(" · "),
		// No buttons: show what to type instead, with the issue's number (there may be no thread).
		...card.actions.map(
			(action) => `▸ ${action.label}：#${card.issueNumber} ${action.command}`,
		),
	];
	return lines.join("\n");
}

/** "2024-05-01 17:00" in Asia/Shanghai (UTC+8, no daylight saving). */
export function formatShanghaiTime(iso: string): string {
	const time = new Date(iso);
	if (Number.isNaN(time.getTime())) return iso;
	const shanghai = new Date(time.getTime() + SHANGHAI_OFFSET_MS);
	return shanghai.toISOString().slice(0, 16).replace("T", " ");
}
