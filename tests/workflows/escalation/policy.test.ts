/** The escalation policy and its pure planning, on a controlled clock across holidays and 调休. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { createWorkingCalendar } from "../../../workflows/calendar/working-calendar.ts";
import { calendarSettingsSchema } from "../../../workflows/deadlines/policy-schema.ts";
import { DEFAULT_ESCALATION_POLICY } from "../../../workflows/escalation/default-policy.ts";
import {
	colourAt,
	type EscalationIssue,
	planNextWake,
} from "../../../workflows/escalation/plan.ts";
import { parseEscalationPolicy } from "../../../workflows/escalation/resolve-policy.ts";

const calendar = createWorkingCalendar(calendarSettingsSchema.parse({}));
/** Shanghai wall-clock time → instant. */
const sh = (local: string) => new Date(`${local}+08:00`);

function issue(fields: Partial<EscalationIssue> = {}): EscalationIssue {
	return {
		id: 1,
		state: "accepted",
		tier: "department",
		urgency: "normal",
		acceptDueAt: null,
		acceptedAt: null,
		clockStartedAt: null,
		dueAt: null,
		resolvedAt: null,
		closedAt: null,
		resolveWorkingDays: 5,
		lastProgressAt: null,
		reviewStartedAt: null,
		escalation: DEFAULT_ESCALATION_POLICY,
		...fields,
	};
}

/** Accepted at `start` with `days` working days: the issue the lifecycle would have written. */
function accepted(
	start: string,
	days: number,
	fields: Partial<EscalationIssue> = {},
) {
	const clockStartedAt = sh(start);
	return issue({
		acceptedAt: clockStartedAt,
		clockStartedAt,
		dueAt: calendar.addWorkingDays(clockStartedAt, days),
		resolveWorkingDays: days,
		...fields,
	});
}

const keysOf = (plan: ReturnType<typeof planNextWake>) =>
	plan?.steps.map((s) => s.key.replace(/-[0-9a-z]+$/, "")) ?? [];

describe("the three colours fall on working time only", () => {
	it.each([
		{
			name: "a plain week",
			start: "2026-03-02T10:00",
			days: 5,
			yellow: "2026-03-05T15:06",
			orange: "2026-03-06T16:18",
			red: "2026-03-09T17:30",
		},
		{
			name: "across the Spring Festival, counting the 调休 Saturday",
			start: "2026-02-13T10:00",
			days: 5,
			yellow: "2026-02-25T15:06",
			orange: "2026-02-26T16:18",
			red: "2026-02-27T17:30",
		},
		{
			name: "across 国庆 and 中秋 2025, one working day",
			start: "2025-09-30T16:30",
			days: 1,
			yellow: "2025-10-09T14:18",
			orange: "2025-10-09T15:54",
			red: "2025-10-09T17:30",
		},
	])("$name", ({ start, days, yellow, orange, red }) => {
		const subject = accepted(start, days);
		const done = new Set<string>();
		const seen: Array<[string, Date]> = [];
		for (const expected of [yellow, orange, red]) {
			const plan = planNextWake(subject, done, calendar, sh(start));
			const step = plan?.steps[0];
			if (!plan || !step) throw new Error("no plan");
			expect(plan.at).toEqual(sh(expected));
			seen.push([step.colour?.name ?? "", plan.at]);
			done.add(step.key);
		}
		expect(seen.map(([c]) => c)).toEqual(["yellow", "orange", "red"]);
	});

	it("the colour shown follows the clock, and stays green on a holiday morning before yellow", () => {
		const subject = accepted("2026-02-13T10:00", 5);
		expect(colourAt(subject, calendar, sh("2026-02-18T10:00"))).toBe("green");
		expect(colourAt(subject, calendar, sh("2026-02-25T15:06"))).toBe("yellow");
		expect(colourAt(subject, calendar, sh("2026-02-26T17:00"))).toBe("orange");
		expect(colourAt(subject, calendar, sh("2026-03-02T09:30"))).toBe("red");
		expect(
			colourAt(
				{ ...subject, state: "resolved" },
				calendar,
				sh("2026-03-02T09:30"),
			),
		).toBe("green");
	});
});

