import type { CalendarSettings } from "../deadlines/policy-schema.ts";
import {
	DAY_MS,
	dayIndexOf,
	dayStartMs,
	formatDayIndex,
	msOfDay,
	parseClockTime,
	parseLocalDate,
	weekdayOf,
} from "./local-time.ts";
import { nationalDayKind } from "./national-days.ts";
import type { WorkingCalendar } from "./types.ts";

const HOUR_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
/** More days off in a row than this means the settings are wrong (no real calendar has a year-long holiday). */
const MAX_DAYS_OFF_IN_A_ROW = 366;

type Period = readonly [startMs: number, endMs: number];

/**
 * The working-day calendar of Asia/Shanghai: weekends off, the national schedule from `chinese-days`
 * (holidays off, 调休 weekends on), then `settings.holidays` (off) and `settings.workdays` (on) on top.
 *
 * - `addWorkingDays(start, n)`: close of office on the Nth working day after the local day of `start`.
 *   Day 1 is the first working day after that day, so a start on a day off counts the same as a start
 *   on the working day before it. n = 0: close of office on that day if it is a working day, else on
 *   the next working day (even when `start` is already past that close).
 * - `addWorkingHours` and `workingMinutesBetween` count only time inside office periods of working
 *   days: a start before opening counts from opening, lunch breaks and nights are skipped. Adding 0
 *   hours gives `nextOfficeOpening(start)`; a sum that uses up a period exactly ends at its close
 *   (09:00 + 3 h = 12:00, not 13:30).
 * - Office periods are half-open: 09:00 is office hours, 12:00 and 17:30 are not.
 */
export function createWorkingCalendar(
	settings: CalendarSettings,
): WorkingCalendar {
	const periods = parsePeriods(settings.officeHours);
	const overrides = parseOverrides(settings);
	const lastPeriod = periods.at(-1);
	if (!lastPeriod)
		throw new Error("calendar settings: officeHours needs at least one period");
	const closeMs = lastPeriod[1];
	const workingDayCache = new Map<number, boolean>();

	function isWorkingDayIndex(dayIndex: number): boolean {
		const cached = workingDayCache.get(dayIndex);
		if (cached !== undefined) return cached;
		const date = formatDayIndex(dayIndex);
		const override = overrides.get(date);
		const national = nationalDayKind(date);
		const weekday = weekdayOf(dayIndex);
		const working =
			override ??
			(national === undefined
				? weekday !== 0 && weekday !== 6
				: national === "adjusted-workday");
		workingDayCache.set(dayIndex, working);
		return working;
	}

	function nextWorkingDay(afterDayIndex: number): number {
		for (
			let day = afterDayIndex + 1;
			day <= afterDayIndex + MAX_DAYS_OFF_IN_A_ROW;
			day++
		) {
			if (isWorkingDayIndex(day)) return day;
		}
		throw new Error(
			`calendar settings: no working day within ${MAX_DAYS_OFF_IN_A_ROW} days after ${formatDayIndex(afterDayIndex)}; check calendar.holidays`,
		);
	}

	/** Office periods of working days that end after `fromMs`, in order, clipped to start no earlier than it. */
	function* periodsFrom(fromMs: number): Generator<Period> {
		let day = dayIndexOf(fromMs);
		if (!isWorkingDayIndex(day)) day = nextWorkingDay(day);
		for (;;) {
			const midnight = dayStartMs(day);
			for (const [start, end] of periods) {
				if (midnight + end > fromMs)
					yield [Math.max(midnight + start, fromMs), midnight + end];
			}
			day = nextWorkingDay(day);
		}
	}

	function firstPeriodFrom(fromMs: number): Period {
		const first = periodsFrom(fromMs).next();
		if (first.done) throw new Error("unreachable: periodsFrom never ends");
		return first.value;
	}

	function addWorkingMs(startMs: number, amountMs: number): number {
		let remaining = amountMs;
		for (const [start, end] of periodsFrom(startMs)) {
			if (remaining <= end - start) return start + remaining;
			remaining -= end - start;
		}
		throw new Error("unreachable: periodsFrom never ends");
	}

	function workingMsBetween(fromMs: number, toMs: number): number {
		let total = 0;
		for (const [start, end] of periodsFrom(fromMs)) {
			if (start >= toMs) break;
			total += Math.min(end, toMs) - start;
		}
		return total;
	}

	return {
		localDate: (instant) => formatDayIndex(dayIndexOf(instant.getTime())),

		isWorkingDay: (localDate) => isWorkingDayIndex(parseLocalDate(localDate)),

		isOfficeHours(instant) {
			const ms = instant.getTime();
			if (!isWorkingDayIndex(dayIndexOf(ms))) return false;
			const time = msOfDay(ms);
			return periods.some(([start, end]) => start <= time && time < end);
		},

		nextOfficeOpening: (instant) =>
			new Date(firstPeriodFrom(instant.getTime())[0]),

		addWorkingDays(start, days) {
			assertCount(days, "addWorkingDays: days");
			let day = dayIndexOf(start.getTime());
			if (days === 0 && !isWorkingDayIndex(day)) day = nextWorkingDay(day);
			for (let counted = 0; counted < days; counted++)
				day = nextWorkingDay(day);
			return new Date(dayStartMs(day) + closeMs);
		},

		addWorkingHours(start, hours) {
			if (!Number.isFinite(hours) || hours < 0) {
				throw new RangeError(
					`addWorkingHours: hours must be a finite number ≥ 0, got ${hours}`,
				);
			}
			return new Date(
				addWorkingMs(start.getTime(), Math.round(hours * HOUR_MS)),
			);
		},

		workingMinutesBetween: (from, to) =>
			workingMsBetween(from.getTime(), to.getTime()) / MINUTE_MS,
	};
}

function parsePeriods(officeHours: CalendarSettings["officeHours"]): Period[] {
	const periods = officeHours.map(
		([open, close]): Period => [parseClockTime(open), parseClockTime(close)],
	);
	periods.forEach(([start, end], index) => {
		const previous = periods[index - 1];
		if (end <= start || (previous && start < previous[1]) || end > DAY_MS) {
			throw new Error(
				`calendar settings: officeHours must be periods in order, each closing after it opens and not overlapping the one before (got ${JSON.stringify(officeHours)})`,
			);
		}
	});
	return periods;
}

/** Local date → working (true) or not (false), from settings. */
function parseOverrides(settings: CalendarSettings): Map<string, boolean> {
	const overrides = new Map<string, boolean>();
	for (const date of settings.holidays) {
		parseLocalDate(date);
		overrides.set(date, false);
	}
	for (const date of settings.workdays) {
		parseLocalDate(date);
		if (overrides.get(date) === false) {
			throw new Error(
				`calendar settings: ${date} is listed both in holidays and in workdays`,
			);
		}
		overrides.set(date, true);
	}
	return overrides;
}

function assertCount(value: number, what: string): void {
	if (!Number.isInteger(value) || value < 0)
		throw new RangeError(`${what} must be a whole number ≥ 0, got ${value}`);
}
