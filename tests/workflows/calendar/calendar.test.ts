import { describe, expect, it } from "vitest";
import {
	LAST_KNOWN_NATIONAL_YEAR,
	nationalScheduleKnown,
} from "../../../workflows/calendar/national-days.ts";
import { createWorkingCalendar } from "../../../workflows/calendar/working-calendar.ts";
import { calendarSettingsSchema } from "../../../workflows/deadlines/policy-schema.ts";

// Expected dates below come from the State Council notices (国办发明电〔2024〕12号 for 2025, gov.cn
// content_7047091 for 2026) and a wall calendar: 2025-01-01 was a Wednesday, 2026-01-01 a Thursday.

/** A Shanghai wall-clock time, "YYYY-MM-DD HH:MM", as an instant. */
function at(local: string): Date {
	return new Date(`${local.replace(" ", "T")}:00+08:00`);
}

/** An instant as Shanghai wall-clock time, "YYYY-MM-DD HH:MM". */
function local(instant: Date): string {
	return new Date(instant.getTime() + 8 * 3_600_000)
		.toISOString()
		.slice(0, 16)
		.replace("T", " ");
}

const calendar = createWorkingCalendar(calendarSettingsSchema.parse({}));

describe("working days", () => {
	it.each([
		// 春节 2025: 1月28日（除夕）至2月4日放假，1月26日（周日）、2月8日（周六）上班
		["2025-01-24", "Fri", true],
		["2025-01-25", "Sat", false],
		["2025-01-26", "Sun, 调休 working day", true],
		["2025-01-27", "Mon", true],
		["2025-01-28", "Tue, 除夕", false],
		["2025-01-31", "Fri, in the holiday", false],
		["2025-02-04", "Tue, last day of the holiday", false],
		["2025-02-05", "Wed", true],
		["2025-02-08", "Sat, 调休 working day", true],
		["2025-02-09", "Sun", false],
		// 元旦 2026: 1月1日至3日放假，1月4日（周日）上班
		["2026-01-02", "Fri, 元旦", false],
		["2026-01-04", "Sun, 调休 working day", true],
		// 春节 2026: 2月15日至23日放假，2月14日（周六）、2月28日（周六）上班
		["2026-02-13", "Fri", true],
		["2026-02-14", "Sat, 调休 working day", true],
		["2026-02-15", "Sun, first day of the holiday", false],
		["2026-02-16", "Mon", false],
		["2026-02-23", "Mon, last day of the holiday", false],
		["2026-02-24", "Tue", true],
		["2026-02-28", "Sat, 调休 working day", true],
		["2026-03-01", "Sun", false],
		// 国庆 + 中秋 2025: 10月1日至8日放假，9月28日（周日）、10月11日（周六）上班
		["2025-09-27", "Sat", false],
		["2025-09-28", "Sun, 调休 working day", true],
		["2025-09-30", "Tue", true],
		["2025-10-01", "Wed, 国庆", false],
		["2025-10-06", "Mon, 中秋", false],
		["2025-10-08", "Wed, last day of the holiday", false],
		["2025-10-09", "Thu", true],
		["2025-10-11", "Sat, 调休 working day", true],
		["2025-10-12", "Sun", false],
		// an ordinary week
		["2025-03-15", "Sat", false],
		["2025-03-17", "Mon", true],
	])("%s (%s) is a working day: %s", (date, _what, working) => {
		expect(calendar.isWorkingDay(date)).toBe(working);
	});

	it("refuses a date that does not exist", () => {
		expect(() => calendar.isWorkingDay("2025-02-30")).toThrow(/YYYY-MM-DD/);
	});

	it("takes the local date in Shanghai, not UTC", () => {
		expect(calendar.localDate(new Date("2025-01-25T15:59:59.999Z"))).toBe(
			"2025-01-25",
		);
		expect(calendar.localDate(new Date("2025-01-25T16:00:00Z"))).toBe(
			"2025-01-26",
		);
	});
});

