/**
 * Named prepared statements on node-postgres (db/preparing-client.ts): Postgres parses and plans a
 * statement once per connection, and a failing statement spoils nothing.
 */
import { eq, sql } from "drizzle-orm";
import pg from "pg";
import {
	afterAll,
	beforeAll,
	describe,
	expect,
	it,
	onTestFinished,
} from "vitest";
import { listIssues } from "../../bot/web/console/issue-list.ts";
import type { Viewer } from "../../bot/web/console/viewer.ts";
import { type Database, openDatabase } from "../../db/client.ts";
import { reusableStatement } from "../../db/driver-workarounds/reusable-statement.ts";
import { preparingClient } from "../../db/preparing-client.ts";
import type { Person } from "../../db/schema/directory.ts";
import { issues } from "../../db/schema/issues.ts";
import { createTestDatabase, type TestDatabase } from "../support/databases.ts";

let database: TestDatabase;
let single: Database;

beforeAll(async () => {
	database = await createTestDatabase("postgres");
	if (!database.url) throw new Error("no url for the test database");
	// One connection, so every query below meets the statements the earlier ones prepared.
	single = await openDatabase({ url: database.url, poolSize: 1 });
	await single.db.execute(
		sql`create table probe (id int primary key, note text not null)`,
	);
});

afterAll(async () => {
	await single?.close();
	await database?.close();
});

async function prepared(pattern: string) {
	const result = await single.db.execute(sql`
		select name, generic_plans + custom_plans as runs
		from pg_prepared_statements where statement like ${pattern}`);
	return (result as unknown as { rows: Array<{ name: string; runs: string }> })
		.rows;
}

/** The Postgres error code a query failed with (drizzle wraps the driver's error as its cause). */
async function errorCode(query: Promise<unknown>): Promise<string | undefined> {
	try {
		await query;
	} catch (error) {
		return (
			(error as { cause?: { code?: string } }).cause ??
			(error as { code?: string })
		).code;
	}
	return undefined;
}

describe("named prepared statements", () => {
	it("parses a query with parameters once per connection and runs it again from there", async () => {
		for (const number of ["2026-000001", "2026-000002", "2026-000003"])
			await single.db.select().from(issues).where(eq(issues.number, number));
		const rows = await prepared('select "id", "number"% from "issues"%');
		expect(rows).toHaveLength(1);
		expect(rows[0]?.name).toMatch(/^qq_/);
		expect(Number(rows[0]?.runs)).toBe(3);
	});

	it("leaves a query without parameters unnamed", async () => {
		await single.db.execute(sql`select count(*) from probe`);
		expect(await prepared("select count(*) from probe%")).toEqual([]);
	});

	it("keeps working after a named statement fails", async () => {
		const insert = (id: number, note: string) =>
			single.db.execute(
				sql`insert into probe (id, note) values (${id}, ${note})`,
			);
		await insert(1, "first");
		expect(await errorCode(insert(1, "again"))).toBe("23505"); // unique_violation
		await insert(2, "second");
		// A statement that does not parse is not remembered as prepared: the same error again.
		for (let i = 0; i < 2; i++)
			expect(await errorCode(single.db.execute(sql`selec ${1}::int`))).toBe(
				"42601", // syntax_error
			);
		const notes = await single.db.execute(
			sql`select note from probe where id >= ${1} order by id`,
		);
		expect(
			(notes as unknown as { rows: Array<{ note: string }> }).rows.map(
				(r) => r.note,
			),
		).toEqual(["first", "second"]);
	});

	it("plans the console's issue list for its filters and words on every call, never once for all", async () => {
		// Named, Postgres would keep one generic plan after five runs; at a million issues that plan
		// read every issue holding a common word (80 ms, against 5 ms planned for the word) and walked
		// every office issue looking for a rare state (200 ms, against 24). docs/scale.md, part 5.
		const desk = {
			person: { id: 1, roles: ["office_staff"], officeId: 1 } as Person,
			leaderOf: [],
		} satisfies Viewer;
		for (const filters of [
			{ q: "排水" },
			{ q: "变压器" },
			{ state: "closed" as const },
			{ state: "awaiting_info" as const },
		])
			for (let run = 0; run < 7; run++)
				await listIssues(single.db, desk, filters);
		expect(
			await prepared('%from "issues"%order by "issues"."created_at" desc%'),
		).toEqual([]);
	});

	it("names at most maxNamed statements on a connection and runs the rest unnamed", async () => {
		if (!database.url) throw new Error("no url");
		const pool = new pg.Pool({
			connectionString: database.url,
			max: 1,
			Client: preparingClient(2),
		});
		onTestFinished(() => pool.end());
		for (const column of ["id", "note", "id, note"])
			await pool.query(`select ${column} from probe where id = $1`, [1]);
		const { rows } = await pool.query(
			"select statement from pg_prepared_statements where statement like 'select % from probe where id = $1' order by statement",
		);
		expect(rows.map((r) => r.statement)).toEqual([
			"select id from probe where id = $1",
			"select note from probe where id = $1",
		]);
		const { rows: third } = await pool.query(
			"select id, note from probe where id = $1",
			[2],
		);
		expect(third).toEqual([{ id: 2, note: "second" }]);
	});
});

