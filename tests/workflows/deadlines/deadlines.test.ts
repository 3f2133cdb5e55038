import { describe, expect, it } from "vitest";
import { createWorkingCalendar } from "../../../workflows/calendar/working-calendar.ts";
import {
	limitsFor,
	snapshotPolicy,
} from "../../../workflows/deadlines/limits.ts";
import {
	extendDue,
	planAcceptDue,
	planResolveDue,
} from "../../../workflows/deadlines/plan.ts";
import {
	calendarSettingsSchema,
	type DeadlinePolicy,
	deadlinePolicySchema,
	type IssuePolicySnapshot,
} from "../../../workflows/deadlines/policy-schema.ts";
import {
	elapsedFraction,
	fractionReachedAt,
	remainingWorkingDays,
} from "../../../workflows/deadlines/progress.ts";

// Holidays used: 春节 2025 (Jan 28–Feb 4 off; Sun Jan 26 and Sat Feb 8 worked), 春节 2026 (Feb 15–23 off;
// Sat Feb 14 and Sat Feb 28 worked), 国庆 2025 (Oct 1–8 off; Sun Sep 28 and Sat Oct 11 worked).

function at(local: string): Date {
	return new Date(`${local.replace(" ", "T")}:00+08:00`);
}

function local(instant: Date): string {
	return new Date(instant.getTime() + 8 * 3_600_000)
		.toISOString()
		.slice(0, 16)
		.replace("T", " ");
}

const calendar = createWorkingCalendar(calendarSettingsSchema.parse({}));

const policy: DeadlinePolicy = deadlinePolicySchema.parse({
	byUrgency: {
		urgent: { acceptWorkingHours: 1, resolveWorkingDays: 1 },
		normal: { acceptWorkingHours: 4, resolveWorkingDays: 5 },
		complex: { acceptWorkingHours: 8, resolveWorkingDays: 15 },
	},
	byCategory: {
		power: { urgent: { acceptWorkingHours: 0.5, resolveWorkingDays: 1 } },
		approvals: { normal: { acceptWorkingHours: 4, resolveWorkingDays: 10 } },
	},
});

function snapshot(
	clockStartsAt: IssuePolicySnapshot["clockStartsAt"],
	resolveWorkingDays: number,
) {
	return {
		clockStartsAt,
		limit: { acceptWorkingHours: 4, resolveWorkingDays },
	} satisfies IssuePolicySnapshot;
}

describe("limits by category and urgency", () => {
	it.each([
		["power", "urgent", { acceptWorkingHours: 0.5, resolveWorkingDays: 1 }], // the category's own
		["power", "normal", { acceptWorkingHours: 4, resolveWorkingDays: 5 }], // not overridden: falls back
		["approvals", "normal", { acceptWorkingHours: 4, resolveWorkingDays: 10 }],
		["approvals", "complex", { acceptWorkingHours: 8, resolveWorkingDays: 15 }],
		[
			"unknown-category",
			"urgent",
			{ acceptWorkingHours: 1, resolveWorkingDays: 1 },
		],
		[null, "normal", { acceptWorkingHours: 4, resolveWorkingDays: 5 }],
	] as const)("%s × %s", (category, urgency, expected) => {
		expect(limitsFor(policy, category, urgency)).toEqual(expected);
	});

	it("an issue keeps its snapshot when the policy is edited later", () => {
		const editable = deadlinePolicySchema.parse(structuredClone(policy));
		const kept = snapshotPolicy(editable, "approvals", "normal");
		editable.clockStartsAt = "dispatch";
		const approvals = editable.byCategory.approvals;
		if (approvals?.normal) approvals.normal.resolveWorkingDays = 2;
		expect(kept).toEqual({
			clockStartsAt: "acceptance",
			limit: { acceptWorkingHours: 4, resolveWorkingDays: 10 },
		});
		expect(
			snapshotPolicy(editable, "approvals", "normal").limit.resolveWorkingDays,
		).toBe(2);
	});
});

