/** Numbers as the ranking, the briefing and the spreadsheet show them: the same everywhere. */
import type { DepartmentNumbers } from "../../../workflows/reports/ranking.ts";
import type { Locale } from "../../texts/catalog.ts";
import { consoleText } from "../../texts/console.ts";

export const percent = (rate: number | null) =>
	rate === null ? "—" : `${(rate * 100).toFixed(1)}%`;

export const hours = (locale: Locale, ms: number | null) =>
	ms === null
		? "—"
		: consoleText(locale, "hours", { hours: (ms / 3_600_000).toFixed(1) });

export const mean = (value: number | null) =>
	value === null ? "—" : value.toFixed(2);

export const reviewsCell = (n: DepartmentNumbers) =>
	`${n.reviews.refusal_stands}/${n.reviews.should_do}/${n.reviews.can_do}`;

/** The ranking's columns: label key and the cell, in the order every rendering uses. */
export const NUMBER_COLUMNS: Array<
	[
		key: Parameters<typeof consoleText>[1],
		cell: (n: DepartmentNumbers, locale: Locale) => string,
	]
> = [
	["ranking_received", (n) => String(n.received)],
	["ranking_resolved", (n) => String(n.resolved)],
	["ranking_resolve_rate", (n) => percent(n.resolveRate)],
	["ranking_done", (n) => String(n.done)],
	["ranking_done_rate", (n) => percent(n.doneRate)],
	["ranking_on_time", (n) => String(n.onTime)],
	["ranking_overdue", (n) => String(n.overdue)],
	["ranking_overdue_rate", (n) => percent(n.overdueRate)],
	["ranking_refusals", (n) => String(n.refusals)],
	["ranking_reviews", reviewsCell],
	["ranking_extensions", (n) => String(n.extensions)],
	["ranking_avg_accept", (n, locale) => hours(locale, n.avgAcceptMs)],
	["ranking_satisfaction", (n) => percent(n.satisfaction)],
	["ranking_mean_result", (n) => mean(n.meanResult)],
];
