/** The briefing as a spreadsheet (what offices circulate): numbers as numbers, rates as percentages. */
import ExcelJS from "exceljs";
import type { Briefing } from "../../../workflows/reports/briefing.ts";
import type { DepartmentNumbers } from "../../../workflows/reports/ranking.ts";
import { formatDay } from "../../texts/board.ts";
import { briefingText, periodName } from "../../texts/briefing.ts";
import type { Locale } from "../../texts/catalog.ts";
import { consoleText } from "../../texts/console.ts";
import { figuresText } from "../../texts/figures.ts";
import { lateMoreLine } from "./briefing-render.ts";
import { areaName, categoryName, frequentRows } from "./frequent-view.ts";
import { type ColumnKey, columnLabel } from "./report-format.ts";
import { safeRow } from "./xlsx-safe.ts";

type Cell = string | number | null;

/** Shared issues make fractions of a count: rounded to two decimals (General format shows no trailing zeros). */
const share = (value: number) => Math.round(value * 100) / 100;

/** The columns, each with its value as a spreadsheet cell (rates are fractions, formatted as %). */
const COLUMNS: Array<[ColumnKey, (n: DepartmentNumbers) => Cell, string?]> = [
	["ranking_received", (n) => share(n.received)],
	["ranking_resolved", (n) => share(n.resolved)],
	["ranking_resolve_rate", (n) => n.resolveRate, "0.0%"],
	["ranking_done", (n) => share(n.done)],
	["ranking_done_rate", (n) => n.doneRate, "0.0%"],
	["ranking_done_late", (n) => share(n.doneLate)],
	["ranking_done_late_rate", (n) => n.doneLateRate, "0.0%"],
	["ranking_auto_confirmed", (n) => share(n.autoConfirmed)],
	["ranking_auto_confirmed_rate", (n) => n.autoConfirmedRate, "0.0%"],
	["ranking_on_time", (n) => share(n.onTime)],
	["ranking_overdue", (n) => share(n.overdue)],
	["ranking_overdue_rate", (n) => n.overdueRate, "0.0%"],
	["ranking_refusals", (n) => n.refusals],
	[
		"ranking_reviews",
		(n) =>
			`${n.reviews.refusal_stands}/${n.reviews.should_do}/${n.reviews.can_do}`,
	],
	["ranking_extensions", (n) => n.extensions],
	[
		"ranking_avg_accept",
		(n) =>
			n.avgAcceptMs === null
				? null
				: Math.round((n.avgAcceptMs / 3_600_000) * 10) / 10,
		"0.0",
	],
	["ranking_satisfaction", (n) => n.satisfaction, "0.0%"],
	[
		"ranking_mean_result",
		(n) =>
			n.meanResult === null ? null : Math.round(n.meanResult * 100) / 100,
		"0.00",
	],
];

export async function briefingXlsx(
	locale: Locale,
	briefing: Briefing,
): Promise<Buffer> {
	const c = (key: Parameters<typeof consoleText>[1]) =>
		consoleText(locale, key);
	const workbook = new ExcelJS.Workbook();
	workbook.creator = "Qinqing";
	workbook.created = briefing.generatedAt;
	const sheet = workbook.addWorksheet(
		briefingText(locale, "sheet_departments"),
	);
	const title = `${briefingText(locale, "title")} ${periodName(locale, briefing.period)}`;
	sheet.addRow([title]).font = { bold: true, size: 14 };
	sheet.addRow([]);
	const header = sheet.addRow([
		c("ranking_rank"),
		c("ranking_department"),
		c("ranking_list"),
		...COLUMNS.map(([key]) => columnLabel(locale, key)),
	]);
	header.font = { bold: true };
	const listLabel = (list: string | null) =>
		list ? c(`list_${list}` as Parameters<typeof consoleText>[1]) : "";
	for (const row of briefing.ranking.departments)
		sheet.addRow(
			safeRow([
				row.rank,
				row.department,
				listLabel(row.list),
				...COLUMNS.map(([, value]) => value(row)),
			]),
		);
	sheet.addRow([
		null,
		c("ranking_totals"),
		"",
		...COLUMNS.map(([, value]) => value(briefing.ranking.totals)),
	]).font = {
		bold: true,
	};
	COLUMNS.forEach(([, , format], i) => {
		if (format) sheet.getColumn(i + 4).numFmt = format;
	});
	sheet.getColumn(2).width = 34;
	sheet.views = [{ state: "frozen", ySplit: 3 }];

	const late = workbook.addWorksheet(briefingText(locale, "sheet_late"));
	late.addRow([
		c("col_number"),
		c("col_enterprise"),
		c("col_title"),
		c("col_department"),
		c("col_due"),
	]).font = {
		bold: true,
	};
	for (const row of briefing.late.rows)
		late.addRow(
			safeRow([
				row.number,
				row.enterprise,
				row.problem,
				row.leadDepartment,
				row.dueAt ? formatDay(locale, row.dueAt) : "",
			]),
		);
	const more = lateMoreLine(locale, briefing.late);
	if (more) late.addRow([more]);
	late.getColumn(2).width = 30;
	late.getColumn(3).width = 40;

	const f = (key: Parameters<typeof figuresText>[1]) =>
		figuresText(locale, key);
	const frequent = workbook.addWorksheet(f("sheet_frequent"));
	frequent.addRow([
		"#",
		f("frequent_category"),
		f("frequent_area"),
		f("frequent_issues"),
		f("frequent_open"),
	]).font = { bold: true };
	frequentRows(briefing.problems).forEach((row, i) => {
		frequent.addRow(
			safeRow([
				i + 1,
				categoryName(locale, row),
				areaName(locale, row),
				row.issues,
				row.open,
			]),
		);
	});
	frequent.getColumn(2).width = 24;
	frequent.getColumn(3).width = 24;
	return Buffer.from(await workbook.xlsx.writeBuffer());
}
