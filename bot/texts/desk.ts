/** The console's desk (办理台): the office's and supervisors' queue and the actions chat also offers. */
import { defineTexts } from "./catalog.ts";

export const deskText = defineTexts<
	| "nav"
	| "title"
	| "intro"
	| "section_awaiting_dispatch"
	| "section_not_accepted"
	| "section_extensions"
	| "section_review"
	| "section_late"
	| "section_milestones_late"
	| "section_progress_due"
	| "section_empty"
	| "returned_by"
	| "extension_line"
	| "triage_link"
	| "actions_title"
	| "actions_none"
	| "field_department"
	| "field_co_departments"
	| "field_reason"
	| "field_note"
	| "field_alternative"
	| "field_working_days"
	| "field_outcome"
	| "field_plan"
	| "plan_placeholder"
	| "field_milestone"
	| "outcome_refusal_stands"
	| "outcome_should_do"
	| "outcome_can_do"
	| "choose"
	| "submit"
	| "confirm_title"
	| "confirm_question"
	| "confirm_button"
	| "cancel"
	| "done"
	| "refused"
	| "unknown_department"
	| "unknown_action"
	| "not_for_desk"
>({
	"zh-CN": {
		nav: "办理台",
		title: "办理台",
		intro:
			"企业服务办公室、分管领导和督查人员在这里派单、转办、审批延期、评议、提级和关闭。每一项操作与群里的指令相同：写入审计记录，并在问题所在的群里发一条消息。",
		section_awaiting_dispatch: "待派单",
		section_not_accepted: "超时未签收",
		section_extensions: "待审批延期",
		section_review: "待评议（说不评议）",
		section_late: "红色预警与超期",
		section_milestones_late: "方案节点逾期",
		section_progress_due: "半月未更新进展",
		section_empty: "无",
		returned_by: "{department}退单",
		extension_line: "申请延期 {days} 个工作日：{reason}",
		triage_link: "待定消息（登记或忽略）",
		actions_title: "办理",
		actions_none: "此问题当前没有您可以办理的操作。",
		field_department: "单位",
		field_co_departments: "协办单位",
		field_reason: "理由",
		field_note: "说明",
		field_alternative: "替代服务（维持“不能办”时必填）",
		field_working_days: "新的办理期限（工作日）",
		field_outcome: "评议结论",
		field_plan: "办理方案（每行一项：措施、单位、节点）",
		plan_placeholder:
			"措施：新建专线\n单位：供电公司、自然资源局\n节点 12-20 完成勘察\n节点 2027-01-10 完成施工（供电公司）",
		field_milestone: "节点序号",
		outcome_refusal_stands: "确实无法办理",
		outcome_should_do: "应当办理",
		outcome_can_do: "能够办理",
		choose: "请选择",
		submit: "下一步",
		confirm_title: "请确认",
		confirm_question: "确认对 #{number}「{title}」执行「{action}」？",
		confirm_button: "确认",
		cancel: "返回",
		done: "已{action}。群里已发送通知。",
		refused: "未能{action}：{message}",
		unknown_department: "请选择一个单位",
		unknown_action: "没有这项操作",
		not_for_desk: "办理台只供企业服务办公室、分管领导、督查人员和管理员使用",
	},
	en: {
		nav: "Desk",
		title: "Desk",
		intro:
			"The service office, leaders in charge and supervisors dispatch, transfer, decide extensions and reviews, raise tiers and close here. Every action is the chat command: it is written to the audit log and announced in the issue's group.",
		section_awaiting_dispatch: "Awaiting dispatch",
		section_not_accepted: "Not accepted in time",
		section_extensions: "Extension requests",
		section_review: "Awaiting review",
		section_late: "Red and overdue",
		section_milestones_late: "Plan milestones late",
		section_progress_due: "No progress for half a month",
		section_empty: "None",
		returned_by: "returned by {department}",
		extension_line: "asks {days} more working days: {reason}",
		triage_link: "Unsure messages (register or dismiss)",
		actions_title: "Act",
		actions_none: "There is nothing you can do on this issue now.",
		field_department: "Department",
		field_co_departments: "Co-handling departments",
		field_reason: "Reason",
		field_note: "Note",
		field_alternative: "Alternative service (required when the refusal stands)",
		field_working_days: "New deadline (working days)",
		field_outcome: "Outcome",
		field_plan: "Plan (one part a line: measures, units, milestones)",
		plan_placeholder:
			"measures: a new dedicated line\nunits: power company, land bureau\nmilestone 12-20 survey done\nmilestone 2027-01-10 construction done (power company)",
		field_milestone: "Milestone number",
		outcome_refusal_stands: "It truly cannot be done",
		outcome_should_do: "It should be done",
		outcome_can_do: "It can be done",
		choose: "Choose",
		submit: "Next",
		confirm_title: "Please confirm",
		confirm_question: "{action} #{number} “{title}”?",
		confirm_button: "Confirm",
		cancel: "Back",
		done: "{action}: done. The group has been told.",
		refused: "Could not {action}: {message}",
		unknown_department: "Choose a department",
		unknown_action: "There is no such action",
		not_for_desk:
			"The desk is for the service office, leaders in charge, supervisors and administrators",
	},
});
