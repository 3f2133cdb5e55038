/** Numbers as the ranking, the briefing and the spreadsheet show them: the same everywhere. */
import type { DepartmentNumbers } from "../../../workflows/reports/ranking.ts";
import type { Locale } from "../../texts/catalog.ts";
import { consoleText } from "../../texts/console.ts";
import { figuresText } from "../../texts/figures.ts";

export const percent = (rate: number | null) =>
	rate === null ? "—" : `${(rate * 100).toFixed(1)}%`;

/** A count; shared issues make fractions, shown to two decimals without trailing zeros. */
export const amount = (value: number) =>
	Number.isInteger(value)
		? String(value)
		: String(Number.parseFloat(value.toFixed(2)));

export const hours = (locale: Locale, ms: number | null) =>
	ms === null
		? "—"
		: consoleText(locale, "hours", { hours: (ms / 3_600_000).toFixed(1) });

export const mean = (value: number | null) =>
	value === null ? "—" : value.toFixed(2);

export const reviewsCell = (n: DepartmentNumbers) =>
	`${n.reviews.refusal_stands}/${n.reviews.should_do}/${n.reviews.can_do}`;

type ConsoleKey = Parameters<typeof consoleText>[1];
type FiguresKey = Parameters<typeof figuresText>[1];
export type ColumnKey = ConsoleKey | FiguresKey;

const FIGURES_KEYS = new Set<string>([
	"ranking_auto_confirmed",
	"ranking_auto_confirmed_rate",
	"ranking_done_late",
	"ranking_done_late_rate",
]);

export function columnLabel(locale: Locale, key: ColumnKey): string {
	return FIGURES_KEYS.has(key)
		? figuresText(locale, key as FiguresKey)
		: consoleText(locale, key as ConsoleKey);
}

/** The ranking's columns: label key and the cell, in the order every rendering uses. */
export const NUMBER_COLUMNS: Array<
	[key: ColumnKey, cell: (n: DepartmentNumbers, locale: Locale) => string]
> = [
	["ranking_received", (n) => amount(n.received)],
	["ranking_resolved", (n) => amount(n.resolved)],
	["ranking_resolve_rate", (n) => percent(n.resolveRate)],
	["ranking_done", (n) => amount(n.done)],
	["ranking_done_rate", (n) => percent(n.doneRate)],
	["ranking_done_late", (n) => amount(n.doneLate)],
	["ranking_done_late_rate", (n) => percent(n.doneLateRate)],
	["ranking_auto_confirmed", (n) => amount(n.autoConfirmed)],
	["ranking_auto_confirmed_rate", (n) => percent(n.autoConfirmedRate)],
	["ranking_on_time", (n) => amount(n.onTime)],
	["ranking_overdue", (n) => amount(n.overdue)],
	["ranking_overdue_rate", (n) => percent(n.overdueRate)],
	["ranking_refusals", (n) => String(n.refusals)],
	["ranking_reviews", reviewsCell],
	["ranking_extensions", (n) => String(n.extensions)],
	["ranking_avg_accept", (n, locale) => hours(locale, n.avgAcceptMs)],
	["ranking_satisfaction", (n) => percent(n.satisfaction)],
	["ranking_mean_result", (n) => mean(n.meanResult)],
];
