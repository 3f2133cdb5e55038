/** Deadline arithmetic of the lifecycle: what dispatching and accepting set on an issue. */
import type { WorkingCalendar } from "../calendar/types.ts";
import {
	type DeadlinePolicy,
	type IssuePolicySnapshot,
	URGENCIES,
	type Urgency,
} from "../deadlines/policy-schema.ts";
import type { IssuePatch, IssueSnapshot } from "./types.ts";

/** The deadline part of `issues.policy`. A row without one is a bug in whoever created it. */
export function readPolicy(policy: unknown): IssuePolicySnapshot {
	const p = policy as Partial<IssuePolicySnapshot> | null;
	const limit = p?.limit;
	if (
		(p?.clockStartsAt !== "acceptance" && p?.clockStartsAt !== "dispatch") ||
		typeof limit?.acceptWorkingHours !== "number" ||
		typeof limit.resolveWorkingDays !== "number"
	)
		throw new Error(
			`issue policy has no deadline snapshot: ${JSON.stringify(policy)}`,
		);
	return { clockStartsAt: p.clockStartsAt, limit };
}

export function isUrgency(value: string): value is Urgency {
	return (URGENCIES as readonly string[]).includes(value);
}

/** Category × urgency → the snapshot to copy onto an issue; a category's override wins. */
export function policySnapshotFor(
	policy: DeadlinePolicy,
	categoryCode: string | null,
	urgency: Urgency,
): IssuePolicySnapshot {
	const override =
		categoryCode === null ? undefined : policy.byCategory[categoryCode];
	return {
		clockStartsAt: policy.clockStartsAt,
		limit: override?.[urgency] ?? policy.byUrgency[urgency],
	};
}

type Times = Pick<
	IssuePatch,
	"dispatchedAt" | "acceptDueAt" | "acceptedAt" | "clockStartedAt" | "dueAt"
>;

/** Handed to a department (dispatch, transfer, reopen): the acceptance window opens again. */
export function dispatchTimes(
	policy: IssuePolicySnapshot,
	now: Date,
	calendar: WorkingCalendar,
): Times {
	const clockNow = policy.clockStartsAt === "dispatch";
	return {
		dispatchedAt: now,
		acceptDueAt: calendar.addWorkingHours(now, policy.limit.acceptWorkingHours),
		acceptedAt: null,
		clockStartedAt: clockNow ? now : null,
		dueAt: clockNow
			? calendar.addWorkingDays(now, policy.limit.resolveWorkingDays)
			: null,
	};
}

/** Accepted: with an acceptance clock the time limit starts now. */
export function acceptTimes(
	issue: IssueSnapshot,
	policy: IssuePolicySnapshot,
	now: Date,
	calendar: WorkingCalendar,
): Times {
	if (policy.clockStartsAt !== "acceptance" || issue.clockStartedAt !== null)
		return { acceptedAt: now };
	return {
		acceptedAt: now,
		clockStartedAt: now,
		dueAt: calendar.addWorkingDays(now, policy.limit.resolveWorkingDays),
	};
}
