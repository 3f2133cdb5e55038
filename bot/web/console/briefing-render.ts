/** The briefing as print-ready HTML and as Markdown; both read the ranking's numbers. */
import type {
	Briefing,
	LateIssues,
} from "../../../workflows/reports/briefing.ts";
import type { DepartmentNumbers } from "../../../workflows/reports/ranking.ts";
import { formatDateTime } from "../../conversation/format.ts";
import { formatDay } from "../../texts/board.ts";
import { briefingText, periodName } from "../../texts/briefing.ts";
import type { Locale } from "../../texts/catalog.ts";
import { consoleText } from "../../texts/console.ts";
import { figuresText } from "../../texts/figures.ts";
import { frequentMarkdown, frequentTable } from "./frequent-view.ts";
import { html, raw } from "./html.ts";
import { markdownCell, markdownText } from "./markdown-escape.ts";
import { rankingChart, rankingTable } from "./ranking-view.ts";
import {
	amount,
	columnLabel,
	NUMBER_COLUMNS,
	percent,
} from "./report-format.ts";

export function summaryParams(n: DepartmentNumbers) {
	return {
		received: amount(n.received),
		resolved: amount(n.resolved),
		resolveRate: percent(n.resolveRate),
		done: amount(n.done),
		doneRate: percent(n.doneRate),
		doneLate: amount(n.doneLate),
		doneLateRate: percent(n.doneLateRate),
		autoConfirmed: amount(n.autoConfirmed),
		autoConfirmedRate: percent(n.autoConfirmedRate),
		onTime: amount(n.onTime),
		overdue: amount(n.overdue),
		overdueRate: percent(n.overdueRate),
		refusals: n.refusals,
		extensions: n.extensions,
		ratings: amount(n.ratings),
		satisfaction: percent(n.satisfaction),
	};
}

export const definitions = (
	locale: Locale,
	briefing: Pick<Briefing, "ranking">,
) =>
	figuresText(locale, "definitions", {
		min: amount(briefing.ranking.minReceived),
	});

type Escape = (text: string) => string;
const asIs: Escape = (text) => text;

const listNames = (
	locale: Locale,
	briefing: Briefing,
	name: "red" | "yellow" | "black",
	quote: Escape = asIs,
) =>
	briefing.ranking.lists[name].map((r) => quote(r.department)).join("、") ||
	consoleText(locale, "list_none");

/** `quote` is for what people wrote (names, problems); the catalog's own text is left as it is. */
function lateLines(
	locale: Locale,
	briefing: Briefing,
	quote: Escape = asIs,
): string[] {
	return briefing.late.rows.map((row) =>
		briefingText(locale, "late_line", {
			enterprise: row.enterprise ? quote(row.enterprise) : "—",
			problem: quote(row.problem),
			department: row.leadDepartment ? quote(row.leadDepartment) : "—",
			due: row.dueAt ? formatDay(locale, row.dueAt) : "—",
		}),
	);
}

/** The line under a list cut at BRIEFING_LATE_ROWS; null when every late issue is listed. */
export function lateMoreLine(locale: Locale, late: LateIssues): string | null {
	const shown = late.rows.length;
	if (late.total <= shown) return null;
	return briefingText(locale, "late_more", {
		total: late.total,
		shown,
		more: late.total - shown,
	});
}

const PRINT_STYLE = `
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "SimSun", serif; color: #111; max-width: 1100px; margin: 1.5em auto; padding: 0 1em; font-size: 14px; }
h1 { text-align: center; color: #b3121b; font-size: 1.9em; letter-spacing: 0.15em; margin-bottom: 0.2em; }
.subtitle { text-align: center; border-bottom: 3px solid #b3121b; padding-bottom: 0.6em; margin-bottom: 1em; }
h2 { font-size: 1.2em; margin-top: 1.4em; }
table { border-collapse: collapse; width: 100%; font-size: 0.85em; }
th, td { border: 1px solid #555; padding: 0.25em 0.35em; }
td.num, th.num { text-align: right; }
.list-red { color: #b3121b; } .list-yellow { color: #a67c00; } .list-black { font-weight: bold; }
.actions { text-align: right; } .generated { color: #555; text-align: right; margin-top: 2em; }
@page { size: A4 landscape; margin: 12mm; }
@media print { .actions { display: none; } body { margin: 0; max-width: none; } }
`;

