/**
 * The demo's three months of history (bot/demo/history, docs/demo.md): the same rows for the same
 * day, once per database, every state a newcomer should see, and enough of it that the board, the
 * ranking and the briefing have something to show.
 */
import { asc, count, eq, sql } from "drizzle-orm";
import {
	afterAll,
	beforeAll,
	describe,
	expect,
	it,
	onTestFinished,
} from "vitest";
import { DEMO_DIRECTORY_FILE } from "../../../bot/config.ts";
import {
	DEMO_HISTORY_KEY,
	seedDemoHistory,
} from "../../../bot/demo/history/seed.ts";
import { settings } from "../../../db/schema/directory.ts";
import { issueEvents, issues, ratings } from "../../../db/schema/issues.ts";
import { outbox } from "../../../db/schema/pipeline.ts";
import { importDirectoryFile } from "../../../workflows/directory/import-file.ts";
import { monthlyBriefing } from "../../../workflows/reports/briefing.ts";
import { overdueBoard } from "../../../workflows/reports/overdue-board.ts";
import { departmentRanking } from "../../../workflows/reports/ranking.ts";
import {
	createTestDatabase,
	DRIVERS,
	type TestDatabase,
} from "../../support/databases.ts";

// A Monday morning in Shanghai; the history covers the 91 days before it.
const NOW = new Date("2026-12-07T02:00:00Z");

async function seeded(driver: (typeof DRIVERS)[number]): Promise<TestDatabase> {
	const database = await createTestDatabase(driver);
	const imported = await importDirectoryFile(database.db, DEMO_DIRECTORY_FILE);
	if (!imported.ok) throw new Error("the demo directory did not import");
	await seedDemoHistory(database.db, { locale: "zh-CN", now: NOW });
	return database;
}

/** What a reader of the database would compare: every issue's visible facts and its events. */
async function story(database: TestDatabase) {
	const db = database.db;
	const rows = await db
		.select({
			number: issues.number,
			title: issues.title,
			state: issues.state,
			colour: issues.colour,
			lead: issues.leadDepartmentId,
			createdAt: issues.createdAt,
			acceptedAt: issues.acceptedAt,
			dueAt: issues.dueAt,
			resolvedAt: issues.resolvedAt,
			nextWakeAt: issues.nextWakeAt,
		})
		.from(issues)
		.orderBy(asc(issues.number));
	const events = await db
		.select({
			number: issues.number,
			kind: issueEvents.kind,
			createdAt: issueEvents.createdAt,
		})
		.from(issueEvents)
		.innerJoin(issues, eq(issues.id, issueEvents.issueId))
		.orderBy(
			asc(issues.number),
			asc(issueEvents.createdAt),
			asc(issueEvents.kind),
		);
	return { rows, events };
}

describe.each(DRIVERS)("the demo history [%s]", (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await seeded(driver);
	}, 180_000);
	afterAll(async () => {
		await database?.close();
	});

	it("tells about a hundred issues over three months, numbered in the order they came", async () => {
		const { rows } = await story(database);
		expect(rows.length).toBe(100);
		const first = rows[0]?.createdAt.getTime() ?? 0;
		const last = rows.at(-1)?.createdAt.getTime() ?? 0;
		expect(NOW.getTime() - first).toBeGreaterThan(80 * 86_400_000);
		expect(NOW.getTime() - last).toBeLessThan(7 * 86_400_000);
		const created = rows.map((r) => r.createdAt.getTime());
		expect(created).toEqual([...created].sort((a, b) => a - b));
		expect(rows.every((r) => r.createdAt < NOW)).toBe(true);
	});

	it("has issues in every state a newcomer should see: rated, late, open, transferred, extended, auto-confirmed", async () => {
		const db = database.db;
		const states = await db
			.select({ state: issues.state, n: count() })
			.from(issues)
			.groupBy(issues.state);
		const byState = Object.fromEntries(states.map((s) => [s.state, s.n]));
		expect(byState.done ?? 0).toBeGreaterThan(40);
		expect(
			(byState.accepted ?? 0) + (byState.in_progress ?? 0),
		).toBeGreaterThan(5);
		const kinds = await db
			.select({ kind: issueEvents.kind, n: count() })
			.from(issueEvents)
			.groupBy(issueEvents.kind);
		const byKind = Object.fromEntries(kinds.map((k) => [k.kind, k.n]));
		for (const kind of [
			"created",
			"dispatched",
			"accepted",
			"progress",
			"transferred",
			"extension_approved",
			"resolved",
			"confirmed",
			"rated",
			"escalated",
		])
			expect(byKind[kind] ?? 0, kind).toBeGreaterThan(0);
		const [rated] = await db.select({ n: count() }).from(ratings);
		expect(rated?.n ?? 0).toBeGreaterThan(40);
		// Late and still open: red, on the board.
		const board = await overdueBoard(db, NOW);
		expect(board.length).toBeGreaterThan(3);
		expect(board.some((row) => row.colour === "red")).toBe(true);
	});

	it("sent nothing now: what its steps said went out back then", async () => {
		const [unsent] = await database.db
			.select({ n: count() })
			.from(outbox)
			.where(sql`${outbox.sentAt} is null`);
		expect(unsent?.n).toBe(0);
	});

	it("gives the ranking and the briefing of the last months their numbers", async () => {
		const db = database.db;
		const ranking = await departmentRanking(db, {
			from: new Date(NOW.getTime() - 91 * 86_400_000),
			to: NOW,
			now: NOW,
		});
		expect(ranking.totals.received).toBe(100);
		expect(
			ranking.departments.filter((d) => d.rank !== null).length,
		).toBeGreaterThan(3);
		expect(ranking.totals.satisfaction).not.toBeNull();
		const briefing = await monthlyBriefing(db, "2026-11", { now: NOW });
		expect(briefing.ranking.totals.received).toBeGreaterThan(10);
		expect(briefing.late.rows.length).toBeGreaterThan(0);
		expect(briefing.problems.length).toBeGreaterThan(0);
	});

	it("is seeded once per database: a second start adds nothing", async () => {
		const again = await seedDemoHistory(database.db, {
			locale: "zh-CN",
			now: new Date(NOW.getTime() + 86_400_000),
		});
		expect(again.created).toBe(0);
		const [n] = await database.db.select({ n: count() }).from(issues);
		expect(n?.n).toBe(100);
		const [marker] = await database.db
			.select()
			.from(settings)
			.where(eq(settings.key, DEMO_HISTORY_KEY));
		expect(marker?.value).toMatchObject({ issues: 100 });
	});
});

describe("the demo history is deterministic", () => {
	it("writes the same issues and events for the same day into another database", async () => {
		const a = await seeded("pglite");
		onTestFinished(() => a.close());
		const b = await seeded("postgres");
		onTestFinished(() => b.close());
		expect(await story(a)).toEqual(await story(b));
	}, 240_000);
});
