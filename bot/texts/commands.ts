/** Texts of the command language: what each command does, its usage, help, and the problems. */
import type {
	CommandProblem,
	CommandSpec,
	CommandSpecId,
	InvalidCommand,
} from "../../workflows/commands/types.ts";
import { defineTexts, type Locale } from "./catalog.ts";

/** One line per command: "usage — what it does". */
const usage = defineTexts<CommandSpecId>({
	"zh-CN": {
		help: "帮助 — 显示可用命令",
		queue: "待办 — 列出待我处理的问题",
		my_issues: "我的问题 — 列出我提出的问题",
		show_issue: "#12 — 查看问题的办理过程",
		login: "登录 — 私聊发送，获取监督台一次性登录链接",
		dispatch: "#12 派单 @牵头单位 [@协办单位…] [紧急] — 派单",
		accept: "#12 受理 — 受理问题",
		progress: "#12 进展 内容 — 报告办理进展",
		request_info: "#12 需补充 问题 — 请企业补充材料或说明",
		supply_info: "#12 补充 内容 — 补充材料或说明",
		transfer: "#12 转办 @单位 原因 — 转给其他单位办理",
		return: "#12 退单 原因 — 退回企服办重新派单",
		refuse_return: "#12 驳回退单 原因 — 不同意单位退单，转入说不评议",
		add_co_handler: "#12 协办 @单位 — 增加协办单位",
		remove_co_handler: "#12 取消协办 @单位 — 取消协办单位",
		request_extension: "#12 延期 3个工作日 原因 — 申请延期",
		approve_extension: "#12 同意延期 [说明] — 同意延期申请",
		deny_extension: "#12 不同意延期 原因 — 驳回延期申请",
		raise_tier: "#12 升级 原因 — 提交上一层级办理",
		resolve: "#12 办结 办理结果 — 办结问题",
		confirm: "#12 确认 — 确认问题已办成",
		satisfied: "#12 满意 — 确认办成并给满分评价",
		basically_satisfied: "#12 基本满意 — 确认办成并评价为基本满意",
		unsatisfied: "#12 不满意 原因 — 不满意，重新办理",
		rate: "#12 评价 方案 过程 结果 [评语] — 各项 1–5 分，如 #12 评价 5 4 5 很及时",
		refuse: "#12 不能办 原因 — 说明无法办理，进入说不评议",
		decide_review:
			"#12 评议 维持 替代服务 | 应办 天数 说明 | 能办 天数 说明 — 评议结论",
		set_plan:
			"#12 方案 措施：…；单位：…、…；节点 12-20 内容；节点 2027-01-10 内容 — 制定或更新办理方案",
		complete_milestone: "#12 节点完成 2 [说明] — 登记第 2 个节点已完成",
		rate_plan: "#12 方案评价 1–5 [意见] — 评价办理方案（方案满意度）",
		withdraw: "#12 撤回 [原因] — 撤回问题",
		close: "#12 关闭 原因 — 关闭问题",
	},
	en: {
		help: "help — list the commands you can use",
		queue: "queue — issues waiting for you",
		my_issues: "my issues — issues you raised",
		show_issue: "#12 — show the issue and its history",
		login: "login — in a private chat, get a one-time console sign-in link",
		dispatch: "#12 dispatch @lead [@co-handler…] [urgent] — dispatch the issue",
		accept: "#12 accept — accept the issue",
		progress: "#12 progress <note> — report progress",
		request_info:
			"#12 ask <question> — ask the enterprise for more information",
		supply_info: "#12 supply <text> — supply the information asked for",
		transfer:
			"#12 transfer @department <reason> — hand over to another department",
		return:
			"#12 return <reason> — send back to the service office for dispatch",
		refuse_return:
			"#12 refuse-return <reason> — the office does not accept a return; goes to review",
		add_co_handler: "#12 cohandle @department — add a co-handling department",
		remove_co_handler:
			"#12 uncohandle @department — remove a co-handling department",
		request_extension: "#12 extend 3 <reason> — ask for 3 more working days",
		approve_extension: "#12 approve-extension [note] — approve the extension",
		deny_extension: "#12 deny-extension <reason> — deny the extension",
		raise_tier: "#12 raise <reason> — raise to the next tier",
		resolve: "#12 resolve <what was done> — resolve the issue",
		confirm: "#12 confirm — confirm the issue is really done",
		satisfied: "#12 satisfied — confirm and rate 5/5/5",
		basically_satisfied: "#12 fair — confirm and rate 4/4/4",
		unsatisfied: "#12 unsatisfied <reason> — not satisfied, reopen",
		rate: "#12 rate <plan> <process> <result> [comment] — each 1–5, e.g. #12 rate 5 4 5 quick",
		refuse: "#12 refuse <reason> — it cannot be done; goes to review",
		decide_review:
			"#12 review stands <alternative> | should <days> <note> | can <days> <note> — review decision",
		set_plan:
			"#12 plan measures: …; units: …, …; milestone 12-20 <what>; milestone 2027-01-10 <what> — write or update the plan",
		complete_milestone:
			"#12 milestone-done 2 [note] — record milestone 2 as reached",
		rate_plan: "#12 rate-plan 1–5 [comment] — rate the plan (5 is best)",
		withdraw: "#12 withdraw [reason] — withdraw the issue",
		close: "#12 close <reason> — close the issue",
	},
});

