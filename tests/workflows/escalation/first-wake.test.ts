/**
 * A new issue's first wake-up is planned in its own insert (`createIssue` with `escalation`). It must
 * store what the older path stores: `createIssue` without it, then `planWakeUp` in the same
 * transaction. Both run on the demo directory's calendar and deadlines, for issues with and without a
 * lead department, at times that land inside and outside working time.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DbOrTx } from "../../../db/client.ts";
import {
	departments,
	enterprises,
	people,
} from "../../../db/schema/directory.ts";
import {
	type Issue,
	issues,
	type SourceChannel,
} from "../../../db/schema/issues.ts";
import type { WorkingCalendar } from "../../../workflows/calendar/types.ts";
import { createWorkingCalendar } from "../../../workflows/calendar/working-calendar.ts";
import type {
	DeadlinePolicy,
	IssuePolicySnapshot,
	Urgency,
} from "../../../workflows/deadlines/policy-schema.ts";
import { formatDirectoryErrors } from "../../../workflows/directory/errors.ts";
import type { DirectoryFile } from "../../../workflows/directory/file-schema.ts";
import { importDirectory } from "../../../workflows/directory/import.ts";
import { loadDirectoryFile } from "../../../workflows/directory/load-file.ts";
import {
	loadCalendarSettings,
	loadDeadlinePolicy,
} from "../../../workflows/directory/queries.ts";
import {
	planWakeUp,
	storedWakeUp,
	type WakeUp,
} from "../../../workflows/escalation/plan-wake-up.ts";
import type { EscalationPolicy } from "../../../workflows/escalation/policy-schema.ts";
import {
	escalationOf,
	loadEscalationPolicy,
} from "../../../workflows/escalation/resolve-policy.ts";
import { createIssue } from "../../../workflows/issues/create-issue.ts";
import { policySnapshotFor } from "../../../workflows/lifecycle/deadlines.ts";
import {
	describeEachDriver,
	type TestDatabase,
} from "../../support/databases.ts";
import { idOf } from "../../support/directory-ids.ts";

const DEMO = "db/seeds/sanyuan.yaml";
const sh = (local: string) => new Date(`${local}+08:00`);

/** When the issue is raised. */
const MOMENTS = {
	"a working-day morning": sh("2026-03-02T09:15"),
	"a Friday evening": sh("2026-03-06T19:30"),
	"during 春节 2026": sh("2026-02-18T10:00"),
	"the afternoon of a 调休 Saturday": sh("2026-02-14T16:45"),
} as const;

interface Case {
	urgency: Urgency;
	categoryCode: string | null;
	sourceChannel: SourceChannel;
}

/** Policy categories are 复盘 categories in the default policy; hotline issues come from above. */
const CASES: Case[] = [
	{ urgency: "urgent", categoryCode: "power", sourceChannel: "playground" },
	{ urgency: "normal", categoryCode: "power", sourceChannel: "playground" },
	{ urgency: "complex", categoryCode: "land", sourceChannel: "playground" },
	{ urgency: "normal", categoryCode: "policy", sourceChannel: "playground" },
	{ urgency: "normal", categoryCode: null, sourceChannel: "hotline_12345" },
];

/** A directory's own section: every part differs from the default, and the clock runs long enough for progress nudges. */
const OWN_ESCALATION = {
	acceptance: [
		{
			key: "remind",
			afterWorkingHours: 1,
			notify: [{ who: ["lead_officials"], text: "accept_overdue" }],
		},
		{
			key: "office",
			afterWorkingDays: 1,
			notify: [{ who: ["office"], text: "accept_overdue_office" }],
		},
	],
	colours: [
		{ colour: "yellow", atFraction: 0.5 },
		{ colour: "red", atFraction: 0.9 },
	],
	sanctions: {
		everyWorkingHours: 4,
		steps: [
			{
				key: "notice",
				notify: [{ who: ["lead_officials"], text: "sanction_notice" }],
			},
		],
	},
	progress: {
		minResolveWorkingDays: 3,
		afterDays: 2,
		notify: [{ who: ["lead_officials"], text: "progress_due" }],
	},
	retrospective: {
		urgencies: ["urgent"],
		categories: ["power"],
		channels: ["hotline_12345"],
	},
};

async function issueRow(db: DbOrTx, id: number): Promise<Issue> {
	const [row] = await db.select().from(issues).where(eq(issues.id, id));
	if (!row) throw new Error(`no issue ${id}`);
	return row;
}