describe("what is due in each state", () => {
	it("a late wake-up takes every missed step in order", () => {
		const plan = planNextWake(
			accepted("2026-03-02T10:00", 5),
			new Set(),
			calendar,
			sh("2026-03-06T17:00"),
		);
		expect(plan?.at).toEqual(sh("2026-03-05T15:06"));
		expect(keysOf(plan)).toEqual(["colour-yellow", "colour-orange"]);
	});

	it("after the deadline the sanctions ladder widens every 8 working hours", () => {
		const subject = accepted("2026-03-02T10:00", 5);
		const done = new Set<string>();
		const times: string[] = [];
		for (;;) {
			const plan = planNextWake(
				subject,
				done,
				calendar,
				sh("2026-03-02T10:00"),
			);
			if (!plan) break;
			for (const step of plan.steps) {
				done.add(step.key);
				if (step.part === "sanction")
					times.push(`${step.key.split("-")[1]} ${plan.at.toISOString()}`);
			}
			if (done.size > 10) break;
		}
		expect(times).toEqual([
			`notice ${sh("2026-03-11T10:00").toISOString()}`,
			`briefing ${sh("2026-03-12T11:00").toISOString()}`,
			`interview ${sh("2026-03-13T12:00").toISOString()}`,
		]);
	});

	it("an extension starts a fresh ladder for the new deadline", () => {
		const before = accepted("2026-03-02T10:00", 5);
		const yellow = planNextWake(
			before,
			new Set(),
			calendar,
			sh("2026-03-02T10:00"),
		);
		const dueAt = calendar.addWorkingDays(before.dueAt as Date, 3);
		const after = planNextWake(
			{ ...before, dueAt },
			new Set(yellow?.steps.map((s) => s.key)),
			calendar,
			sh("2026-03-06T10:00"),
		);
		expect(after?.steps[0]?.colour?.name).toBe("yellow");
		expect(after?.at.getTime()).toBeGreaterThan(yellow?.at.getTime() ?? 0);
	});

	it("not accepted: the officials are reminded at the acceptance deadline, then the office", () => {
		const acceptDueAt = sh("2026-03-02T14:30");
		const subject = issue({ state: "dispatched", acceptDueAt });
		const first = planNextWake(
			subject,
			new Set(),
			calendar,
			sh("2026-03-02T10:30"),
		);
		expect(first?.at).toEqual(acceptDueAt);
		expect(first?.steps[0]?.notify[0]?.who).toEqual(["lead_officials"]);
		const second = planNextWake(
			subject,
			new Set(first?.steps.map((s) => s.key)),
			calendar,
			acceptDueAt,
		);
		expect(second?.at).toEqual(sh("2026-03-02T16:30"));
		expect(second?.steps[0]?.notify[0]?.who).toEqual(["office"]);
	});

	it("resolved: a rating reminder, then auto-confirmation after 5 working days (over a weekend)", () => {
		const resolvedAt = sh("2026-03-06T11:00");
		const subject = issue({ state: "resolved", resolvedAt });
		const first = planNextWake(subject, new Set(), calendar, resolvedAt);
		expect(first?.at).toEqual(sh("2026-03-09T17:30"));
		const second = planNextWake(
			subject,
			new Set(first?.steps.map((s) => s.key)),
			calendar,
			resolvedAt,
		);
		expect(second?.at).toEqual(sh("2026-03-13T17:30"));
		expect(second?.steps[0]?.action).toBe("auto_confirm");
	});

	it("done: the follow-up visit comes 7 calendar days after closing", () => {
		const closedAt = sh("2026-03-06T11:00");
		const plan = planNextWake(
			issue({ state: "done", closedAt }),
			new Set(),
			calendar,
			closedAt,
		);
		expect(plan?.at).toEqual(sh("2026-03-13T11:00"));
		expect(plan?.steps[0]?.notify[0]?.text).toBe("followup_visit");
	});

	it("under review: the reviewers are reminded after 8 working hours", () => {
		const reviewStartedAt = sh("2026-03-02T10:00");
		const plan = planNextWake(
			issue({ state: "under_review", reviewStartedAt }),
			new Set(),
			calendar,
			reviewStartedAt,
		);
		expect(plan?.at).toEqual(sh("2026-03-03T11:00"));
		expect(plan?.steps[0]?.notify[0]?.who).toEqual(["reviewers"]);
	});

	it("a long issue without progress for 15 days is nudged; a progress note moves the nudge", () => {
		const long = accepted("2026-03-02T10:00", 15);
		expect(progressAt(long, new Set())).toEqual(sh("2026-03-17T10:00"));
		expect(
			progressAt(
				{ ...long, lastProgressAt: sh("2026-03-10T09:00") },
				new Set(),
			),
		).toEqual(sh("2026-03-25T09:00"));
		// Once nudged, the next nudge comes after another 15 days of silence.
		const first = `progress-${sh("2026-03-02T10:00").getTime().toString(36)}-1`;
		expect(progressAt(long, new Set([first]))).toEqual(sh("2026-04-01T10:00"));
		// A five-day issue is not a long one.
		expect(progressAt(accepted("2026-03-02T10:00", 5), new Set())).toBeNull();
	});

	it("nothing is planned for finished issues", () => {
		for (const state of ["withdrawn", "closed"] as const)
			expect(
				planNextWake(
					issue({ state, closedAt: sh("2026-03-02T10:00") }),
					new Set(),
					calendar,
					sh("2026-03-02T10:00"),
				),
			).toBeNull();
	});

	it("a joint-meeting issue also tells the district head at orange", () => {
		const subject = accepted("2026-03-02T10:00", 5, { tier: "joint_meeting" });
		const plan = planNextWake(
			subject,
			new Set(),
			calendar,
			sh("2026-03-07T10:00"),
		);
		const orange = plan?.steps.find((s) => s.colour?.name === "orange");
		expect(orange?.notify.flatMap((n) => n.who)).toContain("district_head");
		const base = planNextWake(
			accepted("2026-03-02T10:00", 5),
			new Set(),
			calendar,
			sh("2026-03-07T10:00"),
		);
		expect(
			base?.steps
				.find((s) => s.colour?.name === "orange")
				?.notify.flatMap((n) => n.who),
		).not.toContain("district_head");
	});
});