describe("planning an issue's deadlines", () => {
	it.each([
		["2025-02-05 10:00", "2025-02-05 15:30"], // 2 h before lunch, 2 h after
		["2025-01-27 15:00", "2025-02-05 10:30"], // 2.5 h before 春节, 1.5 h after
		["2025-02-07 16:00", "2025-02-08 11:30"], // into the 调休 Saturday
	])(
		"dispatched %s, must be accepted within 4 office hours: by %s",
		(dispatched, expected) => {
			expect(
				local(
					planAcceptDue(calendar, snapshot("acceptance", 5), at(dispatched)),
				),
			).toBe(expected);
		},
	);

	it("when the clock starts at acceptance, there is no resolve deadline before acceptance", () => {
		const plan = planResolveDue(calendar, snapshot("acceptance", 5), {
			dispatchedAt: at("2025-01-23 16:00"),
			acceptedAt: null,
		});
		expect(plan).toBeNull();
	});

	it("when the clock starts at acceptance, 5 working days run from acceptance over 春节 2025", () => {
		const plan = planResolveDue(calendar, snapshot("acceptance", 5), {
			dispatchedAt: at("2025-01-23 16:00"),
			acceptedAt: at("2025-01-24 10:00"),
		});
		// Jan 26 (调休 Sun), Jan 27, Feb 5, Feb 6, Feb 7
		expect(
			plan && { start: local(plan.clockStartedAt), due: local(plan.dueAt) },
		).toEqual({
			start: "2025-01-24 10:00",
			due: "2025-02-07 17:30",
		});
	});

	it("when the clock starts at dispatch, it runs before acceptance and over 国庆 2025", () => {
		for (const acceptedAt of [null, at("2025-09-30 11:00")]) {
			const plan = planResolveDue(calendar, snapshot("dispatch", 5), {
				dispatchedAt: at("2025-09-26 15:00"),
				acceptedAt,
			});
			// Sep 28 (调休 Sun), Sep 29, Sep 30, Oct 9, Oct 10
			expect(
				plan && { start: local(plan.clockStartedAt), due: local(plan.dueAt) },
			).toEqual({
				start: "2025-09-26 15:00",
				due: "2025-10-10 17:30",
			});
		}
	});

	it("a complex issue's 15 working days span 春节 2026 and both its 调休 Saturdays", () => {
		const plan = planResolveDue(calendar, snapshot("acceptance", 15), {
			dispatchedAt: at("2026-02-10 09:30"),
			acceptedAt: at("2026-02-10 10:00"),
		});
		// Feb 11, 12, 13, 14 (Sat), 24, 25, 26, 27, 28 (Sat), Mar 2, 3, 4, 5, 6, 9
		expect(plan && local(plan.dueAt)).toBe("2026-03-09 17:30");
	});

	it("an extension adds working days after the old due day, skipping the holiday", () => {
		// Oct 9, Oct 10, Oct 11 (调休 Sat)
		expect(local(extendDue(calendar, at("2025-09-30 17:30"), 3))).toBe(
			"2025-10-11 17:30",
		);
	});
});

describe("progress towards the deadline (three-colour warning)", () => {
	// Two full office days of 420 minutes: 840 minutes allowed.
	const start = at("2025-02-05 09:00");
	const due = at("2025-02-06 17:30");

	it.each([
		["2025-02-05 08:00", 0], // before the clock started
		["2025-02-05 17:30", 0.5],
		["2025-02-06 10:24", 0.6], // 420 + 84 minutes
		["2025-02-06 14:42", 0.8], // 420 + 180 + 72 minutes
		["2025-02-06 17:30", 1],
		["2025-02-06 23:00", 1], // no office time passes after the deadline's close
		["2025-02-07 09:42", 1.05], // 42 minutes of office time late
	])("at %s: %s", (now, fraction) => {
		expect(elapsedFraction(calendar, start, due, at(now))).toBeCloseTo(
			fraction,
			10,
		);
	});

	it("a holiday does not use up the allowed time", () => {
		// 420 minutes on Jan 27, then 春节, then 420 minutes on Feb 5.
		const before = at("2025-01-27 09:00");
		const after = at("2025-02-05 17:30");
		expect(
			elapsedFraction(calendar, before, after, at("2025-02-01 10:00")),
		).toBe(0.5);
		expect(
			elapsedFraction(calendar, before, after, at("2025-02-05 09:00")),
		).toBe(0.5);
	});

	it.each([
		[0.6, "2025-02-06 10:24"],
		[0.8, "2025-02-06 14:42"],
		[1, "2025-02-06 17:30"],
	])("the %s mark is reached at %s", (fraction, expected) => {
		const reached = fractionReachedAt(calendar, start, due, fraction);
		expect(local(reached)).toBe(expected);
		expect(
			elapsedFraction(calendar, start, due, reached),
		).toBeGreaterThanOrEqual(fraction);
	});

	it("a deadline allowing no office time is reached at once, then infinitely late", () => {
		const evening = at("2025-02-05 20:00");
		const sameDayClose = at("2025-02-05 17:30");
		expect(
			elapsedFraction(calendar, evening, sameDayClose, at("2025-02-05 21:00")),
		).toBe(1);
		expect(
			elapsedFraction(calendar, evening, sameDayClose, at("2025-02-06 09:01")),
		).toBe(Number.POSITIVE_INFINITY);
	});
});

describe("working days left, for the texts", () => {
	const due = at("2025-02-07 17:30");

	it.each([
		["2025-01-24 10:00", 5], // Jan 26, Jan 27, Feb 5, Feb 6, Feb 7
		["2025-01-30 10:00", 3], // in 春节: Feb 5, 6, 7 — "还剩 3 个工作日"
		["2025-02-06 16:00", 1],
		["2025-02-07 10:00", 0], // due today
		["2025-02-07 18:00", 0], // late since this evening
		["2025-02-10 10:00", -2], // late by Feb 8 (调休 Sat) and Feb 10
	])("at %s: %i", (now, expected) => {
		expect(remainingWorkingDays(calendar, at(now), due)).toBe(expected);
	});

	it.each([
		["2025-01-24 10:00", 5],
		["2026-02-13 10:00", 7],
		["2025-09-26 15:00", 6],
	])("is the inverse of addWorkingDays from %s + %i", (start, days) => {
		const dueAt = calendar.addWorkingDays(at(start), days);
		expect(remainingWorkingDays(calendar, at(start), dueAt)).toBe(days);
	});
});
