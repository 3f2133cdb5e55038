/** 问题清单/台账: the spreadsheet's columns and the monthly reconciliation page. */
import { defineTexts } from "./catalog.ts";

export const ledgerText = defineTexts<
	| "nav"
	| "title"
	| "sheet"
	| "download"
	| "month"
	| "show"
	| "opened"
	| "closed_off"
	| "reopened"
	| "overdue"
	| "none"
	| "col_number"
	| "col_title"
	| "col_enterprise"
	| "col_area"
	| "col_category"
	| "col_department"
	| "col_state"
	| "col_tier"
	| "col_colour"
	| "col_created"
	| "col_dispatched"
	| "col_accepted"
	| "col_due"
	| "col_resolved"
	| "col_closed_off"
	| "col_transfers"
	| "col_reopens"
	| "col_at"
>({
	"zh-CN": {
		title: "问题台账 · 每月对账销号",
		sheet: "问题台账",
		download: "下载问题台账（Excel）",
		month: "月份（YYYY-MM）",
		show: "对账",
		nav: "问题台账",
		opened: "本月新增",
		closed_off: "本月销号",
		reopened: "本月重新办理",
		overdue: "月末仍未办结且已超期",
		none: "无",
		col_number: "编号",
		col_title: "问题",
		col_enterprise: "企业",
		col_area: "所在区域",
		col_category: "类别",
		col_department: "牵头单位",
		col_state: "状态",
		col_tier: "层级",
		col_colour: "颜色",
		col_created: "登记时间",
		col_dispatched: "派发时间",
		col_accepted: "受理时间",
		col_due: "办理时限",
		col_resolved: "办结时间",
		col_closed_off: "销号日期",
		col_transfers: "转办次数",
		col_reopens: "重新办理次数",
		col_at: "时间",
	},
	en: {
		nav: "Ledger",
		title: "Issue ledger · monthly reconciliation",
		sheet: "Issue ledger",
		download: "Download the ledger (Excel)",
		month: "Month (YYYY-MM)",
		show: "Reconcile",
		opened: "New this month",
		closed_off: "Closed off this month",
		reopened: "Reopened this month",
		overdue: "Open at the month's end and past the deadline",
		none: "None",
		col_number: "Number",
		col_title: "Problem",
		col_enterprise: "Enterprise",
		col_area: "Area",
		col_category: "Category",
		col_department: "Lead department",
		col_state: "State",
		col_tier: "Tier",
		col_colour: "Colour",
		col_created: "Registered",
		col_dispatched: "Dispatched",
		col_accepted: "Accepted",
		col_due: "Deadline",
		col_resolved: "Resolved",
		col_closed_off: "Closed off",
		col_transfers: "Transfers",
		col_reopens: "Reopens",
		col_at: "Time",
	},
});