/** What planning stores on an issue. */
const planned = (issue: Issue) => ({
	nextWakeAt: issue.nextWakeAt,
	colour: issue.colour,
	retrospectiveRequired: issue.retrospectiveRequired,
	escalation: escalationOf(issue.policy),
	policy: issue.policy,
	wakeGeneration: issue.wakeGeneration,
});

interface Setting {
	escalation: EscalationPolicy;
	deadlines: DeadlinePolicy;
	calendar: WorkingCalendar;
	ids: { enterprise: number; reporter: number; lead: number; co: number };
}

interface Outcome {
	what: string;
	fresh: Issue;
	old: Issue;
}

/**
 * Raises the same issue both ways in one transaction and checks they agree. Returns both rows for
 * the matrix-wide checks.
 */
async function raiseBothWays(
	db: DbOrTx,
	setting: Setting,
	input: Case & {
		now: Date;
		clockStartsAt: IssuePolicySnapshot["clockStartsAt"];
		lead: boolean;
	},
): Promise<Outcome> {
	const { calendar, ids } = setting;
	const what = JSON.stringify({
		...input,
		// Shanghai time, as MOMENTS are written.
		now: `${new Date(input.now.getTime() + 8 * 3_600_000).toISOString().slice(0, 16)}+08:00`,
	});
	const policy: IssuePolicySnapshot = {
		...policySnapshotFor(setting.deadlines, input.categoryCode, input.urgency),
		clockStartsAt: input.clockStartsAt,
	};
	const common = {
		sourceChannel: input.sourceChannel,
		title: "厂区频繁停电",
		body: "最近一周厂区停电三次，影响生产",
		enterpriseId: ids.enterprise,
		reporterPersonId: ids.reporter,
		categoryCode: input.categoryCode,
		urgency: input.urgency,
		leadDepartmentId: input.lead ? ids.lead : null,
		coDepartmentIds: input.lead ? [ids.co] : [],
		policy,
		now: input.now,
		calendar,
	};
	return db.transaction(async (tx) => {
		const created = await createIssue(tx, {
			...common,
			escalation: setting.escalation,
		});
		const fresh = await issueRow(tx, created.id);

		const beforePlan = await createIssue(tx, common);
		expect(escalationOf(beforePlan.policy), what).toBeNull();
		const wakeUp = await planWakeUp(tx, beforePlan.id, input.now, {
			calendar,
		});
		const old = await issueRow(tx, beforePlan.id);

		expect(planned(fresh), what).toEqual(planned(old));
		expect(escalationOf(fresh.policy), what).toEqual(setting.escalation);
		// What createIssue returns is what it stored, and asks for the wake-up planWakeUp returned.
		expect(planned(created), what).toEqual(planned(fresh));
		const expected: WakeUp | null = wakeUp && {
			...wakeUp,
			issueId: fresh.id,
		};
		expect(storedWakeUp(created), what).toEqual(expected);
		expect(storedWakeUp(old), what).toEqual(wakeUp);

		// Planning the new issue again finds nothing to change.
		const again = await planWakeUp(tx, fresh.id, input.now, { calendar });
		expect(again, what).toEqual(storedWakeUp(created));
		expect(planned(await issueRow(tx, fresh.id)), what).toEqual(planned(fresh));
		return { what, fresh, old };
	});
}

