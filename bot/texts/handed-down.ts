/** The console's 上级交办 page: registering an issue handed down from above, and its report (一案一报告). */
import { defineTexts } from "./catalog.ts";

export const handedDownText = defineTexts<
	| "title"
	| "intro"
	| "register_title"
	| "field_enterprise"
	| "field_by"
	| "field_ref"
	| "field_title"
	| "field_text"
	| "field_working_days"
	| "register_button"
	| "missing_title"
	| "all_title"
	| "col_source"
	| "col_report"
	| "report_missing"
	| "report_written"
	| "field_cause"
	| "field_measures"
	| "field_result"
	| "report_button"
	| "report_note"
	| "registered"
	| "reported"
	| "invalid"
	| "none"
>({
	"zh-CN": {
		title: "上级交办",
		intro:
			"上级交办的问题与其他问题一样派单、跟踪和预警，按交办的时限办理；每一件在办结或关闭前都要写一份复盘报告（原因、措施、结果）。",
		register_title: "登记上级交办问题",
		field_enterprise: "企业",
		field_by: "交办单位",
		field_ref: "文号",
		field_title: "标题",
		field_text: "问题内容",
		field_working_days: "办理时限（工作日，空则按类别）",
		register_button: "登记",
		missing_title: "缺复盘报告",
		all_title: "全部上级交办问题",
		col_source: "交办单位 · 文号",
		col_report: "复盘报告",
		report_missing: "未写",
		report_written: "已写",
		field_cause: "原因",
		field_measures: "措施",
		field_result: "结果",
		report_button: "提交复盘报告",
		report_note: "原因：{cause}\n措施：{measures}\n结果：{result}",
		registered: "已登记 #{number}，来源：{by} {ref}。",
		reported: "#{number} 的复盘报告已记录。",
		invalid: "请填写：{fields}",
		none: "无",
	},
	en: {
		title: "Handed down",
		intro:
			"Issues handed down from above are dispatched, tracked and warned about like any other, on the time limit they came with; each needs a short report (cause, measures, result) before it can be resolved or closed.",
		register_title: "Register an issue handed down",
		field_enterprise: "Enterprise",
		field_by: "Handed down by",
		field_ref: "Document number",
		field_title: "Title",
		field_text: "The problem",
		field_working_days: "Time limit (working days; empty: the category's)",
		register_button: "Register",
		missing_title: "Missing their report",
		all_title: "All issues handed down",
		col_source: "Handed down by · document",
		col_report: "Report",
		report_missing: "missing",
		report_written: "written",
		field_cause: "Cause",
		field_measures: "Measures",
		field_result: "Result",
		report_button: "Record the report",
		report_note: "Cause: {cause}\nMeasures: {measures}\nResult: {result}",
		registered: "Registered #{number}, from {by} {ref}.",
		reported: "The report on #{number} is recorded.",
		invalid: "Please fill in: {fields}",
		none: "none",
	},
});
