import { addDaysToLocalDate } from "../calendar/local-time.ts";
import type { WorkingCalendar } from "../calendar/types.ts";

/**
 * How much of the allowed working time has passed: 0 at the start, 1 at the deadline, above 1 when
 * overdue. Only office hours of working days count, so a holiday or a night does not move it; past
 * the deadline it stays at exactly 1 until the next office period begins.
 */
export function elapsedFraction(
	calendar: WorkingCalendar,
	clockStartedAt: Date,
	dueAt: Date,
	now: Date,
): number {
	const allowed = calendar.workingMinutesBetween(clockStartedAt, dueAt);
	if (allowed > 0)
		return calendar.workingMinutesBetween(clockStartedAt, now) / allowed;
	// No working time was allowed at all (a deadline at or before its start): due, then infinitely late.
	if (now.getTime() < dueAt.getTime()) return 0;
	return calendar.workingMinutesBetween(dueAt, now) > 0
		? Number.POSITIVE_INFINITY
		: 1;
}

/**
 * The first instant at which `elapsedFraction` reaches `fraction` (0.6 → when the yellow warning is due).
 * A fraction of 1 gives `dueAt` itself when the deadline is a close of office.
 */
export function fractionReachedAt(
	calendar: WorkingCalendar,
	clockStartedAt: Date,
	dueAt: Date,
	fraction: number,
): Date {
	if (!Number.isFinite(fraction) || fraction < 0) {
		throw new RangeError(
			`fractionReachedAt: fraction must be a finite number ≥ 0, got ${fraction}`,
		);
	}
	const allowedMinutes = calendar.workingMinutesBetween(clockStartedAt, dueAt);
	// Round up to the millisecond so that the answer is never a hair before the fraction is reached.
	const targetMs = Math.ceil(allowedMinutes * 60_000 * fraction - 1e-6);
	return calendar.addWorkingHours(clockStartedAt, targetMs / 3_600_000);
}

/**
 * Working days left, for texts like "还剩 3 个工作日": the working days after today up to and including
 * the due day (0 = due today). Once overdue, minus the working days after the due day up to and
 * including today (-2 = two working days late; 0 = late since earlier today).
 * `remainingWorkingDays(c, t, c.addWorkingDays(t, n)) === n` for any t before that deadline.
 */
export function remainingWorkingDays(
	calendar: WorkingCalendar,
	now: Date,
	dueAt: Date,
): number {
	const today = calendar.localDate(now);
	const dueDay = calendar.localDate(dueAt);
	if (now.getTime() < dueAt.getTime())
		return workingDaysAfterUpTo(calendar, today, dueDay);
	// 0 - n rather than -n, which would give -0 on the due day.
	return 0 - workingDaysAfterUpTo(calendar, dueDay, today);
}

function workingDaysAfterUpTo(
	calendar: WorkingCalendar,
	afterDate: string,
	lastDate: string,
): number {
	let count = 0;
	for (
		let date = addDaysToLocalDate(afterDate, 1);
		date <= lastDate;
		date = addDaysToLocalDate(date, 1)
	) {
		if (calendar.isWorkingDay(date)) count++;
	}
	return count;
}