describe("overrides in settings", () => {
	it("a local holiday is a day off, and deadlines step over it", () => {
		const withLocalHoliday = createWorkingCalendar(
			calendarSettingsSchema.parse({ holidays: ["2025-03-17"] }),
		);
		expect(withLocalHoliday.isWorkingDay("2025-03-17")).toBe(false);
		expect(
			local(withLocalHoliday.addWorkingDays(at("2025-03-14 10:00"), 1)),
		).toBe("2025-03-18 17:30");
		expect(local(calendar.addWorkingDays(at("2025-03-14 10:00"), 1))).toBe(
			"2025-03-17 17:30",
		);
	});

	it(`an extra workday in a year the package does not know (it stops at ${LAST_KNOWN_NATIONAL_YEAR})`, () => {
		expect(nationalScheduleKnown(2026)).toBe(true);
		expect(nationalScheduleKnown(2027)).toBe(false);
		// 2027-02-20 is a Saturday; say the 2027 notice makes it a 调休 working day.
		const with2027 = createWorkingCalendar(
			calendarSettingsSchema.parse({ workdays: ["2027-02-20"] }),
		);
		expect(with2027.isWorkingDay("2027-02-20")).toBe(true);
		expect(local(with2027.addWorkingDays(at("2027-02-19 10:00"), 1))).toBe(
			"2027-02-20 17:30",
		);
		expect(local(calendar.addWorkingDays(at("2027-02-19 10:00"), 1))).toBe(
			"2027-02-22 17:30",
		);
	});

	it("an override wins over the national schedule", () => {
		const overriding = createWorkingCalendar(
			calendarSettingsSchema.parse({
				holidays: ["2025-02-08"],
				workdays: ["2025-02-04"],
			}),
		);
		expect(overriding.isWorkingDay("2025-02-08")).toBe(false);
		expect(overriding.isWorkingDay("2025-02-04")).toBe(true);
	});

	it.each([
		[
			{ holidays: ["2025-03-17"], workdays: ["2025-03-17"] },
			/both in holidays and in workdays/,
		],
		[{ holidays: ["2025-02-29"] }, /YYYY-MM-DD/],
		[
			{
				officeHours: [
					["13:30", "17:30"],
					["09:00", "12:00"],
				],
			},
			/officeHours/,
		],
		[
			{
				officeHours: [
					["09:00", "12:30"],
					["12:00", "17:30"],
				],
			},
			/officeHours/,
		],
		[{ officeHours: [["09:00", "09:00"]] }, /officeHours/],
	])("refuses settings that cannot be right: %j", (settings, message) => {
		expect(() =>
			createWorkingCalendar(calendarSettingsSchema.parse(settings)),
		).toThrow(message);
	});
});

describe("office hours (09:00–12:00, 13:30–17:30)", () => {
	it.each([
		["2025-02-05 08:59", false],
		["2025-02-05 09:00", true],
		["2025-02-05 11:59", true],
		["2025-02-05 12:00", false],
		["2025-02-05 13:29", false],
		["2025-02-05 13:30", true],
		["2025-02-05 17:29", true],
		["2025-02-05 17:30", false],
		["2025-02-08 10:00", true], // 调休 Saturday
		["2025-02-09 10:00", false], // Sunday
		["2025-01-29 10:00", false], // 春节
	])("%s is office hours: %s", (instant, expected) => {
		expect(calendar.isOfficeHours(at(instant))).toBe(expected);
	});

	it.each([
		["2025-02-05 08:59", "2025-02-05 09:00"],
		["2025-02-05 10:15", "2025-02-05 10:15"],
		["2025-02-05 12:00", "2025-02-05 13:30"],
		["2025-02-05 17:30", "2025-02-06 09:00"],
		["2025-01-27 17:30", "2025-02-05 09:00"], // eve of 春节 2025
		["2025-02-07 18:00", "2025-02-08 09:00"], // Friday evening → 调休 Saturday
		["2025-09-30 18:00", "2025-10-09 09:00"], // eve of 国庆 2025
		["2026-02-14 17:30", "2026-02-24 09:00"], // 调休 Saturday before 春节 2026
	])("the next office opening after %s is %s", (instant, expected) => {
		expect(local(calendar.nextOfficeOpening(at(instant)))).toBe(expected);
	});

	it("supports other periods, e.g. summer hours", () => {
		const summer = createWorkingCalendar(
			calendarSettingsSchema.parse({
				officeHours: [
					["08:30", "12:00"],
					["15:00", "18:00"],
				],
			}),
		);
		expect(summer.isOfficeHours(at("2025-07-01 08:30"))).toBe(true);
		expect(summer.isOfficeHours(at("2025-07-01 14:00"))).toBe(false);
		expect(local(summer.addWorkingHours(at("2025-07-01 11:00"), 2))).toBe(
			"2025-07-01 16:00",
		);
		expect(local(summer.addWorkingDays(at("2025-07-01 11:00"), 0))).toBe(
			"2025-07-01 18:00",
		);
	});
});