function firstWakeSuite(
	name: string,
	directory: (demo: DirectoryFile) => DirectoryFile,
	expectDefaultPolicy: boolean,
) {
	describeEachDriver(name, (database: () => TestDatabase) => {
		let setting: Setting;
		const outcomes: Outcome[] = [];

		beforeAll(async () => {
			const { db } = database();
			const file = await loadDirectoryFile(DEMO);
			if (!file.ok) throw new Error(formatDirectoryErrors(file.errors));
			await importDirectory(db, directory(file.directory));
			setting = {
				escalation: await loadEscalationPolicy(db),
				deadlines: await loadDeadlinePolicy(db),
				calendar: createWorkingCalendar(await loadCalendarSettings(db)),
				ids: {
					enterprise: await idOf(db, enterprises, "xinyuan-machinery"),
					reporter: await idOf(db, people, "chen-guodong"),
					lead: await idOf(db, departments, "power"),
					co: await idOf(db, departments, "water"),
				},
			};
		});

		it("lets an escalation part already in the issue's policy win over the directory's, as planWakeUp does", async () => {
			const { db } = database();
			const { calendar, ids } = setting;
			const own: EscalationPolicy = {
				...setting.escalation,
				retrospective: {
					urgencies: ["urgent", "normal", "complex"],
					categories: [],
					channels: [],
				},
			};
			const now = new Date("2026-03-02T01:30:00Z");
			const common = {
				sourceChannel: "wechat" as SourceChannel,
				title: "厂区频繁停电",
				body: "最近一周厂区停电三次，影响生产",
				enterpriseId: ids.enterprise,
				reporterPersonId: ids.reporter,
				categoryCode: "power",
				urgency: "normal" as const,
				leadDepartmentId: ids.lead,
				policy: {
					...policySnapshotFor(setting.deadlines, "power", "normal"),
					escalation: own,
				},
				now,
				calendar,
			};
			await db.transaction(async (tx) => {
				const created = await createIssue(tx, {
					...common,
					escalation: setting.escalation,
				});
				const replanned = await createIssue(tx, common);
				await planWakeUp(tx, replanned.id, now, { calendar });
				const old = await issueRow(tx, replanned.id);
				expect(created.retrospectiveRequired).toBe(true);
				expect(escalationOf(created.policy)).toEqual(own);
				expect(planned(created)).toEqual(planned(old));
			});
		});

		it("runs on the policy and calendar the matrix assumes", () => {
			const { escalation, calendar } = setting;
			if (expectDefaultPolicy) {
				// The demo has no escalation section: the default policy, whose 复盘 categories include
				// one of the demo's categories.
				expect(escalation.retrospective.categories).toContain("policy");
				expect(escalation.retrospective.channels).not.toContain(
					"hotline_12345",
				);
			} else {
				expect(escalation.retrospective.channels).toEqual(["hotline_12345"]);
				expect(escalation.colours.map((c) => c.atFraction)).toEqual([0.5, 0.9]);
			}
			const at = MOMENTS;
			expect(calendar.isOfficeHours(at["a working-day morning"])).toBe(true);
			expect(calendar.isOfficeHours(at["a Friday evening"])).toBe(false);
			expect(calendar.isWorkingDay("2026-03-07")).toBe(false);
			expect(calendar.isWorkingDay("2026-02-18")).toBe(false);
			expect(
				calendar.isOfficeHours(at["the afternoon of a 调休 Saturday"]),
			).toBe(true);
		});

		for (const [moment, now] of Object.entries(MOMENTS)) {
			for (const lead of [true, false]) {
				const state = lead ? "dispatched" : "awaiting_dispatch";
				it(`${state} ${moment}: the insert stores the plan planWakeUp would`, async () => {
					const { db } = database();
					for (const clockStartsAt of ["acceptance", "dispatch"] as const)
						for (const c of CASES)
							outcomes.push(
								await raiseBothWays(db, setting, {
									...c,
									now,
									clockStartsAt,
									lead,
								}),
							);
				});
			}
		}

		it("compared plans that differ, so the comparison could have failed", () => {
			expect(outcomes).toHaveLength(
				Object.keys(MOMENTS).length * 2 * 2 * CASES.length,
			);
			const fresh = outcomes.map((o) => o.fresh);
			const waiting = fresh.filter((i) => i.state === "awaiting_dispatch");
			const dispatched = fresh.filter((i) => i.state === "dispatched");
			expect(waiting.every((i) => i.nextWakeAt === null)).toBe(true);
			expect(dispatched.every((i) => i.nextWakeAt !== null)).toBe(true);
			for (const issue of dispatched)
				expect(issue.nextWakeAt?.getTime()).toBeGreaterThan(
					issue.createdAt.getTime(),
				);
			const wakeTimes = new Set(
				dispatched.map((i) => i.nextWakeAt?.toISOString()),
			);
			expect(wakeTimes.size).toBeGreaterThan(8);
			const flags = new Set(fresh.map((i) => i.retrospectiveRequired));
			expect(flags).toEqual(new Set([true, false]));
		});
	});
}

describe("the first wake-up planned in the insert", () => {
	firstWakeSuite(
		"on the demo directory (default escalation policy)",
		(demo) => demo,
		true,
	);
	firstWakeSuite(
		"on the demo directory with its own escalation section",
		(demo) => ({ ...demo, escalation: OWN_ESCALATION }),
		false,
	);
});
