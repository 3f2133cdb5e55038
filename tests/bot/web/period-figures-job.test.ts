/**
 * The worker keeps the ranking's figures ready (workflows/reports/keep-period-figures.ts, run by the
 * briefing scheduler's "period-figures" job): after a run the ended month's and quarter's figures
 * are kept and every issue's fold is clean; a write dated inside the month deletes the month's
 * figures (migration 0018's triggers) and the next run computes them again, equal to the fold as it
 * stood before (tests/support/ranking-reference.ts). Real Redis and Postgres.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, expect, it, onTestFinished } from "vitest";
import { createLogger } from "../../../bot/runtime/logger.ts";
import { createBriefingScheduler } from "../../../bot/web/ops/briefing-scheduler.ts";
import type { Db } from "../../../db/client.ts";
import { departments, people } from "../../../db/schema/directory.ts";
import { rankingSnapshots } from "../../../db/schema/issues.ts";
import { applyCommand } from "../../../workflows/issues/apply-command.ts";
import {
	parsePeriod,
	type ReportPeriod,
} from "../../../workflows/reports/period.ts";
import type { PeriodFigures } from "../../../workflows/reports/ranking.ts";
import { createTestDatabase } from "../../support/databases.ts";
import { calendar } from "../../support/lifecycle-fixtures.ts";
import {
	expectSameFigures,
	referencePeriodFigures,
} from "../../support/ranking-reference.ts";
import {
	forgetTestKeys,
	randomPrefix,
	TEST_REDIS,
} from "../../support/redis.ts";
import {
	at,
	importDemoDirectory,
	MARCH,
	seedIssues,
} from "../../support/reports-fixture.ts";
import { waitFor } from "../../support/wait.ts";

afterAll(forgetTestKeys);

const period = (label: string) => parsePeriod(label) as ReportPeriod;

it("keeps the ended periods' figures, and computes them again after a backdated write", async () => {
	const database = await createTestDatabase("postgres");
	onTestFinished(() => database.close());
	const db = database.db as Db;
	await importDemoDirectory(db);
	await seedIssues(db, MARCH);
	const march = period("2026-03");
	const q1 = period("2026-Q1");
	const kept = async (p: ReportPeriod) => {
		const [row] = await db
			.select()
			.from(rankingSnapshots)
			.where(
				and(
					eq(rankingSnapshots.periodFrom, p.from),
					eq(rankingSnapshots.periodTo, p.to),
				),
			);
		return row
			? ({
					totals: row.totals,
					byDepartment: row.departments,
				} as PeriodFigures)
			: undefined;
	};
	const count = async (table: string) => {
		const result = await db.execute(
			sql.raw(`select count(*)::int as n from ${table}`),
		);
		return (result as unknown as { rows: Array<{ n: number }> }).rows[0]?.n;
	};

	const scheduler = createBriefingScheduler({
		db,
		log: createLogger("test", () => {}),
		locale: "zh-CN",
		connection: TEST_REDIS,
		prefix: randomPrefix(),
		publicUrl: "http://localhost:3000",
		// The worker's clock: the first week of April 2026, when March and Q1 have ended.
		now: () => at("04-05 10:00"),
		figuresEveryMs: 1_000,
	});
	onTestFinished(() => scheduler.close());
	await scheduler.start();

	const first = await waitFor(
		async () => (await kept(q1)) && (await kept(march)),
		"March and Q1 kept",
	);
	expectSameFigures(
		first,
		await referencePeriodFigures(db, march.from, march.to),
	);
	const q1Figures = (await kept(q1)) as PeriodFigures;
	expectSameFigures(
		q1Figures,
		await referencePeriodFigures(db, q1.from, q1.to),
	);
	await waitFor(
		async () => (await count("issue_fact_dirty")) === 0,
		"every fold clean",
	);
	expect(await count("issue_fact_states")).toBe(MARCH.length);

	// Progress and a resolution dated in March, on the issue that was late then.
	const [power] = await db
		.select()
		.from(departments)
		.where(eq(departments.code, "power"));
	const [official] = await db
		.select()
		.from(people)
		.where(
			and(
				eq(people.departmentId, power?.id ?? -1),
				sql`'official' = any(${people.roles})`,
			),
		);
	if (!official) throw new Error("no power official");
	const result = await applyCommand(db, {
		issueNumber: "2026-900003",
		command: { type: "resolve", note: "线路已更换" },
		actorPersonId: official.id,
		now: at("03-24 10:00"),
		calendar,
	});
	expect(result.ok).toBe(true);
	expect(await kept(march)).toBeUndefined();

	const again = await waitFor(() => kept(march), "March kept again");
	expect(again.totals.resolved).toBe(first.totals.resolved + 1);
	expectSameFigures(
		again,
		await referencePeriodFigures(db, march.from, march.to),
	);
});
