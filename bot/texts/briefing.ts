/** 工作简报: the monthly (and weekly) briefing and its short summary in the leaders' group. */
import type { ReportPeriod } from "../../workflows/reports/period.ts";
import { defineTexts, type Locale } from "./catalog.ts";
import { figuresText } from "./figures.ts";

export const briefingText = defineTexts<
	| "title"
	| "subtitle"
	| "section_summary"
	| "section_departments"
	| "section_lists"
	| "section_late"
	| "summary"
	| "late_none"
	| "late_line"
	| "late_more"
	| "generated"
	| "period_month"
	| "period_week"
	| "chat_summary"
	| "chat_lists"
	| "sheet_departments"
	| "sheet_late"
	| "download_html"
	| "download_md"
	| "download_xlsx"
	| "print"
>({
	"zh-CN": {
		title: "企业诉求办理工作简报",
		subtitle: "{period}",
		section_summary: "一、总体情况",
		section_departments: "二、各单位办理情况",
		section_lists: "三、红黄黑榜",
		section_late: "四、进展滞后问题",
		summary:
			"本期共受理企业诉求 {received} 件，办结 {resolved} 件，办结率 {resolveRate}；企业确认办成 {done} 件，办成率 {doneRate}，其中超时办成 {doneLate} 件（超时办成率 {doneLateRate}）；逾期未评价、系统自动确认 {autoConfirmed} 件（{autoConfirmedRate}），不计入办成；按时办结 {onTime} 件；超时 {overdue} 件，超时率 {overdueRate}；说不 {refusals} 件，批准延期 {extensions} 次；收到评价 {ratings} 条，满意率 {satisfaction}。",
		late_none: "截至发稿，没有进展滞后的问题。",
		late_line: "{enterprise}：{problem}（{department}，{due}）",
		late_more:
			"共 {total} 件，以上为超期最久的 {shown} 件；其余 {more} 件见督办看板和办理台账。",
		generated: "数据截至 {time}",
		period_month: "{year}年{month}月",
		period_week: "{year}年第{week}周",
		chat_summary:
			"【工作简报·{period}】受理{received}件，办结{resolved}件（办结率{resolveRate}），办成{done}件（办成率{doneRate}），超时{overdue}件（超时率{overdueRate}），满意率{satisfaction}；另有自动确认{autoConfirmed}件，不计入办成。",
		chat_lists: "红榜：{red}；黄榜：{yellow}；黑榜：{black}。全文：{url}",
		sheet_departments: "各单位办理情况",
		sheet_late: "进展滞后问题",
		download_html: "打印版",
		download_md: "Markdown",
		download_xlsx: "Excel 表格",
		print: "打印",
	},
	en: {
		title: "Briefing on enterprise issues",
		subtitle: "{period}",
		section_summary: "1. Overview",
		section_departments: "2. By department",
		section_lists: "3. Red, yellow and black lists",
		section_late: "4. Issues behind schedule",
		summary:
			"In this period {received} issues were received and {resolved} resolved ({resolveRate}); {done} confirmed done by the enterprise ({doneRate}), {doneLate} of them late ({doneLateRate}); {autoConfirmed} confirmed by the system after no answer ({autoConfirmedRate}), not counted as done; {onTime} resolved on time; {overdue} overdue ({overdueRate}); {refusals} refusals and {extensions} extensions approved; {ratings} ratings, satisfaction {satisfaction}.",
		late_none: "No issue is behind schedule.",
		late_line: "{enterprise}: {problem} ({department}, {due})",
		late_more:
			"{total} in all; above are the {shown} longest late. The other {more} are on the overdue board and in the ledger.",
		generated: "Data as of {time}",
		period_month: "{year}-{month}",
		period_week: "{year} week {week}",
		chat_summary:
			"[Briefing {period}] {received} received, {resolved} resolved ({resolveRate}), {done} done ({doneRate}), {overdue} overdue ({overdueRate}), satisfaction {satisfaction}; {autoConfirmed} auto-confirmed, not counted as done.",
		chat_lists:
			"Red: {red}; yellow: {yellow}; black: {black}. Full text: {url}",
		sheet_departments: "By department",
		sheet_late: "Behind schedule",
		download_html: "Print version",
		download_md: "Markdown",
		download_xlsx: "Excel",
		print: "Print",
	},
});

/** "2026年3月" / "2026年第10周". */
export function periodName(locale: Locale, period: ReportPeriod): string {
	const [year, rest] = period.label.split("-");
	if (period.kind === "quarter")
		return figuresText(locale, "period_quarter", {
			year: year ?? "",
			quarter: Number(rest?.slice(1)),
		});
	return period.kind === "month"
		? briefingText(locale, "period_month", {
				year: year ?? "",
				month: Number(rest),
			})
		: briefingText(locale, "period_week", {
				year: year ?? "",
				week: Number(rest?.slice(1)),
			});
}
