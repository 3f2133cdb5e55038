/** Texts of the Slack adapter's own surfaces: the card's fields, the modals, the rating, App Home. */
import { defineTexts } from "./catalog.ts";

export type SlackTextKey =
	| "card_category"
	| "card_department"
	| "card_due"
	| "modal_submit"
	| "modal_cancel"
	| "field_note"
	| "field_reason"
	| "field_department"
	| "rate_plan"
	| "rate_process"
	| "rate_result"
	| "rate_placeholder"
	| "rate_score"
	| "rate_submit"
	| "rate_incomplete"
	| "home_default";

export const slackText = defineTexts<SlackTextKey>({
	"zh-CN": {
		card_category: "类别",
		card_department: "牵头单位",
		card_due: "办理期限",
		modal_submit: "提交",
		modal_cancel: "取消",
		field_note: "内容",
		field_reason: "原因",
		field_department: "转给哪个单位",
		rate_plan: "方案满意度",
		rate_process: "办理过程",
		rate_result: "办成结果",
		rate_placeholder: "选择分数",
		rate_score: "{score} 分",
		rate_submit: "提交评价",
		rate_incomplete: "请为方案、过程、结果三项都选好分数再提交。",
		home_default:
			"亲清助手：在工作群里直接说问题，或输入 `/qinqing 帮助` 查看可用命令。",
	},
	en: {
		card_category: "Category",
		card_department: "Lead department",
		card_due: "Due",
		modal_submit: "Submit",
		modal_cancel: "Cancel",
		field_note: "What to record",
		field_reason: "Reason",
		field_department: "Hand over to (department)",
		rate_plan: "Plan",
		rate_process: "Process",
		rate_result: "Result",
		rate_placeholder: "Score",
		rate_score: "{score}",
		rate_submit: "Submit rating",
		rate_incomplete: "Please score all three (plan, process, result) first.",
		home_default:
			"Qinqing: write your problem in the work channel, or type `/qinqing help` for the commands.",
	},
});
