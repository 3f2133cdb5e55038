/**
 * The escalation plan of an issue that is being created. Such an issue has taken no steps, has no
 * progress note and is not under review, so its plan needs no reads: `createIssue` writes it in the
 * issue's own insert. It is the plan `planWakeUp` would store right after (tests/escalation hold
 * the two to the same answer).
 */
import type { Issue } from "../../db/schema/issues.ts";
import type { WorkingCalendar } from "../calendar/types.ts";
import {
	colourApplies,
	colourAt,
	type EscalationIssue,
	planNextWake,
} from "./plan.ts";
import type { EscalationPolicy } from "./policy-schema.ts";
import { escalationOf } from "./resolve-policy.ts";
import { retrospectiveNeeded } from "./retrospective.ts";

export type NewIssueFacts = Pick<
	Issue,
	| "state"
	| "urgency"
	| "categoryCode"
	| "sourceChannel"
	| "acceptDueAt"
	| "clockStartedAt"
	| "dueAt"
	| "policy"
>;

export interface FirstWake {
	/** The issue's policy with the escalation policy copied in. */
	policy: Record<string, unknown>;
	nextWakeAt: Date | null;
	colour: Issue["colour"];
	retrospectiveRequired: boolean;
}

/** `escalation` is the directory's policy; an escalation part already in the issue's policy wins (as in `planWakeUp`). */
export function planFirstWake(
	issue: NewIssueFacts,
	directoryEscalation: EscalationPolicy,
	calendar: WorkingCalendar,
	now: Date,
): FirstWake {
	const escalation = escalationOf(issue.policy) ?? directoryEscalation;
	const policy = issue.policy as {
		limit?: { resolveWorkingDays?: number };
	} & Record<string, unknown>;
	const snapshot: EscalationIssue = {
		id: 0,
		state: issue.state,
		tier: "department",
		urgency: issue.urgency,
		acceptDueAt: issue.acceptDueAt,
		acceptedAt: null,
		clockStartedAt: issue.clockStartedAt,
		dueAt: issue.dueAt,
		resolvedAt: null,
		closedAt: null,
		resolveWorkingDays: policy.limit?.resolveWorkingDays ?? 0,
		lastProgressAt: null,
		reviewStartedAt: null,
		escalation,
	};
	return {
		policy: { ...policy, escalation },
		nextWakeAt: planNextWake(snapshot, new Set(), calendar, now)?.at ?? null,
		colour: colourApplies(snapshot)
			? colourAt(snapshot, calendar, now)
			: "green",
		retrospectiveRequired: retrospectiveNeeded(issue, escalation.retrospective),
	};
}
