/** Milestone dates as people write them, to the moment a milestone becomes late. */
import {
	dayIndexOf,
	dayStartMs,
	formatDayIndex,
	parseLocalDate,
} from "../calendar/local-time.ts";

/** The Shanghai calendar date of an instant, as YYYY-MM-DD. */
function shanghaiDate(instant: Date): string {
	return formatDayIndex(dayIndexOf(instant.getTime()));
}

const FULL = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;
const SHORT = /^(\d{1,2})[-/.月](\d{1,2})日?$/;

const pad = (n: number) => String(n).padStart(2, "0");

function validDate(year: number, month: number, day: number): string | null {
	const iso = `${year}-${pad(month)}-${pad(day)}`;
	const parsed = new Date(`${iso}T00:00:00Z`);
	return Number.isNaN(parsed.getTime()) ||
		parsed.toISOString().slice(0, 10) !== iso
		? null
		: iso;
}

/**
 * The date a milestone is due, as YYYY-MM-DD: `2026-12-20`, `2026年12月20日`, or `12-20` / `12月20日`
 * (this year's, or next year's when this year's has passed). Null when it is no date or already past.
 */
export function milestoneDate(written: string, now: Date): string | null {
	const today = shanghaiDate(now);
	const text = written.trim();
	const full = FULL.exec(text);
	if (full) {
		const date = validDate(Number(full[1]), Number(full[2]), Number(full[3]));
		return date && date >= today ? date : null;
	}
	const short = SHORT.exec(text);
	if (!short) return null;
	const year = Number(today.slice(0, 4));
	for (const y of [year, year + 1]) {
		const date = validDate(y, Number(short[1]), Number(short[2]));
		if (date && date >= today) return date;
	}
	return null;
}

/** The end of the date's day in Shanghai: from this moment the milestone is late. */
export function endOfShanghaiDay(date: string): Date {
	return new Date(dayStartMs(parseLocalDate(date) + 1));
}
