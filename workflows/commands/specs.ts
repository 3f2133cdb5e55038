/**
 * The command language, declared as specs: verbs in Chinese and English, how the words after the verb
 * are read, and who the command is meant for (a hint for help; the lifecycle checks permissions).
 * Usage and help texts live in bot/texts/commands.ts under the spec's id.
 */
import type { PersonRole } from "../../db/schema/directory.ts";
import type {
	CommandSpec,
	CommandSpecId,
	LifecycleSpec,
	QuerySpec,
} from "./types.ts";

const OFFICIAL: PersonRole[] = ["official", "office_staff"];
const OFFICE: PersonRole[] = ["office_staff", "leader", "admin"];
const ENTERPRISE: PersonRole[] = ["enterprise_member"];
const EVERYONE: PersonRole[] = [
	"enterprise_member",
	"official",
	"office_staff",
	"leader",
	"supervisor",
	"admin",
];

const text = (required: boolean) => ({ kind: "text", required }) as const;

export const LIFECYCLE_SPECS: LifecycleSpec[] = [
	{
		kind: "lifecycle",
		id: "dispatch",
		aliases: { zh: ["派单", "派发", "交办"], en: ["dispatch"] },
		args: { kind: "department", reason: "none", several: true },
		roles: OFFICE,
	},
	{
		kind: "lifecycle",
		id: "accept",
		aliases: { zh: ["受理", "签收"], en: ["accept"] },
		args: { kind: "none" },
		roles: OFFICIAL,
	},
	{
		kind: "lifecycle",
		id: "progress",
		aliases: { zh: ["进展", "进度"], en: ["progress"] },
		args: text(true),
		roles: OFFICIAL,
	},
	{
		kind: "lifecycle",
		id: "request_info",
		aliases: { zh: ["需补充", "请补充"], en: ["ask"] },
		args: text(true),
		roles: OFFICIAL,
	},
	{
		kind: "lifecycle",
		id: "supply_info",
		aliases: { zh: ["补充", "补充材料"], en: ["supply"] },
		args: text(true),
		roles: ENTERPRISE,
	},
	{
		kind: "lifecycle",
		id: "transfer",
		aliases: { zh: ["转办", "转交"], en: ["transfer"] },
		args: { kind: "department", reason: "required", several: false },
		roles: OFFICIAL,
	},
	{
		kind: "lifecycle",
		id: "return",
		aliases: { zh: ["退单", "退回"], en: ["return"] },
		args: text(true),
		roles: OFFICIAL,
	},
	{
		kind: "lifecycle",
		id: "refuse_return",
		aliases: {
			zh: ["驳回退单", "不同意退单"],
			en: ["refuse-return", "refuse return"],
		},
		args: text(true),
		roles: OFFICE,
	},
	{
		kind: "lifecycle",
		id: "add_co_handler",
		aliases: { zh: ["协办", "加协办"], en: ["cohandle", "co-handle"] },
		args: { kind: "department", reason: "none", several: true },
		roles: OFFICIAL,
	},
	{
		kind: "lifecycle",
		id: "remove_co_handler",
		aliases: { zh: ["取消协办"], en: ["uncohandle", "un-cohandle"] },
		args: { kind: "department", reason: "none", several: true },
		roles: OFFICIAL,
	},
	{
		kind: "lifecycle",
		id: "request_extension",
		aliases: { zh: ["延期", "申请延期"], en: ["extend"] },
		args: { kind: "days_reason" },
		roles: OFFICIAL,
	},
	{
		kind: "lifecycle",
		id: "approve_extension",
		aliases: {
			zh: ["同意延期", "批准延期"],
			en: ["approve-extension", "approve extension"],
		},
		args: text(false),
		roles: OFFICE,
	},
	{
		kind: "lifecycle",
		id: "deny_extension",
		aliases: {
			zh: ["不同意延期", "驳回延期"],
			en: ["deny-extension", "deny extension"],
		},
		args: text(true),
		roles: OFFICE,
	},
	{
		kind: "lifecycle",
		id: "raise_tier",
		aliases: { zh: ["升级", "提级"], en: ["raise"] },
		args: text(true),
		roles: [...OFFICIAL, "leader"],
	},
	{
		kind: "lifecycle",
		id: "resolve",
		aliases: { zh: ["办结", "已办结"], en: ["resolve"] },
		args: text(true),
		roles: OFFICIAL,
	},
	{
		kind: "lifecycle",
		id: "confirm",
		aliases: { zh: ["确认", "确认办成", "已办成"], en: ["confirm"] },
		args: { kind: "none" },
		roles: ENTERPRISE,
	},
	{
		kind: "lifecycle",
		id: "satisfied",
		aliases: { zh: ["满意", "非常满意"], en: ["satisfied", "ok"] },
		refOnlyAliases: ["ok"],
		args: { kind: "none" },
		roles: ENTERPRISE,
	},
	{
		kind: "lifecycle",
		id: "basically_satisfied",
		aliases: { zh: ["基本满意", "比较满意"], en: ["fair", "mostly-satisfied"] },
		args: { kind: "none" },
		roles: ENTERPRISE,
	},
	{
		kind: "lifecycle",
		id: "unsatisfied",
		aliases: { zh: ["不满意"], en: ["unsatisfied"] },
		args: text(true),
		roles: ENTERPRISE,
	},
	{
		kind: "lifecycle",
		id: "rate",
		aliases: { zh: ["评价", "评分"], en: ["rate"] },
		args: { kind: "ratings" },
		roles: ENTERPRISE,
	},
	{
		kind: "lifecycle",
		id: "refuse",
		aliases: { zh: ["不能办", "无法办理", "说不"], en: ["refuse", "cannot"] },
		args: text(true),
		roles: OFFICIAL,
	},
	{
		kind: "lifecycle",
		id: "decide_review",
		aliases: { zh: ["评议"], en: ["review"] },
		args: { kind: "review" },
		roles: ["office_staff", "supervisor", "leader"],
	},
	{
		kind: "lifecycle",
		id: "set_plan",
		aliases: { zh: ["方案", "办理方案", "更新方案"], en: ["plan"] },
		args: text(true),
		roles: OFFICIAL,
	},
	{
		kind: "lifecycle",
		id: "complete_milestone",
		aliases: {
			zh: ["节点完成", "完成节点"],
			en: ["milestone-done", "milestone"],
		},
		args: text(true),
		roles: OFFICIAL,
	},
	{
		kind: "lifecycle",
		id: "rate_plan",
		aliases: { zh: ["方案评价", "评价方案"], en: ["rate-plan"] },
		args: text(true),
		roles: ENTERPRISE,
	},
	{
		kind: "lifecycle",
		id: "withdraw",
		aliases: { zh: ["撤回", "撤销"], en: ["withdraw"] },
		args: text(false),
		roles: ENTERPRISE,
	},
	{
		kind: "lifecycle",
		id: "close",
		aliases: { zh: ["关闭"], en: ["close"] },
		args: text(true),
		roles: ["office_staff", "admin"],
	},
];

