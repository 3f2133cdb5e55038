/**
 * The period's figures as the ranking computes them — each issue from its kept fold
 * (issue_fact_states) when that is clean and dated before the counting time, else from its events —
 * equal the fold as it stood before (tests/support/ranking-reference.ts: every event of the cohort
 * read and folded per issue) over random audit logs: transfers, returns, refusals, reviews,
 * extensions, ratings, reopenings, auto-confirmations, deadlines that do not parse, events after the
 * counting time. Compared before any fold is kept, after a refresh, after later writes (backdated
 * ones too, and an undone rating), after lead departments change, and after another refresh.
 * Numbers are compared to 1e-12 of their size (expectSameFigures).
 */
import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Db } from "../../../db/client.ts";
import { departments } from "../../../db/schema/directory.ts";
import { issueFactStates, issues, ratings } from "../../../db/schema/issues.ts";
import { refreshIssueFacts } from "../../../workflows/reports/issue-fact-states.ts";
import { computePeriodFigures } from "../../../workflows/reports/period-figures.ts";
import { seededRandom } from "../../../workflows/seeded-random.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	appendRandomHistory,
	writeRandomHistories,
} from "../../support/random-histories.ts";
import {
	expectSameFigures,
	referencePeriodFigures,
} from "../../support/ranking-reference.ts";
import { importDemoDirectory } from "../../support/reports-fixture.ts";

const DAY = 86_400_000;
const FROM = new Date("2026-02-28T16:00:00Z"); // 2026-03-01 in Shanghai
const TO = new Date("2026-03-31T16:00:00Z");
/** The counting times: mid-month (a live month), its end, and two instants with events around them. */
const AS_OFS = [
	new Date("2026-03-15T04:00:00.000Z"),
	TO,
	new Date("2026-03-22T10:30:00.250Z"),
	new Date("2026-04-20T00:00:00Z"),
];

describeEachDriver("period figures", (database) => {
	it("equal the reference fold over random audit logs, kept or not", async () => {
		const { db } = database();
		await importDemoDirectory(db as Db);
		const departmentIds = (
			await db.select({ id: departments.id }).from(departments)
		)
			.map((d) => d.id)
			.slice(0, 5);
		const random = seededRandom(20_260_520);
		const ids = await writeRandomHistories(db, random, {
			departments: departmentIds,
			from: new Date(FROM.getTime() - 3 * DAY),
			until: new Date(TO.getTime() + 2 * DAY),
			issues: 260,
			spanMs: 20 * DAY,
			firstNumber: 700_000,
		});

		const compareAll = async (stage: string) => {
			for (const asOf of AS_OFS) {
				const expected = await referencePeriodFigures(db, FROM, asOf);
				// In chunks of the default size (one here), and of 37 issues.
				const actual = await computePeriodFigures(db, FROM, asOf);
				const chunked = await computePeriodFigures(db, FROM, asOf, 37);
				expect(expected.totals.received, stage).toBeGreaterThan(0);
				try {
					expectSameFigures(actual, expected);
					expectSameFigures(chunked, expected);
				} catch (error) {
					throw new Error(
						`${stage}, counted at ${asOf.toISOString()}: ${(error as Error).message}`,
					);
				}
			}
		};

		await compareAll("nothing kept");

		expect(await refreshIssueFacts(db as Db, FROM)).toBeGreaterThan(200);
		expect(await dirtyIssues(db as Db)).toBe(0);
		await compareAll("all kept");

		// Later writes: more events and ratings on a third of the issues, some dated inside the
		// month (backdated), most after; one rating undone.
		for (const id of ids.filter((_, i) => i % 3 === 0)) {
			const since =
				random() < 0.3
					? FROM.getTime() + Math.floor(random() * 25 * DAY)
					: TO.getTime() + Math.floor(random() * 5 * DAY);
			await appendRandomHistory(db, random, departmentIds, id, since, 10 * DAY);
		}
		const [anyRating] = await db.select().from(ratings).limit(1);
		if (anyRating) await db.delete(ratings).where(eq(ratings.id, anyRating.id));
		expect(await dirtyIssues(db as Db)).toBeGreaterThan(50);
		await compareAll("written since");

		// Dispatches that named no department are read as to the lead department now.
		for (const id of ids.filter((_, i) => i % 7 === 1))
			await db
				.update(issues)
				.set({
					leadDepartmentId:
						departmentIds[Math.floor(random() * departmentIds.length)],
				})
				.where(eq(issues.id, id));
		await compareAll("leads changed");

		await refreshIssueFacts(db as Db, FROM);
		expect(await dirtyIssues(db as Db)).toBe(0);
		await compareAll("kept again");
	});

	it("reads the kept folds: a clean one is used as it stands", async () => {
		const { db } = database();
		const [one] = await db
			.select()
			.from(issueFactStates)
			.innerJoin(issues, eq(issues.id, issueFactStates.issueId))
			.where(
				sql`${issues.createdAt} >= ${FROM.toISOString()}::timestamptz and ${issues.createdAt} < ${AS_OFS[0]?.toISOString()}::timestamptz`,
			)
			.limit(1);
		if (!one) throw new Error("no kept fold in the month");
		const asOf = AS_OFS[1] as Date;
		const before = await computePeriodFigures(db, FROM, asOf);
		expectSameFigures(before, await referencePeriodFigures(db, FROM, asOf));
		// A thousand more ratings on one issue, as far as its kept fold says: the issue is clean, so
		// the figures count them although the ratings table does not hold them.
		const facts = JSON.parse(one.issue_fact_states.facts) as number[];
		facts[11] = (facts[11] as number) + 1000;
		facts[12] = (facts[12] as number) + 5000;
		await db
			.update(issueFactStates)
			.set({ facts: JSON.stringify(facts), lastAtMs: null })
			.where(eq(issueFactStates.issueId, one.issues.id));
		const tampered = await computePeriodFigures(db, FROM, asOf);
		expect(tampered.totals.ratings).toBeGreaterThanOrEqual(
			before.totals.ratings + 1000,
		);
	});
});

async function dirtyIssues(db: Db): Promise<number> {
	const result = await db.execute(
		sql`select count(distinct issue_id)::int as n from issue_fact_dirty`,
	);
	return (result as unknown as { rows: Array<{ n: number }> }).rows[0]?.n ?? 0;
}
