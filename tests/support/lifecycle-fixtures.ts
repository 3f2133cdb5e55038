/** Shared test data for the lifecycle suites: one issue, the people around it, valid commands. */
import type { IssueState } from "../../db/schema/issues.ts";
import { createWorkingCalendar } from "../../workflows/calendar/working-calendar.ts";
import {
	calendarSettingsSchema,
	type IssuePolicySnapshot,
} from "../../workflows/deadlines/policy-schema.ts";
import type {
	Command,
	CommandType,
} from "../../workflows/lifecycle/commands.ts";
import { transition } from "../../workflows/lifecycle/transition.ts";
import type {
	Actor,
	IssueSnapshot,
	TransitionResult,
} from "../../workflows/lifecycle/types.ts";

export const calendar = createWorkingCalendar(calendarSettingsSchema.parse({}));
export const env = { calendar };

/** Monday 2 March 2026, 10:00 in Shanghai: a plain working day. */
export const NOW = new Date("2026-03-02T02:00:00Z");

export const ENTERPRISE = 1;
export const OTHER_ENTERPRISE = 2;
export const OFFICE = 1;
export const OTHER_OFFICE = 2;
export const LEAD = 10;
export const CO = 11;
export const OTHER_DEPT = 12;
export const NEW_DEPT = 13;

export const POLICY: IssuePolicySnapshot = {
	clockStartsAt: "acceptance",
	limit: { acceptWorkingHours: 4, resolveWorkingDays: 5 },
};

export function issueIn(
	state: IssueState,
	overrides: Partial<IssueSnapshot> = {},
): IssueSnapshot {
	return {
		id: 1,
		number: "2026-000012",
		state,
		version: 3,
		enterpriseId: ENTERPRISE,
		officeId: OFFICE,
		leadDepartmentId: state === "awaiting_dispatch" ? null : LEAD,
		tier: "department",
		urgency: "normal",
		categoryCode: "power",
		colour: "yellow",
		policy: POLICY,
		transferCount: 0,
		reopenCount: 0,
		pendingExtension: null,
		dispatchedAt: new Date("2026-02-26T02:00:00Z"),
		clockStartedAt: new Date("2026-02-26T03:00:00Z"),
		acceptDueAt: new Date("2026-02-26T06:00:00Z"),
		acceptedAt: new Date("2026-02-26T03:00:00Z"),
		dueAt: new Date("2026-03-05T09:30:00Z"),
		resolvedAt: null,
		closedAt: null,
		wakeGeneration: 7,
		coDepartmentIds: [CO],
		...overrides,
	};
}

const person = (label: string, fields: Partial<Actor>): Actor => ({
	personId: 100,
	label,
	roles: [],
	departmentId: null,
	officeId: null,
	enterpriseId: null,
	leaderOfDepartmentIds: [],
	...fields,
});

export const PEOPLE = {
	enterpriseMember: person("企业成员", {
		roles: ["enterprise_member"],
		enterpriseId: ENTERPRISE,
	}),
	otherEnterpriseMember: person("别家企业成员", {
		roles: ["enterprise_member"],
		enterpriseId: OTHER_ENTERPRISE,
	}),
	leadOfficial: person("牵头经办人", {
		roles: ["official"],
		departmentId: LEAD,
	}),
	coOfficial: person("协办经办人", { roles: ["official"], departmentId: CO }),
	otherOfficial: person("别的单位经办人", {
		roles: ["official"],
		departmentId: OTHER_DEPT,
	}),
	officeStaff: person("企服办", { roles: ["office_staff"], officeId: OFFICE }),
	otherOfficeStaff: person("别的企服办", {
		roles: ["office_staff"],
		officeId: OTHER_OFFICE,
	}),
	leader: person("分管领导", {
		roles: ["leader"],
		leaderOfDepartmentIds: [LEAD],
	}),
	otherLeader: person("别的分管领导", {
		roles: ["leader"],
		leaderOfDepartmentIds: [OTHER_DEPT],
	}),
	supervisor: person("督查室", { roles: ["supervisor"] }),
	admin: person("管理员", { roles: ["admin"] }),
} satisfies Record<string, Actor>;
export type PersonaName = keyof typeof PEOPLE;

