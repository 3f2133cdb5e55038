/** The shapes `transition` reads and returns. Pure data: no database, no clock of its own. */
import type { PersonRole } from "../../db/schema/directory.ts";
import type { Issue, IssueState } from "../../db/schema/issues.ts";
import type { WorkingCalendar } from "../calendar/types.ts";
import type { DeadlinePolicy } from "../deadlines/policy-schema.ts";

/** The columns a transition may change. */
type PatchableColumn =
	| "state"
	| "leadDepartmentId"
	| "tier"
	| "urgency"
	| "categoryCode"
	| "colour"
	| "policy"
	| "transferCount"
	| "reopenCount"
	| "pendingExtension"
	| "dispatchedAt"
	| "clockStartedAt"
	| "acceptDueAt"
	| "acceptedAt"
	| "dueAt"
	| "resolvedAt"
	| "closedAt"
	| "wakeGeneration";

/** The fields of an `issues` row that the lifecycle reads, plus its co-handling departments. */
export type IssueSnapshot = Pick<
	Issue,
	"id" | "number" | "version" | "enterpriseId" | "officeId" | PatchableColumn
> & {
	coDepartmentIds: number[];
	/** Awaiting dispatch after a 退单: the department that returned it (applyCommand loads it). */
	returnedByDepartmentId?: number | null;
	/** The issue's plan, loaded by applyCommand for the plan commands; null when it has none. */
	plan?: PlanSnapshot | null;
};

export interface PlanSnapshot {
	revision: number;
	satisfaction: number | null;
	milestones: Array<{ position: number; title: string; doneAt: Date | null }>;
}

/** A milestone as the lifecycle decided it, stored by applyCommand. */
export interface PlannedMilestone {
	position: number;
	title: string;
	unit: string | null;
	/** The end of its day (Shanghai): from this moment it is late. */
	dueAt: Date;
}

/** What a transition changes. `version` is always old + 1. */
export type IssuePatch = Partial<Pick<Issue, PatchableColumn>> & {
	version: number;
};

/** Who is acting, as the lifecycle needs to know it. `personId: null` is the system (intake, timers). */
export interface Actor {
	personId: number | null;
	label: string;
	roles: PersonRole[];
	departmentId: number | null;
	officeId: number | null;
	enterpriseId: number | null;
	/** Departments whose `leader_person_id` is this person (分管领导). */
	leaderOfDepartmentIds: number[];
}

/** The pending extension request stored in `issues.pending_extension`. */
export interface PendingExtension {
	workingDays: number;
	reason: string;
	requestedBy: number | null;
	requestedAt: string;
}

export type NotifyAudience =
	| "enterprise"
	| "lead_department"
	| "co_departments"
	| "office"
	| "leader"
	| "supervisors";

/**
 * What has to happen because of a transition, as data.
 * - `set_co_handlers` and `record_rating` are written by `applyCommand` inside the same transaction.
 * - `notify` and `replan_timers` are for after commit (the outbox writer, the escalation planner).
 */
export type Effect =
	| { type: "notify"; audience: NotifyAudience; what: string }
	| { type: "replan_timers" }
	| { type: "set_co_handlers"; departmentIds: number[] }
	| {
			type: "store_plan";
			revision: number;
			measures: string;
			units: string[];
			milestones: PlannedMilestone[];
	  }
	| { type: "complete_milestone"; position: number; note: string | null }
	| { type: "record_plan_rating"; score: number }
	| {
			type: "record_rating";
			plan: number;
			process: number;
			result: number;
			comment: string | null;
	  };
export type AfterCommitEffect = Extract<
	Effect,
	{ type: "notify" } | { type: "replan_timers" }
>;

export const REFUSAL_CODES = [
	"wrong_state",
	"not_permitted",
	"stale_version",
	"missing_reason",
	"missing_note",
	"missing_alternative",
	"invalid_rating",
	"invalid_working_days",
	"extension_pending",
	"no_extension_pending",
	"top_tier",
	"same_department",
	"already_co_handler",
	"not_a_co_handler",
	"nothing_returned",
	"invalid_plan",
	"no_plan",
	"unknown_milestone",
	"milestone_done",
	"not_found",
	"unknown_actor",
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export type RefusalParams = Record<string, string | number>;

/** An expected "no", as a code and the facts its text needs; the runtime renders it in the person's language. */
export interface Refusal {
	code: RefusalCode;
	params: RefusalParams;
}

export interface TransitionEvent {
	kind: string;
	payload: Record<string, unknown>;
}

export type TransitionResult =
	| { ok: true; patch: IssuePatch; event: TransitionEvent; effects: Effect[] }
	| { ok: false; refusal: Refusal };

export interface TransitionEnv {
	calendar: WorkingCalendar;
	/**
	 * The directory's deadline policy. When given, a dispatch that changes the urgency or category
	 * re-plans the issue's policy snapshot from it; without it the snapshot stays as it was.
	 */
	deadlinePolicy?: DeadlinePolicy;
}

export type { IssueState };
