/**
 * Report periods in Asia/Shanghai: a month (`2026-03`), an ISO week (`2026-W10`) or a quarter
 * (`2026-Q1`, for the quarterly 红黄黑榜).
 */
import {
	DAY_MS,
	dayIndexOf,
	dayStartMs,
	formatDayIndex,
	weekdayOf,
} from "../calendar/local-time.ts";

export interface ReportPeriod {
	kind: "month" | "week" | "quarter";
	/** `2026-03`, `2026-W10` or `2026-Q1`, as in the URL. */
	label: string;
	/** Local midnight starting the period. */
	from: Date;
	/** Local midnight after its last day (exclusive). */
	to: Date;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const WEEK = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

/** The period a label names, or null when it is not one (or the week does not exist that year). */
export function parsePeriod(label: string): ReportPeriod | null {
	const month = MONTH.exec(label);
	if (month) {
		const year = Number(month[1]);
		const m = Number(month[2]) - 1;
		const first = Date.UTC(year, m, 1) / DAY_MS;
		const next = Date.UTC(year, m + 1, 1) / DAY_MS;
		return {
			kind: "month",
			label,
			from: new Date(dayStartMs(first)),
			to: new Date(dayStartMs(next)),
		};
	}
	const quarter = QUARTER.exec(label);
	if (quarter) {
		const year = Number(quarter[1]);
		const m = (Number(quarter[2]) - 1) * 3;
		return {
			kind: "quarter",
			label,
			from: new Date(dayStartMs(Date.UTC(year, m, 1) / DAY_MS)),
			to: new Date(dayStartMs(Date.UTC(year, m + 3, 1) / DAY_MS)),
		};
	}
	const week = WEEK.exec(label);
	if (week) {
		const year = Number(week[1]);
		const monday = isoWeekOneMonday(year) + (Number(week[2]) - 1) * 7;
		if (isoWeekLabel(monday) !== label) return null;
		return {
			kind: "week",
			label,
			from: new Date(dayStartMs(monday)),
			to: new Date(dayStartMs(monday + 7)),
		};
	}
	return null;
}

/** The month before the one `now` falls in (what the scheduler reports on the 1st). */
export function previousMonth(now: Date): ReportPeriod {
	const today = formatDayIndex(dayIndexOf(now.getTime()));
	const year = Number(today.slice(0, 4));
	const month = Number(today.slice(5, 7));
	const label =
		month === 1
			? `${year - 1}-12`
			: `${year}-${String(month - 1).padStart(2, "0")}`;
	return parsePeriod(label) as ReportPeriod;
}

/** The ISO week before the one `now` falls in (what the scheduler reports on Mondays). */
export function previousWeek(now: Date): ReportPeriod {
	const day = dayIndexOf(now.getTime());
	const monday = day - ((weekdayOf(day) + 6) % 7) - 7;
	return parsePeriod(isoWeekLabel(monday)) as ReportPeriod;
}

/** The quarter before the one `now` falls in (the quarterly lists, drawn up on the quarter's first day). */
export function previousQuarter(now: Date): ReportPeriod {
	const today = formatDayIndex(dayIndexOf(now.getTime()));
	const year = Number(today.slice(0, 4));
	const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
	const label = quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`;
	return parsePeriod(label) as ReportPeriod;
}

/** The period label for the month containing `now`. */
export function monthOf(now: Date): string {
	return formatDayIndex(dayIndexOf(now.getTime())).slice(0, 7);
}

function isoWeekOneMonday(year: number): number {
	const jan4 = Date.UTC(year, 0, 4) / DAY_MS;
	return jan4 - ((weekdayOf(jan4) + 6) % 7);
}

function isoWeekLabel(monday: number): string {
	// The ISO year is the year of the week's Thursday.
	const thursday = monday + 3;
	const year = Number(formatDayIndex(thursday).slice(0, 4));
	const week = Math.floor((monday - isoWeekOneMonday(year)) / 7) + 1;
	return `${year}-W${String(week).padStart(2, "0")}`;
}