/** Someone who stands in every relation to the issue at once: only the state can stop them. */
export const EVERYONE = person("全能", {
	roles: [
		"enterprise_member",
		"official",
		"office_staff",
		"leader",
		"supervisor",
		"admin",
	],
	departmentId: LEAD,
	officeId: OFFICE,
	enterpriseId: ENTERPRISE,
	leaderOfDepartmentIds: [LEAD],
});

/** A plan with two milestones, the first reached. */
export const PLAN = {
	revision: 1,
	satisfaction: null,
	milestones: [
		{
			position: 1,
			title: "完成勘察",
			doneAt: new Date("2026-02-27T03:00:00Z"),
		},
		{ position: 2, title: "完成施工", doneAt: null },
	],
};

/** A command of each type with valid data. */
export const VALID: { [T in CommandType]: Extract<Command, { type: T }> } = {
	dispatch: { type: "dispatch", departmentId: NEW_DEPT },
	accept: { type: "accept" },
	progress: { type: "progress", note: "已联系供电所现场勘查" },
	request_info: { type: "request_info", question: "请提供用电报装申请表" },
	supply_info: { type: "supply_info", text: "申请表已上传" },
	transfer: { type: "transfer", departmentId: NEW_DEPT, reason: "属供水问题" },
	return: { type: "return", reason: "不属本单位职责" },
	refuse_return: { type: "refuse_return", reason: "属该局职责范围" },
	add_co_handler: { type: "add_co_handler", departmentId: NEW_DEPT },
	remove_co_handler: { type: "remove_co_handler", departmentId: CO },
	request_extension: {
		type: "request_extension",
		workingDays: 3,
		reason: "需等待线路改造",
	},
	approve_extension: { type: "approve_extension" },
	deny_extension: { type: "deny_extension", reason: "时限内可以完成" },
	raise_tier: { type: "raise_tier", reason: "涉及多个部门" },
	resolve: { type: "resolve", note: "已完成增容" },
	confirm: { type: "confirm" },
	rate: { type: "rate", plan: 5, process: 4, result: 5 },
	reopen: { type: "reopen", reason: "仍然经常停电" },
	refuse: { type: "refuse", reason: "超出本级权限" },
	set_plan: {
		type: "set_plan",
		measures: "新建专线并更换变压器",
		units: ["供电公司", "自然资源局"],
		milestones: [
			{ title: "完成勘察", due: "2026-03-10" },
			{ title: "完成施工", due: "2026-04-30", unit: "供电公司" },
		],
	},
	complete_milestone: { type: "complete_milestone", position: 2 },
	rate_plan: { type: "rate_plan", score: 4 },
	decide_review: {
		type: "decide_review",
		outcome: "should_do",
		note: "应当创造条件办理",
		workingDays: 10,
	},
	withdraw: { type: "withdraw" },
	close: { type: "close", reason: "企业已注销" },
};

export const PENDING_EXTENSION = {
	workingDays: 3,
	reason: "需等待线路改造",
	requestedBy: 100,
	requestedAt: "2026-03-01T02:00:00.000Z",
};

/** The issue in `state`, prepared so that `type` has what it needs (a pending extension …). */
export function issueReadyFor(
	type: CommandType,
	state: IssueState,
): IssueSnapshot {
	const needsPending =
		type === "approve_extension" || type === "deny_extension";
	return issueIn(state, {
		...(needsPending ? { pendingExtension: PENDING_EXTENSION } : {}),
		...(type === "refuse_return" ? { returnedByDepartmentId: LEAD } : {}),
		...(type === "complete_milestone" || type === "rate_plan"
			? { plan: PLAN }
			: {}),
	});
}

export function run(
	issue: IssueSnapshot,
	command: Command,
	actor: Actor = EVERYONE,
	now: Date = NOW,
): TransitionResult {
	return transition(issue, command, actor, now, env);
}

export function expectOk(result: TransitionResult) {
	if (!result.ok)
		throw new Error(`expected success, got ${JSON.stringify(result.refusal)}`);
	return result;
}

/** The issue after a successful transition, as the database would hold it. */
export function after(
	issue: IssueSnapshot,
	result: TransitionResult,
): IssueSnapshot {
	const ok = expectOk(result);
	const co = ok.effects.find((e) => e.type === "set_co_handlers");
	return {
		...issue,
		...ok.patch,
		coDepartmentIds: co ? co.departmentIds : issue.coDepartmentIds,
	};
}

/** "ok", or the refusal's code. */
export function code(result: TransitionResult): string {
	return result.ok ? "ok" : result.refusal.code;
}