describe("addWorkingDays: close of office on the Nth working day after the start's day", () => {
	it.each([
		// 春节 2025
		["2025-01-24 10:00", 1, "2025-01-26 17:30"], // the 调休 Sunday is day 1
		["2025-01-24 10:00", 2, "2025-01-27 17:30"],
		["2025-01-24 10:00", 3, "2025-02-05 17:30"], // the holiday is skipped
		["2025-01-27 10:00", 1, "2025-02-05 17:30"],
		["2025-01-27 10:00", 5, "2025-02-10 17:30"], // Feb 5, 6, 7, 8 (调休 Sat), 10
		["2025-01-30 10:00", 1, "2025-02-05 17:30"], // start in the holiday: day 1 is the next working day
		["2025-01-30 10:00", 0, "2025-02-05 17:30"],
		["2025-02-05 10:00", 0, "2025-02-05 17:30"], // today
		["2025-02-05 22:00", 1, "2025-02-06 17:30"], // after close still counts from that day
		// 春节 2026
		["2026-02-13 10:00", 1, "2026-02-14 17:30"], // 调休 Saturday
		["2026-02-13 10:00", 2, "2026-02-24 17:30"],
		["2026-02-13 10:00", 5, "2026-02-27 17:30"],
		["2026-02-13 10:00", 6, "2026-02-28 17:30"], // 调休 Saturday
		["2026-02-13 10:00", 7, "2026-03-02 17:30"],
		// 国庆 2025
		["2025-09-26 15:00", 1, "2025-09-28 17:30"], // 调休 Sunday
		["2025-09-26 15:00", 3, "2025-09-30 17:30"],
		["2025-09-26 15:00", 4, "2025-10-09 17:30"],
		["2025-09-26 15:00", 6, "2025-10-11 17:30"], // 调休 Saturday
		["2025-09-26 15:00", 7, "2025-10-13 17:30"],
	])("%s + %i working days = %s", (start, days, expected) => {
		expect(local(calendar.addWorkingDays(at(start), days))).toBe(expected);
	});

	it("refuses a negative or fractional count", () => {
		expect(() => calendar.addWorkingDays(at("2025-02-05 10:00"), -1)).toThrow(
			RangeError,
		);
		expect(() => calendar.addWorkingDays(at("2025-02-05 10:00"), 1.5)).toThrow(
			RangeError,
		);
	});
});

describe("addWorkingHours: only office time counts", () => {
	it.each([
		["2025-02-05 10:00", 1, "2025-02-05 11:00"],
		["2025-02-05 11:00", 2, "2025-02-05 14:30"], // lunch break skipped
		["2025-02-05 11:30", 1, "2025-02-05 14:00"],
		["2025-02-05 11:45", 0.5, "2025-02-05 13:45"],
		["2025-02-05 12:30", 1, "2025-02-05 14:30"], // during lunch: counts from 13:30
		["2025-02-05 08:00", 1, "2025-02-05 10:00"], // before opening: counts from 09:00
		["2025-02-05 09:00", 3, "2025-02-05 12:00"], // uses the morning exactly
		["2025-02-05 13:30", 4, "2025-02-05 17:30"],
		["2025-02-05 16:30", 4, "2025-02-06 12:00"], // overnight
		["2025-02-05 09:00", 8, "2025-02-06 10:00"], // an office day is 7 hours
		["2025-01-27 16:00", 4, "2025-02-05 11:30"], // across 春节 2025
		["2025-02-07 17:00", 1, "2025-02-08 09:30"], // into the 调休 Saturday
		["2025-02-09 10:00", 0, "2025-02-10 09:00"], // zero hours: the next opening
	])("%s + %s office hours = %s", (start, hours, expected) => {
		expect(local(calendar.addWorkingHours(at(start), hours))).toBe(expected);
	});
});

describe("workingMinutesBetween", () => {
	it.each([
		["2025-02-05 10:00", "2025-02-05 14:00", 150], // 120 before lunch + 30 after
		["2025-02-05 08:00", "2025-02-05 18:00", 420],
		["2025-02-05 12:10", "2025-02-05 13:20", 0],
		["2025-02-05 14:00", "2025-02-05 10:00", 0], // reversed
		["2025-01-27 09:00", "2025-02-05 09:00", 420], // only Jan 27: 春节 in between
		["2025-09-30 12:00", "2025-10-09 10:00", 300], // 240 on Sep 30 + 60 on Oct 9
		["2026-02-13 00:00", "2026-02-25 00:00", 1260], // Feb 13, Feb 14 (调休), Feb 24
	])("from %s to %s: %i minutes", (from, to, minutes) => {
		expect(calendar.workingMinutesBetween(at(from), at(to))).toBe(minutes);
	});
});
