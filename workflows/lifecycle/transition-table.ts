/**
 * The lifecycle as data: for each command, the states it may run from, where it leads, and who may
 * run it, named as relations of the actor to the issue. `transition` guards every command with this
 * table; the handlers only decide the data-dependent outcomes listed in `alsoTo`.
 */
import type { IssueState } from "../../db/schema/issues.ts";
import type { CommandType } from "./commands.ts";

export const RELATIONS = [
	"enterprise",
	"lead_official",
	"co_official",
	"office",
	"leader",
	"supervisor",
	"admin",
] as const;
/**
 * - enterprise: an enterprise member of the issue's enterprise
 * - lead_official / co_official: an official of the lead / a co-handling department
 * - office: office staff of the issue's service office (any office when the issue has none: the fallback desk)
 * - leader: the leader in charge of the lead department (departments.leader_person_id)
 * - supervisor, admin: by role
 */
export type Relation = (typeof RELATIONS)[number];

/** The issue is finished: nothing runs except reopen and rate on `done`. */
export const TERMINAL_STATES = [
	"done",
	"withdrawn",
	"closed",
] as const satisfies readonly IssueState[];
/** Not finished. */
export const OPEN_STATES = [
	"awaiting_dispatch",
	"dispatched",
	"accepted",
	"awaiting_info",
	"resolved",
	"reopened",
	"under_review",
] as const satisfies readonly IssueState[];
/** Open and still being worked on (not waiting for the enterprise's verdict). */
export const ACTIVE_STATES = [
	"awaiting_dispatch",
	"dispatched",
	"accepted",
	"awaiting_info",
	"reopened",
	"under_review",
] as const satisfies readonly IssueState[];
/** A department is handling the issue under a deadline. */
const HANDLING_STATES = [
	"accepted",
	"awaiting_info",
	"reopened",
] as const satisfies readonly IssueState[];

export interface TransitionRule {
	from: readonly IssueState[];
	/** The usual resulting state; "same" for notes that leave the state as it is. */
	to: IssueState | "same";
	/** Per-state exceptions to `to`. */
	toFrom?: Partial<Record<IssueState, IssueState | "same">>;
	/** Other states the command can lead to, depending on its data or the issue's history. */
	alsoTo?: readonly IssueState[];
	who: readonly Relation[];
}

export const TRANSITION_TABLE = {
	dispatch: {
		from: ["awaiting_dispatch", "dispatched"],
		to: "dispatched",
		who: ["office", "admin"],
	},
	accept: {
		from: ["dispatched", "reopened"],
		to: "accepted",
		who: ["lead_official"],
	},
	progress: {
		from: HANDLING_STATES,
		to: "same",
		who: ["lead_official", "co_official"],
	},
	request_info: {
		from: ["accepted"],
		to: "awaiting_info",
		who: ["lead_official"],
	},
	supply_info: {
		from: [
			"awaiting_dispatch",
			"dispatched",
			"accepted",
			"awaiting_info",
			"reopened",
			"under_review",
		],
		to: "same",
		toFrom: { awaiting_info: "accepted" },
		who: ["enterprise"],
	},
	transfer: {
		from: ["dispatched", "accepted", "reopened"],
		to: "dispatched",
		// A department's second transfer is passing the buck: it goes to review (说不评议).
		alsoTo: ["under_review"],
		who: ["lead_official", "office", "admin"],
	},
	return: {
		from: ["dispatched"],
		to: "awaiting_dispatch",
		who: ["lead_official"],
	},
	refuse_return: {
		from: ["awaiting_dispatch"],
		to: "under_review",
		who: ["office", "admin"],
	},
	add_co_handler: {
		from: ACTIVE_STATES,
		to: "same",
		who: ["lead_official", "office", "admin"],
	},
	remove_co_handler: {
		from: ACTIVE_STATES,
		to: "same",
		who: ["lead_official", "office", "admin"],
	},
	request_extension: {
		from: HANDLING_STATES,
		to: "same",
		who: ["lead_official"],
	},
	approve_extension: {
		from: HANDLING_STATES,
		to: "same",
		who: ["office", "admin", "leader"],
	},
	deny_extension: {
		from: HANDLING_STATES,
		to: "same",
		who: ["office", "admin", "leader"],
	},
	raise_tier: {
		from: ACTIVE_STATES,
		to: "same",
		who: ["lead_official", "office", "admin", "leader", "supervisor"],
	},
	resolve: {
		from: ["accepted", "reopened"],
		to: "resolved",
		who: ["lead_official"],
	},
	confirm: { from: ["resolved"], to: "done", who: ["enterprise"] },
	rate: {
		from: ["resolved", "done"],
		to: "done",
		// A result rating of 2 or less is 不满意: the issue is reopened.
		alsoTo: ["reopened"],
		who: ["enterprise"],
	},
	reopen: {
		from: ["resolved", "done"],
		to: "reopened",
		who: ["enterprise"],
	},
	refuse: {
		from: ["dispatched", "accepted", "reopened"],
		to: "under_review",
		who: ["lead_official"],
	},
	decide_review: {
		from: ["under_review"],
		to: "accepted",
		// refusal_stands closes the issue; should_do and can_do send it back to the department.
		alsoTo: ["closed"],
		who: ["supervisor", "office", "admin"],
	},
	set_plan: {
		from: HANDLING_STATES,
		to: "same",
		who: ["lead_official", "office", "admin"],
	},
	complete_milestone: {
		from: HANDLING_STATES,
		to: "same",
		who: ["lead_official", "co_official", "office", "admin"],
	},
	rate_plan: {
		from: [...HANDLING_STATES, "resolved"],
		to: "same",
		who: ["enterprise"],
	},
	withdraw: { from: OPEN_STATES, to: "withdrawn", who: ["enterprise"] },
	close: { from: OPEN_STATES, to: "closed", who: ["office", "admin"] },
} as const satisfies Record<CommandType, TransitionRule>;

export function ruleFor(type: CommandType): TransitionRule {
	return TRANSITION_TABLE[type];
}

/** The state a command leads to from `state` when no data-dependent exception applies. */
export function usualNextState(
	type: CommandType,
	state: IssueState,
): IssueState {
	const rule = ruleFor(type);
	const to = rule.toFrom?.[state] ?? rule.to;
	return to === "same" ? state : to;
}