describe("statements built once per connection (db/driver-workarounds/reusable-statement.ts)", () => {
	const noteById = () => {
		let builds = 0;
		const statement = reusableStatement((db) => {
			builds += 1;
			return db
				.select({ note: sql<string>`note` })
				.from(sql`probe`)
				.where(sql`id = ${sql.placeholder("id")}`)
				.prepare("probe_note_by_id");
		});
		return { statement, builds: () => builds };
	};

	it("builds a statement once for the pool and once for the connection transactions run on, each answering with its own values", async () => {
		const { statement, builds } = noteById();
		expect(await statement(single.db).execute({ id: 1 })).toEqual([
			{ note: "first" },
		]);
		expect(await statement(single.db).execute({ id: 2 })).toEqual([
			{ note: "second" },
		]);
		expect(builds()).toBe(1);
		for (const id of [1, 2]) {
			await single.db
				.transaction(async (tx) => {
					await tx.execute(
						sql`update probe set note = note || '!' where id = ${id}`,
					);
					// Inside the transaction the statement runs on its connection and sees its write.
					expect(await statement(tx).execute({ id })).toEqual([
						{ note: id === 1 ? "first!" : "second!" },
					]);
					expect(await statement(tx).execute({ id: 3 - id })).toHaveLength(1);
					tx.rollback();
				})
				.catch((error) => {
					if (!String(error).includes("Rollback")) throw error;
				});
		}
		// Both transactions ran on the pool's one client: built for it once, used by the second as is.
		expect(builds()).toBe(2);
	});

	it("in transactions running at once, runs each on its own connection", async () => {
		if (!database.url) throw new Error("no url");
		const pair = await openDatabase({ url: database.url, poolSize: 2 });
		onTestFinished(() => pair.close());
		const { statement } = noteById();
		let wrote = 0;
		let bothWrote = () => {};
		const bothHaveWritten = new Promise<void>((resolve) => {
			bothWrote = resolve;
		});
		const seen: Record<number, string[]> = {};
		await Promise.all(
			[1, 2].map((id) =>
				pair.db
					.transaction(async (tx) => {
						await tx.execute(
							sql`update probe set note = ${`draft ${id}`} where id = ${id}`,
						);
						wrote += 1;
						if (wrote === 2) bothWrote();
						await bothHaveWritten;
						const rows = [
							...(await statement(tx).execute({ id: 1 })),
							...(await statement(tx).execute({ id: 2 })),
						];
						seen[id] = rows.map((row) => row.note);
						// Undone by the raise, so the rows stay as the other tests expect them.
						throw new Error("undo");
					})
					.catch(() => {}),
			),
		);
		// Each sees its own uncommitted draft and the other's row as committed.
		expect(seen[1]).toEqual(["draft 1", "second"]);
		expect(seen[2]).toEqual(["first", "draft 2"]);
	});

	it("with prepared statements off, runs even the statements the code names itself unnamed", async () => {
		if (!database.url) throw new Error("no url");
		const unnamed = await openDatabase({
			url: database.url,
			poolSize: 1,
			prepareStatements: false,
		});
		onTestFinished(() => unnamed.close());
		const { statement } = noteById();
		expect(await statement(unnamed.db).execute({ id: 1 })).toEqual([
			{ note: "first" },
		]);
		const result = await unnamed.db.execute(
			sql`select count(*)::int as n from pg_prepared_statements`,
		);
		expect(
			(result as unknown as { rows: Array<{ n: number }> }).rows[0]?.n,
		).toBe(0);
	});
});
