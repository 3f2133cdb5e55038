import type { WorkingCalendar } from "../calendar/types.ts";
import type { IssuePolicySnapshot } from "./policy-schema.ts";

/** When the department must have accepted (签收) a dispatched issue: office hours counted from dispatch. */
export function planAcceptDue(
	calendar: WorkingCalendar,
	snapshot: IssuePolicySnapshot,
	dispatchedAt: Date,
): Date {
	return calendar.addWorkingHours(
		dispatchedAt,
		snapshot.limit.acceptWorkingHours,
	);
}

export interface ResolvePlan {
	/** When the 限时办结 clock started: dispatch or acceptance, as the policy says. */
	clockStartedAt: Date;
	/** Close of office on the last allowed working day. */
	dueAt: Date;
}

/**
 * The resolve deadline (限时办结), or null while the clock has not started (it starts at acceptance and
 * the issue is not accepted yet).
 */
export function planResolveDue(
	calendar: WorkingCalendar,
	snapshot: IssuePolicySnapshot,
	times: { dispatchedAt: Date; acceptedAt: Date | null },
): ResolvePlan | null {
	const clockStartedAt =
		snapshot.clockStartsAt === "dispatch"
			? times.dispatchedAt
			: times.acceptedAt;
	if (clockStartedAt === null) return null;
	return {
		clockStartedAt,
		dueAt: calendar.addWorkingDays(
			clockStartedAt,
			snapshot.limit.resolveWorkingDays,
		),
	};
}

/** A deadline extended (延期) by whole working days: close of office on the Nth working day after the old due day. */
export function extendDue(
	calendar: WorkingCalendar,
	dueAt: Date,
	workingDays: number,
): Date {
	return calendar.addWorkingDays(dueAt, workingDays);
}
