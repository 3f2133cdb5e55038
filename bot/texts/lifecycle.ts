/** Texts of the issue lifecycle: state, tier and command labels, and every refusal. */
import type { IssueState, Tier } from "../../db/schema/issues.ts";
import type { CommandType } from "../../workflows/lifecycle/commands.ts";
import type { Relation } from "../../workflows/lifecycle/transition-table.ts";
import type { Refusal, RefusalCode } from "../../workflows/lifecycle/types.ts";
import { defineTexts, type Locale, type TextParams } from "./catalog.ts";

const states = defineTexts<IssueState>({
	"zh-CN": {
		awaiting_dispatch: "待派单",
		dispatched: "已派单",
		accepted: "已受理",
		awaiting_info: "待补充",
		resolved: "已办结",
		done: "已办成",
		reopened: "重新办理",
		under_review: "评议中",
		withdrawn: "已撤回",
		closed: "已关闭",
	},
	en: {
		awaiting_dispatch: "awaiting dispatch",
		dispatched: "dispatched",
		accepted: "accepted",
		awaiting_info: "awaiting information",
		resolved: "resolved",
		done: "done",
		reopened: "reopened",
		under_review: "under review",
		withdrawn: "withdrawn",
		closed: "closed",
	},
});

const tiers = defineTexts<Tier>({
	"zh-CN": {
		department: "部门办理",
		office: "企服办统筹",
		joint_meeting: "联席会议",
		province: "省级",
	},
	en: {
		department: "department",
		office: "service office",
		joint_meeting: "joint meeting",
		province: "province",
	},
});

/** Short labels, for buttons and help. */
const commands = defineTexts<CommandType>({
	"zh-CN": {
		dispatch: "派单",
		accept: "受理",
		progress: "报进展",
		request_info: "要求补充",
		supply_info: "补充材料",
		transfer: "转办",
		return: "退单",
		refuse_return: "驳回退单",
		add_co_handler: "增加协办",
		remove_co_handler: "移除协办",
		request_extension: "申请延期",
		approve_extension: "批准延期",
		deny_extension: "驳回延期",
		raise_tier: "提级",
		resolve: "办结",
		confirm: "确认办成",
		rate: "评价",
		reopen: "不满意",
		refuse: "不能办",
		decide_review: "评议",
		set_plan: "制定方案",
		complete_milestone: "节点完成",
		rate_plan: "评价方案",
		withdraw: "撤回",
		close: "关闭",
	},
	en: {
		dispatch: "Dispatch",
		accept: "Accept",
		progress: "Report progress",
		request_info: "Ask for information",
		supply_info: "Add information",
		transfer: "Transfer",
		return: "Return",
		refuse_return: "Refuse the return",
		add_co_handler: "Add co-handler",
		remove_co_handler: "Remove co-handler",
		request_extension: "Request extension",
		approve_extension: "Approve extension",
		deny_extension: "Deny extension",
		raise_tier: "Raise tier",
		resolve: "Resolve",
		confirm: "Confirm done",
		rate: "Rate",
		reopen: "Not satisfied",
		refuse: "Cannot be done",
		decide_review: "Decide review",
		set_plan: "Write the plan",
		complete_milestone: "Milestone reached",
		rate_plan: "Rate the plan",
		withdraw: "Withdraw",
		close: "Close",
	},
});