const problems = defineTexts<CommandProblem>({
	"zh-CN": {
		missing_reason: "请写明原因。",
		missing_note: "请写明内容。",
		missing_question: "请写明需要企业补充什么。",
		missing_text: "请写明补充的内容。",
		missing_department: "请 @ 或写明单位名称。",
		missing_days: "请写明延期几个工作日，如“3个工作日”。",
		bad_number: "天数应为 1–90 的整数。",
		missing_rating: "请给出评分，如“5 4 5”。",
		bad_rating: "评分为三项（方案、过程、结果），每项 1–5 分。",
		missing_outcome: "请写明评议结论：维持、应办或能办。",
		missing_alternative: "维持说不时，请写明为企业提供的替代服务。",
		unknown_department: ({ name }) =>
			name ? `没有找到单位“${name}”。` : "没有找到这个单位。",
	},
	en: {
		missing_reason: "Please give a reason.",
		missing_note: "Please write what to record.",
		missing_question: "Please write what the enterprise should supply.",
		missing_text: "Please write what you are supplying.",
		missing_department: "Please @-mention or name the department.",
		missing_days: "Please give the number of working days, e.g. 3.",
		bad_number: "The number of days must be a whole number from 1 to 90.",
		missing_rating: "Please give a rating, e.g. 5 4 5.",
		bad_rating:
			"A rating is three scores (plan, process, result), each from 1 to 5.",
		missing_outcome: "Please give the decision: stands, should or can.",
		missing_alternative:
			"When the refusal stands, please write the alternative service offered.",
		unknown_department: ({ name }) =>
			name ? `No department called “${name}”.` : "That department is unknown.",
	},
});

const labels = defineTexts<"helpTitle" | "usageLine">({
	"zh-CN": {
		helpTitle: "可用命令（#12 为问题编号，在问题的回复中可省略）：",
		usageLine: "用法：{usage}",
	},
	en: {
		helpTitle:
			"Commands (#12 is the issue number; leave it out when replying in the issue's thread):",
		usageLine: "Usage: {usage}",
	},
});

/** One command's usage line. */
export function usageText(locale: Locale, spec: CommandSpec): string {
	return usage(locale, spec.id);
}

/** The help listing, for the specs the speaker may use (see `specsForRoles`). */
export function helpText(
	locale: Locale,
	specs: readonly CommandSpec[],
): string {
	return [
		labels(locale, "helpTitle"),
		...specs.map((spec) => `• ${usage(locale, spec.id)}`),
	].join("\n");
}

/** The polite answer to a command that could not be understood: what is wrong, then the usage. */
export function problemText(locale: Locale, invalid: InvalidCommand): string {
	const name =
		invalid.department?.name ?? invalid.department?.mention?.displayName ?? "";
	return `${problems(locale, invalid.problem, { name })}\n${labels(locale, "usageLine", { usage: usage(locale, invalid.spec.id) })}`;
}
