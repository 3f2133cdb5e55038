/** The ranking table, the red/yellow/black lists and an inline SVG bar chart (no chart library). */
import type { DepartmentRanking } from "../../../workflows/reports/ranking.ts";
import type { Locale } from "../../texts/catalog.ts";
import { consoleText } from "../../texts/console.ts";
import { type Html, html, raw } from "./html.ts";
import { columnLabel, NUMBER_COLUMNS, percent } from "./report-format.ts";

export function rankingTable(locale: Locale, ranking: DepartmentRanking): Html {
	const t = (key: Parameters<typeof consoleText>[1]) =>
		consoleText(locale, key);
	return html`<table id="ranking"><thead><tr><th>${t("ranking_rank")}</th><th>${t("ranking_department")}</th>${NUMBER_COLUMNS.map(
		([key]) => html`<th class="num">${columnLabel(locale, key)}</th>`,
	)}</tr></thead><tbody>${ranking.departments.map(
		(row) =>
			html`<tr data-department="${row.department}"${row.list ? html` class="list-${row.list}"` : ""}><td class="num">${row.rank ?? "—"}</td><td>${row.department}</td>${NUMBER_COLUMNS.map(
				([key, cell]) =>
					html`<td class="num" data-col="${key}">${cell(row, locale)}</td>`,
			)}</tr>`,
	)}</tbody><tfoot><tr data-department="totals"><th></th><th>${t("ranking_totals")}</th>${NUMBER_COLUMNS.map(
		([key, cell]) =>
			html`<th class="num" data-col="${key}">${cell(ranking.totals, locale)}</th>`,
	)}</tr></tfoot></table>`;
}

export function listsView(locale: Locale, ranking: DepartmentRanking): Html {
	const t = (key: Parameters<typeof consoleText>[1]) =>
		consoleText(locale, key);
	return html`<div id="lists">${(["red", "yellow", "black"] as const).map(
		(name) =>
			html`<p class="list-${name}" id="list-${name}"><strong>${t(`list_${name}`)}：</strong>${
				ranking.lists[name].map((r) => r.department).join("、") ||
				t("list_none")
			}</p>`,
	)}</div>`;
}

const BAR_WIDTH = 420;
const ROW_HEIGHT = 34;
const LABEL_WIDTH = 260;

/** Two bars per ranked department: really-done rate (green) and overdue rate (red). */
export function rankingChart(locale: Locale, ranking: DepartmentRanking): Html {
	const rows = ranking.departments.filter((r) => r.rank !== null);
	const height = rows.length * ROW_HEIGHT + 30;
	const width = LABEL_WIDTH + BAR_WIDTH + 70;
	const esc = (s: string) => html`${s}`.value;
	const bars = rows
		.map((row, i) => {
			const y = i * ROW_HEIGHT + 24;
			const done = (row.doneRate ?? 0) * BAR_WIDTH;
			const overdue = (row.overdueRate ?? 0) * BAR_WIDTH;
			return `<text x="${LABEL_WIDTH - 8}" y="${y + 14}" text-anchor="end" font-size="13">${esc(row.department)}</text>
<rect x="${LABEL_WIDTH}" y="${y}" width="${done.toFixed(1)}" height="12" fill="#2e9d4f"><title>${esc(percent(row.doneRate))}</title></rect>
<text x="${LABEL_WIDTH + done + 4}" y="${y + 10}" font-size="11">${esc(percent(row.doneRate))}</text>
<rect x="${LABEL_WIDTH}" y="${y + 14}" width="${overdue.toFixed(1)}" height="12" fill="#d62020"><title>${esc(percent(row.overdueRate))}</title></rect>
<text x="${LABEL_WIDTH + overdue + 4}" y="${y + 24}" font-size="11">${esc(percent(row.overdueRate))}</text>`;
		})
		.join("\n");
	const legend = `<rect x="${LABEL_WIDTH}" y="4" width="12" height="10" fill="#2e9d4f"/><text x="${LABEL_WIDTH + 16}" y="13" font-size="12">${esc(consoleText(locale, "ranking_done_rate"))}</text>
<rect x="${LABEL_WIDTH + 120}" y="4" width="12" height="10" fill="#d62020"/><text x="${LABEL_WIDTH + 136}" y="13" font-size="12">${esc(consoleText(locale, "ranking_overdue_rate"))}</text>`;
	return raw(
		`<svg id="ranking-chart" role="img" aria-label="${esc(consoleText(locale, "ranking_chart"))}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="background:#fff;border:1px solid #d8dbe2">${legend}${bars}</svg>`,
	);
}