export const QUERY_SPECS: QuerySpec[] = [
	{
		kind: "query",
		id: "help",
		aliases: { zh: ["帮助", "命令"], en: ["help"] },
		roles: EVERYONE,
	},
	{
		kind: "query",
		id: "queue",
		aliases: { zh: ["待办", "待办事项"], en: ["queue", "todo"] },
		roles: ["official", "office_staff", "leader", "supervisor", "admin"],
	},
	{
		kind: "query",
		id: "my_issues",
		aliases: {
			zh: ["我的问题", "我的诉求"],
			en: ["my issues", "my issue", "mine"],
		},
		roles: EVERYONE,
	},
	/** A one-time console link, sent only in a direct chat; enterprises have no console. */
	{
		kind: "query",
		id: "login",
		aliases: { zh: ["登录", "登陆"], en: ["login", "log in"] },
		roles: ["official", "office_staff", "leader", "supervisor", "admin"],
	},
	/** `#12` alone; it has no verb. */
	{
		kind: "query",
		id: "show_issue",
		aliases: { zh: [], en: [] },
		roles: EVERYONE,
	},
];

export const COMMAND_SPECS: CommandSpec[] = [
	...QUERY_SPECS,
	...LIFECYCLE_SPECS,
];

export function specById(id: CommandSpecId): CommandSpec {
	const spec = COMMAND_SPECS.find((s) => s.id === id);
	if (!spec) throw new Error(`no command spec with id ${id}`);
	return spec;
}

/** The specs meant for someone with these roles, for help. */
export function specsForRoles(roles: readonly PersonRole[]): CommandSpec[] {
	return COMMAND_SPECS.filter((spec) =>
		spec.roles.some((role) => roles.includes(role)),
	);
}
