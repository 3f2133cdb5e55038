/** The lobby overdue board (以督促效 通报栏). */
import { SHANGHAI_OFFSET_MS } from "../../workflows/calendar/local-time.ts";
import { defineTexts, type Locale } from "./catalog.ts";

export const boardText = defineTexts<
	| "page_title"
	| "heading"
	| "table_title"
	| "col_index"
	| "col_enterprise"
	| "col_category"
	| "col_department"
	| "col_state"
	| "col_deadline"
	| "col_head"
	| "col_leader"
	| "no_category"
	| "due_original"
	| "accept_overdue"
	| "milestone_late"
	| "due_upcoming"
	| "due_extended"
	| "page"
	| "empty"
	| "updated"
	| "count"
>({
	"zh-CN": {
		page_title: "以督促效 通报栏",
		heading: "以督促效 · 通报栏",
		table_title: "重点问题进展滞后情况表",
		col_index: "序号",
		col_enterprise: "企业",
		col_category: "问题类别",
		col_department: "牵头单位",
		col_state: "办理状态",
		col_deadline: "办理期限",
		col_head: "部门负责人",
		col_leader: "分管区领导",
		no_category: "未分类",
		due_original: "原定{due}前办结，已超期",
		accept_overdue: "应于{due}前签收，至今未签收",
		milestone_late: "方案节点「{title}」应于{due}完成，已逾期",
		due_upcoming: "{due}前办结",
		due_extended: "新期限：{due}",
		page: "第 {page} / {pages} 页",
		empty: "目前没有进展滞后的问题",
		updated: "更新于 {time}",
		count: "共 {count} 件",
	},
	en: {
		page_title: "Overdue board",
		heading: "Supervision board",
		table_title: "Key issues behind schedule",
		col_index: "No.",
		col_enterprise: "Enterprise",
		col_category: "Category",
		col_department: "Lead department",
		col_state: "State",
		col_deadline: "Deadline",
		col_head: "Department head",
		col_leader: "District leader in charge",
		no_category: "not yet categorised",
		due_original: "was due {due}, overdue",
		accept_overdue: "to be accepted by {due}, still not accepted",
		milestone_late: "plan milestone “{title}” was due {due} and is late",
		due_upcoming: "due {due}",
		due_extended: "new deadline: {due}",
		page: "page {page} of {pages}",
		empty: "No issue is behind schedule",
		updated: "updated {time}",
		count: "{count} issues",
	},
});

/** "3月25日" / "Mar 25", in Asia/Shanghai. */
export function formatDay(locale: Locale, instant: Date): string {
	const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
	if (locale === "zh-CN")
		return `${local.getUTCMonth() + 1}月${local.getUTCDate()}日`;
	const month = local.toLocaleString("en", { month: "short", timeZone: "UTC" });
	return `${month} ${local.getUTCDate()}`;
}
