/**
 * Issues created in a unit of work (an inbound batch): their ids and numbers are drawn ahead, their
 * rows written at the end or as soon as anything else in the transaction is sent; the numbers drawn
 * for messages that did not become issues are handed out next, so that numbers have no gaps.
 */
import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { DbOrTx } from "../../db/client.ts";
import { issueNumberSpares, issues } from "../../db/schema/issues.ts";
import { type UnitOfWork, withUnitOfWork } from "../../db/unit-of-work.ts";
import { applyCommand } from "../../workflows/issues/apply-command.ts";
import { createIssue } from "../../workflows/issues/create-issue.ts";
import { getIssueTimeline } from "../../workflows/issues/timeline.ts";
import { describeEachDriver } from "../support/databases.ts";
import {
	createPowerIssue,
	type Directory,
	powerIssueInput,
	seedDirectory,
} from "../support/issue-db-fixtures.ts";
import { calendar } from "../support/lifecycle-fixtures.ts";

// Each test numbers issues in years of its own: the tests of one driver share a database.
const inYear = (year: number) => new Date(`${year}-04-03T02:00:00Z`);
const numberOf = (n: number, year: number) =>
	`${year}-${String(n).padStart(6, "0")}`;

function createIn(work: DbOrTx, dir: Directory, now: Date, n = 0) {
	return createIssue(
		work,
		powerIssueInput(dir, now, {
			title: `厂区停电 ${n}`,
			sourceMessageId: `m-${now.getTime()}-${n}-${Math.random()}`,
		}),
	);
}

/** A batch of `messages` in which the messages at `problems` (their positions) become issues. */
async function batch(
	db: DbOrTx,
	dir: Directory,
	messages: number,
	problems: number[],
	now: Date,
) {
	return db.transaction((tx) =>
		withUnitOfWork(tx, async (work) => {
			const created = [];
			for (let i = 0; i < messages; i++) {
				work.expectIssues(messages - i);
				if (problems.includes(i))
					created.push(await createIn(work, dir, now, i));
			}
			return created;
		}),
	);
}

const sparesOfYear = (db: DbOrTx, year: number) =>
	db.select().from(issueNumberSpares).where(eq(issueNumberSpares.year, year));

async function numbersOfYear(db: DbOrTx, year: number): Promise<string[]> {
	const rows = await db
		.select({ number: issues.number })
		.from(issues)
		.where(sql`${issues.number} like ${`${year}-%`}`);
	return rows.map((r) => r.number).sort();
}

describeEachDriver("issues created in a unit of work", (database) => {
	it("are written as they were returned, with their events, when the batch ends", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const [first, second] = await batch(db, dir, 3, [0, 2], inYear(2034));
		if (!first || !second) throw new Error("two issues were created");
		expect([first.number, second.number]).toEqual([
			numberOf(1, 2034),
			numberOf(2, 2034),
		]);
		for (const issue of [first, second]) {
			const [stored] = await db
				.select()
				.from(issues)
				.where(eq(issues.id, issue.id));
			expect(stored).toEqual(issue);
			const timeline = await getIssueTimeline(db, issue.id);
			expect(timeline.map((e) => e.kind)).toEqual(["created", "dispatched"]);
		}
	});

	it("hands the numbers a batch drew for its chatter to the next issues, whichever way they are created", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const now = inYear(2036);
		// Five messages, the first a problem: five numbers drawn, four left over.
		await batch(db, dir, 5, [0], now);
		expect(await numbersOfYear(db, 2036)).toEqual([numberOf(1, 2036)]);
		await batch(db, dir, 2, [0, 1], now);
		const fromTheConsole = await createPowerIssue(db, dir, now);
		expect(fromTheConsole.number).toBe(numberOf(4, 2036));
		await batch(db, dir, 1, [0], now);
		await createPowerIssue(db, dir, now);
		expect(await numbersOfYear(db, 2036)).toEqual(
			[1, 2, 3, 4, 5, 6].map((n) => numberOf(n, 2036)),
		);
		expect(await sparesOfYear(db, 2036)).toEqual([]);
	});

	it("keep numbers unique and gapless when batches draw at the same time", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const now = inYear(2040);
		await batch(db, dir, 5, [0], now);
		const created = await Promise.all([
			batch(db, dir, 4, [0, 1], now),
			batch(db, dir, 4, [0, 3], now),
			batch(db, dir, 6, [2], now),
		]);
		expect(created.flat()).toHaveLength(5);
		while ((await numbersOfYear(db, 2040)).length < 13)
			await createPowerIssue(db, dir, now);
		expect(await numbersOfYear(db, 2040)).toEqual(
			Array.from({ length: 13 }, (_, i) => numberOf(i + 1, 2040)),
		);
		expect(await sparesOfYear(db, 2040)).toEqual([]);
	});

	it("are there for the rest of the batch to read and change", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const accepted = await db.transaction((tx) =>
			withUnitOfWork(tx, async (work) => {
				work.expectIssues(3);
				const issue = await createIn(work, dir, inYear(2034));
				const [found] = await work
					.select({ number: issues.number })
					.from(issues)
					.where(eq(issues.id, issue.id));
				expect(found?.number).toBe(issue.number);
				const result = await applyCommand(work, {
					issueId: issue.id,
					command: { type: "accept" },
					actorPersonId: dir.people.powerOfficial.id,
					now: new Date(inYear(2034).getTime() + 60_000),
					calendar,
				});
				expect(result.ok).toBe(true);
				return issue.id;
			}),
		);
		const [stored] = await db
			.select({ state: issues.state })
			.from(issues)
			.where(eq(issues.id, accepted));
		expect(stored?.state).toBe("accepted");
		const timeline = await getIssueTimeline(db, accepted);
		expect(timeline.map((e) => e.kind)).toEqual([
			"created",
			"dispatched",
			"accepted",
		]);
	});

	it("leave nothing behind when the batch fails, and the spares it took are there again", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const now = inYear(2037);
		await batch(db, dir, 3, [0], now);
		const failing = db.transaction((tx) =>
			withUnitOfWork(tx, async (work: UnitOfWork) => {
				work.expectIssues(2);
				await createIn(work, dir, now);
				await createIn(work, dir, now);
				throw new Error("the handler failed");
			}),
		);
		await expect(failing).rejects.toThrow("the handler failed");
		expect(await numbersOfYear(db, 2037)).toEqual([numberOf(1, 2037)]);
		const next = await createPowerIssue(db, dir, now);
		expect(next.number).toBe(numberOf(2, 2037));
	});

	it("are numbered one by one on a year's last day, so that no number of that year is left over", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const lastDay = new Date("2041-12-31T02:00:00Z");
		await batch(db, dir, 5, [0, 2], lastDay);
		expect(await numbersOfYear(db, 2041)).toEqual([
			numberOf(1, 2041),
			numberOf(2, 2041),
		]);
		expect(await sparesOfYear(db, 2041)).toEqual([]);
	});

	it("draw per year when a batch spans the new year", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const created = await db.transaction((tx) =>
			withUnitOfWork(tx, async (work) => {
				work.expectIssues(4);
				const old = await createIn(work, dir, inYear(2038), 1);
				work.expectIssues(3);
				const young = await createIn(work, dir, inYear(2039), 2);
				return [old.number, young.number];
			}),
		);
		expect(created).toEqual([numberOf(1, 2038), numberOf(1, 2039)]);
		expect((await createPowerIssue(db, dir, inYear(2039))).number).toBe(
			numberOf(2, 2039),
		);
		expect((await createPowerIssue(db, dir, inYear(2038))).number).toBe(
			numberOf(2, 2038),
		);
	});
});
