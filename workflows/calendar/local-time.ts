/**
 * Asia/Shanghai wall-clock arithmetic with a fixed +8 h offset (China has had no daylight saving since 1991).
 * A "day index" counts local days since 1970-01-01, so that day arithmetic is integer arithmetic.
 */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The local day an instant falls on. */
export function dayIndexOf(instantMs: number): number {
	return Math.floor((instantMs + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The instant of local midnight starting a day. */
export function dayStartMs(dayIndex: number): number {
	return dayIndex * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** Milliseconds since local midnight. */
export function msOfDay(instantMs: number): number {
	return instantMs + SHANGHAI_OFFSET_MS - dayIndexOf(instantMs) * DAY_MS;
}

export function formatDayIndex(dayIndex: number): string {
	return new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
}

/** The day index of a `YYYY-MM-DD` date; throws on anything that is not a real calendar date. */
export function parseLocalDate(localDate: string): number {
	const match = DATE_PATTERN.exec(localDate);
	const dayIndex = match
		? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) /
			DAY_MS
		: Number.NaN;
	if (!Number.isInteger(dayIndex) || formatDayIndex(dayIndex) !== localDate) {
		throw new RangeError(`"${localDate}" is not a date as YYYY-MM-DD`);
	}
	return dayIndex;
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOf(dayIndex: number): number {
	return (((dayIndex + 4) % 7) + 7) % 7;
}

/** `HH:MM` → milliseconds since local midnight. */
export function parseClockTime(clockTime: string): number {
	const match = CLOCK_PATTERN.exec(clockTime);
	if (!match) throw new RangeError(`"${clockTime}" is not a time as HH:MM`);
	return (Number(match[1]) * 60 + Number(match[2])) * MINUTE_MS;
}

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDaysToLocalDate(localDate: string, days: number): string {
	return formatDayIndex(parseLocalDate(localDate) + days);
}
