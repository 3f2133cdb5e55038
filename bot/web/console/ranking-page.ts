/** The ranking page: pick a period, read the table, the lists and the chart, download the briefing. */
import type { ReportPeriod } from "../../../workflows/reports/period.ts";
import type { DepartmentRanking } from "../../../workflows/reports/ranking.ts";
import { briefingText, periodName } from "../../texts/briefing.ts";
import type { Locale } from "../../texts/catalog.ts";
import { consoleText } from "../../texts/console.ts";
import { figuresText } from "../../texts/figures.ts";
import { definitions } from "./briefing-render.ts";
import { type Html, html } from "./html.ts";
import { listsView, rankingChart, rankingTable } from "./ranking-view.ts";

export function rankingPage(
	locale: Locale,
	base: string,
	period: ReportPeriod,
	ranking: DepartmentRanking,
): Html {
	const t = (key: Parameters<typeof consoleText>[1]) =>
		consoleText(locale, key);
	const f = (key: Parameters<typeof figuresText>[1]) =>
		figuresText(locale, key);
	const b = (key: Parameters<typeof briefingText>[1]) =>
		briefingText(locale, key);
	return html`<form class="filters" method="get" action="${base}/ranking">
<label>${f("period_hint")}<input name="period" value="${period.label}" pattern="\\d{4}-(\\d{2}|W\\d{2}|Q[1-4])"></label>
<button type="submit">${t("ranking_show")}</button>
<span>${periodName(locale, period)}</span>
<a id="quarter-lists" href="${base}/ranking?period=${quarterOf(period)}">${f("quarter_lists")}</a>
<span>${t("briefing_downloads")}：<a href="${base}/briefing/${period.label}">${b("download_html")}</a> · <a href="${base}/briefing/${period.label}.md">${b("download_md")}</a> · <a href="${base}/briefing/${period.label}.xlsx">${b("download_xlsx")}</a></span>
</form>
${listsView(locale, ranking)}
${rankingTable(locale, ranking)}
<h2>${t("ranking_chart")}</h2>
${rankingChart(locale, ranking)}
<p class="muted">${definitions(locale, { ranking })}</p>`;
}

/** The quarter a period starts in: `2026-03` → `2026-Q1`. */
export function quarterOf(period: ReportPeriod): string {
	if (period.kind === "quarter") return period.label;
	const local = new Date(period.from.getTime() + 8 * 3_600_000);
	const quarter = Math.floor(local.getUTCMonth() / 3) + 1;
	return `${local.getUTCFullYear()}-Q${quarter}`;
}