/** The command as a verb phrase, to fit "只有…可以{action}" / "Only … can {action}". */
const actions = defineTexts<CommandType>({
	"zh-CN": {
		dispatch: "派发此问题",
		accept: "受理此问题",
		progress: "报告此问题的进展",
		request_info: "要求企业补充此问题的材料",
		supply_info: "补充此问题的材料",
		transfer: "转办此问题",
		return: "退回此问题",
		refuse_return: "驳回此问题的退单",
		add_co_handler: "为此问题增加协办单位",
		remove_co_handler: "移除此问题的协办单位",
		request_extension: "为此问题申请延期",
		approve_extension: "批准此问题的延期申请",
		deny_extension: "驳回此问题的延期申请",
		raise_tier: "为此问题提级",
		resolve: "办结此问题",
		confirm: "确认此问题已办成",
		rate: "评价此问题",
		reopen: "要求重新办理此问题",
		refuse: "对此问题说“不能办”",
		decide_review: "评议此问题",
		set_plan: "制定或更新此问题的办理方案",
		complete_milestone: "登记此问题的节点完成",
		rate_plan: "评价此问题的办理方案",
		withdraw: "撤回此问题",
		close: "关闭此问题",
	},
	en: {
		dispatch: "dispatch this issue",
		accept: "accept this issue",
		progress: "report progress on this issue",
		request_info: "ask the enterprise for more information on this issue",
		supply_info: "add information to this issue",
		transfer: "transfer this issue",
		return: "return this issue to the service office",
		refuse_return: "refuse this issue's return",
		add_co_handler: "add a co-handling department to this issue",
		remove_co_handler: "remove a co-handling department from this issue",
		request_extension: "request an extension for this issue",
		approve_extension: "approve the extension request for this issue",
		deny_extension: "deny the extension request for this issue",
		raise_tier: "raise this issue's tier",
		resolve: "resolve this issue",
		confirm: "confirm this issue is done",
		rate: "rate this issue",
		reopen: "reopen this issue",
		refuse: "declare this issue cannot be done",
		decide_review: "decide the review of this issue",
		set_plan: "write or update this issue's plan",
		complete_milestone: "record a milestone of this issue as reached",
		rate_plan: "rate this issue's plan",
		withdraw: "withdraw this issue",
		close: "close this issue",
	},
});

const relations = defineTexts<Relation>({
	"zh-CN": {
		enterprise: "提出此问题的企业成员",
		lead_official: "牵头单位的经办人",
		co_official: "协办单位的经办人",
		office: "负责此问题的企业服务办公室工作人员",
		leader: "牵头单位的分管领导",
		supervisor: "督查人员",
		admin: "管理员",
	},
	en: {
		enterprise: "a member of the enterprise that raised it",
		lead_official: "an official of the lead department",
		co_official: "an official of a co-handling department",
		office: "staff of the issue's service office",
		leader: "the leader in charge of the lead department",
		supervisor: "a supervisor",
		admin: "an administrator",
	},
});

/** What a missing note should contain, per command. */
const noteNames: Record<Locale, Partial<Record<CommandType, string>>> = {
	"zh-CN": {
		progress: "进展情况",
		request_info: "需要企业补充的内容",
		supply_info: "补充的内容",
		resolve: "办理结果",
		decide_review: "评议意见",
	},
	en: {
		progress: "what progress was made",
		request_info: "what the enterprise should supply",
		supply_info: "the information",
		resolve: "what was done",
		decide_review: "the review's findings",
	},
};

export function stateLabel(locale: Locale, state: IssueState): string {
	return states(locale, state);
}
export function tierLabel(locale: Locale, tier: Tier): string {
	return tiers(locale, tier);
}
export function commandLabel(locale: Locale, type: CommandType): string {
	return commands(locale, type);
}
export function relationLabel(locale: Locale, relation: Relation): string {
	return relations(locale, relation);
}

/** "a、b或c" / "a, b or c". */
function alternatives(locale: Locale, items: string[]): string {
	if (items.length <= 1) return items.join("");
	const head = items.slice(0, -1);
	const last = items[items.length - 1];
	return locale === "zh-CN"
		? `${head.join("、")}或${last}`
		: `${head.join(", ")} or ${last}`;
}

/** Params carry codes (state, command, relations), so one set renders in every locale. */
const list = (value: string | number | undefined) =>
	String(value ?? "")
		.split(",")
		.filter(Boolean);
const action = (locale: Locale, p: TextParams) =>
	actions(locale, p.command as CommandType);
const stateList = (locale: Locale, p: TextParams) =>
	alternatives(
		locale,
		list(p.allowedStates).map((s) =>
			locale === "zh-CN"
				? `「${states(locale, s as IssueState)}」`
				: states(locale, s as IssueState),
		),
	);
const whoList = (locale: Locale, p: TextParams) =>
	alternatives(
		locale,
		list(p.who).map((r) => relations(locale, r as Relation)),
	);

