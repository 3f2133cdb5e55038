/**
 * China's national holidays and adjusted working days (调休), from the `chinese-days` package.
 *
 * We read the package's static JSON rather than call its functions: those build their date keys with
 * the process's local time zone, and west of UTC they answer for the wrong day (in America/Los_Angeles
 * `getDayDetail` calls 2025-01-26, a 调休 working Sunday, a day off). The JSON is keyed by plain dates.
 */
import data from "chinese-days/dist/chinese-days.json" with { type: "json" };

interface NationalDaysData {
	/** date → "English name,中文名,days" */
	holidays: Record<string, string>;
	workdays: Record<string, string>;
}

const national: NationalDaysData = data;

export type NationalDayKind = "holiday" | "adjusted-workday";

/** What the State Council's schedule says about a date, or undefined when it says nothing (an ordinary day). */
export function nationalDayKind(
	localDate: string,
): NationalDayKind | undefined {
	if (Object.hasOwn(national.workdays, localDate)) return "adjusted-workday";
	if (Object.hasOwn(national.holidays, localDate)) return "holiday";
	return undefined;
}

const coveredYears = new Set(
	Object.keys(national.holidays).map((date) => Number(date.slice(0, 4))),
);

/**
 * Whether the package knows the national schedule of a year. Every year has a 元旦 holiday, so a year
 * without any holiday in the data is one the package does not know yet: outside it, only weekends are
 * days off unless `settings.holidays` / `settings.workdays` say otherwise.
 */
export function nationalScheduleKnown(year: number): boolean {
	return coveredYears.has(year);
}

/** The last year the installed package knows (2026 for chinese-days 1.5.7). */
export const LAST_KNOWN_NATIONAL_YEAR = Math.max(...coveredYears);
