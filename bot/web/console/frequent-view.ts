/** 高频事项清单 as an HTML table and as Markdown: the ten most frequent (category, area) pairs. */
import {
	type FrequentProblem,
	type ProblemCount,
	topProblems,
} from "../../../workflows/reports/frequent-problems.ts";
import type { Locale } from "../../texts/catalog.ts";
import { figuresText } from "../../texts/figures.ts";
import { type Html, html } from "./html.ts";
import { markdownCell } from "./markdown-escape.ts";

export const FREQUENT_LIMIT = 10;

export function frequentRows(counts: readonly ProblemCount[]) {
	return topProblems(counts, { limit: FREQUENT_LIMIT });
}

export const categoryName = (locale: Locale, row: FrequentProblem) =>
	row.category ?? figuresText(locale, "no_category");
export const areaName = (locale: Locale, row: FrequentProblem) =>
	row.area ?? figuresText(locale, "no_area");

export function frequentTable(
	locale: Locale,
	counts: readonly ProblemCount[],
): Html {
	const t = (key: Parameters<typeof figuresText>[1]) =>
		figuresText(locale, key);
	const rows = frequentRows(counts);
	if (rows.length === 0) return html`<p>${t("frequent_none")}</p>`;
	return html`<table id="frequent"><thead><tr><th class="num">#</th><th>${t("frequent_category")}</th><th>${t("frequent_area")}</th><th class="num">${t("frequent_issues")}</th><th class="num">${t("frequent_open")}</th></tr></thead><tbody>${rows.map(
		(row, i) =>
			html`<tr><td class="num">${i + 1}</td><td>${categoryName(locale, row)}</td><td>${areaName(locale, row)}</td><td class="num">${row.issues}</td><td class="num">${row.open}</td></tr>`,
	)}</tbody></table>`;
}

export function frequentMarkdown(
	locale: Locale,
	counts: readonly ProblemCount[],
): string {
	const t = (key: Parameters<typeof figuresText>[1]) =>
		figuresText(locale, key);
	const rows = frequentRows(counts);
	if (rows.length === 0) return t("frequent_none");
	const header = [
		"#",
		t("frequent_category"),
		t("frequent_area"),
		t("frequent_issues"),
		t("frequent_open"),
	];
	return [
		header,
		header.map(() => "---"),
		...rows.map((row, i) => [
			String(i + 1),
			markdownCell(categoryName(locale, row)),
			markdownCell(areaName(locale, row)),
			String(row.issues),
			String(row.open),
		]),
	]
		.map((r) => `| ${r.join(" | ")} |`)
		.join("\n");
}