export function briefingHtml(
	locale: Locale,
	briefing: Briefing,
	base: string,
): string {
	const t = (key: Parameters<typeof briefingText>[1], params = {}) =>
		briefingText(locale, key, params);
	const label = briefing.period.label;
	const late = lateLines(locale, briefing);
	const lateMore = lateMoreLine(locale, briefing.late);
	return html`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${t("title")} ${periodName(locale, briefing.period)}</title><style>${raw(PRINT_STYLE)}</style></head>
<body>
<p class="actions"><a href="${base}/briefing/${label}.md">${t("download_md")}</a> · <a href="${base}/briefing/${label}.xlsx">${t("download_xlsx")}</a> · <a href="javascript:print()">${t("print")}</a></p>
<h1>${t("title")}</h1>
<p class="subtitle">${t("subtitle", { period: periodName(locale, briefing.period) })}</p>
<h2>${t("section_summary")}</h2>
<p id="briefing-summary">${t("summary", summaryParams(briefing.ranking.totals))}</p>
<h2>${t("section_departments")}</h2>
${rankingTable(locale, briefing.ranking)}
<p>${rankingChart(locale, briefing.ranking)}</p>
<h2>${t("section_lists")}</h2>
${(["red", "yellow", "black"] as const).map(
	(name) =>
		html`<p class="list-${name}"><strong>${consoleText(locale, `list_${name}`)}：</strong>${listNames(locale, briefing, name)}</p>`,
)}
<h2>${t("section_late")}</h2>
${late.length === 0 ? html`<p>${t("late_none")}</p>` : html`<ol>${late.map((line) => html`<li>${line}</li>`)}</ol>`}
${lateMore ? html`<p id="briefing-late-more">${lateMore}</p>` : ""}
<h2>${figuresText(locale, "section_frequent")}</h2>
${frequentTable(locale, briefing.problems)}
<p class="muted">${definitions(locale, briefing)}</p>
<p class="generated">${t("generated", { time: formatDateTime(locale, briefing.generatedAt) })}</p>
</body></html>`.value;
}

export function briefingMarkdown(locale: Locale, briefing: Briefing): string {
	const t = (key: Parameters<typeof briefingText>[1], params = {}) =>
		briefingText(locale, key, params);
	const c = (key: Parameters<typeof consoleText>[1]) =>
		consoleText(locale, key);
	const header = [
		c("ranking_rank"),
		c("ranking_department"),
		...NUMBER_COLUMNS.map(([k]) => columnLabel(locale, k)),
	];
	const rows = [
		...briefing.ranking.departments.map((row) => [
			row.rank === null ? "—" : String(row.rank),
			markdownCell(row.department),
			...NUMBER_COLUMNS.map(([, cell]) => cell(row, locale)),
		]),
		[
			"",
			c("ranking_totals"),
			...NUMBER_COLUMNS.map(([, cell]) =>
				cell(briefing.ranking.totals, locale),
			),
		],
	];
	const table = [header, header.map(() => "---"), ...rows]
		.map((r) => `| ${r.join(" | ")} |`)
		.join("\n");
	const late = lateLines(locale, briefing, markdownText);
	const lateMore = lateMoreLine(locale, briefing.late);
	return [
		`# ${t("title")}`,
		"",
		`**${periodName(locale, briefing.period)}**`,
		"",
		`## ${t("section_summary")}`,
		"",
		t("summary", summaryParams(briefing.ranking.totals)),
		"",
		`## ${t("section_departments")}`,
		"",
		table,
		"",
		`## ${t("section_lists")}`,
		"",
		...(["red", "yellow", "black"] as const).map(
			(name) =>
				`- **${c(`list_${name}`)}**：${listNames(locale, briefing, name, markdownText)}`,
		),
		"",
		`## ${t("section_late")}`,
		"",
		...(late.length === 0
			? [t("late_none")]
			: late.map((line, i) => `${i + 1}. ${line}`)),
		...(lateMore ? ["", lateMore] : []),
		"",
		`## ${figuresText(locale, "section_frequent")}`,
		"",
		frequentMarkdown(locale, briefing.problems),
		"",
		`> ${definitions(locale, briefing)}`,
		"",
		`_${t("generated", { time: formatDateTime(locale, briefing.generatedAt) })}_`,
		"",
	].join("\n");
}

/** The few lines posted in the leaders' group, with the link to the full text. */
export function briefingChatSummary(
	locale: Locale,
	briefing: Briefing,
	url: string,
): string {
	return [
		briefingText(locale, "chat_summary", {
			period: periodName(locale, briefing.period),
			...summaryParams(briefing.ranking.totals),
		}),
		briefingText(locale, "chat_lists", {
			red: listNames(locale, briefing, "red"),
			yellow: listNames(locale, briefing, "yellow"),
			black: listNames(locale, briefing, "black"),
			url,
		}),
	].join("\n");
}