/** When the next progress nudge is due, walking past the other steps. */
function progressAt(subject: EscalationIssue, done: Set<string>): Date | null {
	const all = new Set(done);
	for (let i = 0; i < 20; i++) {
		const plan = planNextWake(subject, all, calendar, sh("2020-01-01T00:00"));
		if (!plan) return null;
		const nudge = plan.steps.find((s) => s.part === "progress");
		if (nudge) return nudge.at;
		for (const s of plan.steps) all.add(s.key);
	}
	return null;
}

/** The default policy as docs/escalation.md writes it out: its first YAML block. */
function documentedDefaultYaml(): string {
	const page = readFileSync(
		fileURLToPath(new URL("../../../docs/escalation.md", import.meta.url)),
		"utf8",
	);
	const block = /```yaml\n([\s\S]*?)```/.exec(page)?.[1];
	if (!block) throw new Error("docs/escalation.md has no YAML block");
	return block;
}

describe("the policy format", () => {
	it("the default policy written out in docs/escalation.md parses to the default policy", () => {
		const parsed = parseEscalationPolicy(
			parseYaml(documentedDefaultYaml()).escalation,
		);
		if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
		expect(parsed.policy).toEqual(DEFAULT_ESCALATION_POLICY);
	});

	it("an empty section is the default policy", () => {
		const parsed = parseEscalationPolicy(undefined);
		expect(parsed.ok && parsed.policy).toEqual(DEFAULT_ESCALATION_POLICY);
	});

	it("a colour listed without notify gets that colour's default messages", () => {
		const parsed = parseEscalationPolicy({
			colours: [{ colour: "yellow", atFraction: 0.5 }],
		});
		if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
		expect(parsed.policy.colours).toHaveLength(1);
		expect(parsed.policy.colours[0]?.notify[0]?.text).toBe("warn_colour");
		expect(parsed.policy.sanctions).toEqual(
			DEFAULT_ESCALATION_POLICY.sanctions,
		);
	});

	it("the five colours of 定海区 parse and plan in order", () => {
		const parsed = parseEscalationPolicy(
			parseYaml(`
colours:
  - { colour: yellow, atFraction: 0.2 }
  - { colour: blue, atFraction: 0.4, level: yellow }
  - { colour: green, atFraction: 0.6, level: yellow }
  - { colour: orange, atFraction: 0.8 }
  - { colour: red, atFraction: 1 }
`),
		);
		if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
		const subject = accepted("2026-03-02T10:00", 5, {
			escalation: parsed.policy,
		});
		const plan = planNextWake(
			subject,
			new Set(),
			calendar,
			sh("2026-03-09T17:30"),
		);
		expect(
			plan?.steps.filter((s) => s.part === "colour").map((s) => s.colour?.name),
		).toEqual(["yellow", "blue", "green", "orange", "red"]);
		expect(colourAt(subject, calendar, sh("2026-03-04T12:00"))).toBe("yellow");
	});

	it.each([
		[{ colours: [{ colour: "blue", atFraction: 0.4 }] }, "level"],
		[
			{
				colours: [
					{ colour: "yellow", atFraction: 0.8 },
					{ colour: "red", atFraction: 0.5 },
				],
			},
			"rising",
		],
		[
			{ rating: [{ key: "remind", afterDays: 1, afterWorkingDays: 1 }] },
			"exactly one",
		],
		[
			{
				acceptance: [
					{
						key: "remind",
						afterWorkingHours: 0,
						notify: [{ who: ["boss"], text: "accept_overdue" }],
					},
				],
			},
			"who",
		],
		[
			{
				followUp: [
					{
						key: "visit",
						afterDays: 7,
						notify: [{ who: ["enterprise"], text: "no_such_text" }],
					},
				],
			},
			"text",
		],
	])("refuses %j (%s)", (section, word) => {
		const parsed = parseEscalationPolicy(section);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.errors.join("\n")).toContain(word);
	});
});