export const lifecycleText = defineTexts<RefusalCode>({
	"zh-CN": {
		wrong_state: (p) =>
			`#${p.number} ${states("zh-CN", p.state as IssueState)}，不能${action("zh-CN", p)}；只有${stateList("zh-CN", p)}的问题才可以。`,
		not_permitted: (p) => `只有${whoList("zh-CN", p)}可以${action("zh-CN", p)}`,
		stale_version: "此问题刚被他人更新，请查看最新状态后再试",
		missing_reason: (p) => `请写明理由后再${action("zh-CN", p)}`,
		missing_note: (p) =>
			`请写明${noteNames["zh-CN"][p.command as CommandType] ?? "说明"}后再${action("zh-CN", p)}`,
		missing_alternative: "维持“不能办”时，请写明为企业提供的替代服务",
		invalid_rating:
			"方案、过程、结果三项评分都须是 1 到 5 的整数（5 为最满意）",
		invalid_working_days: "工作日天数须为大于 0 的整数",
		extension_pending:
			"#{number} 已有一项延期申请（{workingDays} 个工作日）待审批，请等审批结果出来后再申请",
		no_extension_pending: "#{number} 没有待审批的延期申请",
		top_tier: "#{number} 已在最高层级（省级），不能再提级",
		same_department: "该单位已是此问题的牵头单位，请选择另一个单位",
		already_co_handler: "该单位已是此问题的协办单位",
		not_a_co_handler: "该单位不是此问题的协办单位，无需移除",
		nothing_returned: "#{number} 不是由单位退回的问题，没有可驳回的退单",
		not_found: "找不到问题 #{ref}，请检查编号后再试",
		invalid_plan: (p) =>
			p.problem === "measures"
				? "方案须写明措施，例如：措施：更换变压器；单位：供电公司；节点 12-20 完成勘察"
				: p.problem === "milestones"
					? "方案至少要有一个节点（日期和内容），例如：节点 12-20 完成勘察"
					: p.problem === "title"
						? "每个节点都须写明要完成的内容"
						: `节点日期“${p.due}”不是今天或以后的日期；请写成 2026-12-20 或 12月20日`,
		no_plan: "#{number} 还没有办理方案",
		unknown_milestone: "#{number} 的方案中没有第 {position} 个节点",
		milestone_done: "#{number} 的第 {position} 个节点已登记完成",
		unknown_actor:
			"你还没有登记在通讯录中，不能办理问题；请联系企业服务办公室登记",
	},
	en: {
		wrong_state: (p) =>
			`#${p.number} is ${states("en", p.state as IssueState)}, so you cannot ${action("en", p)}; that is only possible when it is ${stateList("en", p)}.`,
		not_permitted: (p) => `Only ${whoList("en", p)} can ${action("en", p)}.`,
		stale_version:
			"This issue was just updated by someone else; check its latest state and try again.",
		missing_reason: (p) => `Please give a reason to ${action("en", p)}.`,
		missing_note: (p) =>
			`Please write ${noteNames.en[p.command as CommandType] ?? "a note"} to ${action("en", p)}.`,
		missing_alternative:
			"When the refusal stands, write down the alternative service offered to the enterprise.",
		invalid_rating:
			"Each of the three ratings (plan, process, result) must be a whole number from 1 to 5 (5 is best).",
		invalid_working_days:
			"The number of working days must be a whole number greater than 0.",
		extension_pending:
			"#{number} already has an extension request ({workingDays} working days) awaiting a decision; wait for it before asking again.",
		no_extension_pending:
			"#{number} has no extension request awaiting a decision.",
		top_tier:
			"#{number} is already at the top tier (province) and cannot be raised further.",
		same_department:
			"That department already leads this issue; choose another department.",
		already_co_handler: "That department is already co-handling this issue.",
		not_a_co_handler:
			"That department is not co-handling this issue, so there is nothing to remove.",
		nothing_returned:
			"#{number} was not returned by a department, so there is no return to refuse.",
		not_found: "There is no issue #{ref}; check the number and try again.",
		invalid_plan: (p) =>
			p.problem === "measures"
				? "A plan states its measures, e.g. measures: replace the transformer; units: power company; milestone 12-20 survey done"
				: p.problem === "milestones"
					? "A plan needs at least one milestone (a date and what is done by then), e.g. milestone 12-20 survey done"
					: p.problem === "title"
						? "Each milestone says what is to be done by its date."
						: `The milestone date "${p.due}" is not today or later; write it as 2026-12-20 or 12-20.`,
		no_plan: "#{number} has no plan yet.",
		unknown_milestone: "The plan of #{number} has no milestone {position}.",
		milestone_done:
			"Milestone {position} of #{number} is already recorded as reached.",
		unknown_actor:
			"You are not in the directory yet, so you cannot act on issues; ask the service office to register you.",
	},
});

/** A refusal the lifecycle returned (a code and its facts), as the person is told it. */
export function refusalText(
	locale: Locale,
	refusal: Pick<Refusal, "code" | "params">,
): string {
	return lifecycleText(locale, refusal.code, refusal.params);
}
