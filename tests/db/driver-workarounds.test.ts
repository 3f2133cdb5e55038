/**
 * The upstream behaviours db/driver-workarounds/ works around, shown on the drizzle and pg we run.
 * Each test passes while its workaround is needed. When one fails after an upgrade, upstream has
 * fixed the behaviour: delete the workaround its name points to (docs/layering.md) and this test.
 */
import { count, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { integer, jsonb, pgTable, timestamp } from "drizzle-orm/pg-core";
import pg from "pg";
import {
	afterAll,
	beforeAll,
	describe,
	expect,
	it,
	onTestFinished,
} from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/databases.ts";

const probes = pgTable("workaround_probe", {
	id: integer("id").primaryKey(),
	at: timestamp("at", { withTimezone: true }),
	data: jsonb("data"),
});

let database: TestDatabase;
let url: string;

beforeAll(async () => {
	database = await createTestDatabase("postgres");
	if (!database.url) throw new Error("no url for the test database");
	url = database.url;
	await database.db.execute(
		sql`create table workaround_probe (id int primary key, at timestamptz, data jsonb)`,
	);
});

afterAll(async () => {
	await database?.close();
});

describe("drizzle-orm#6023 → db/driver-workarounds/begin-safe-pool.ts", () => {
	it("a plain pg.Pool keeps a transaction's client checked out when its BEGIN fails", async () => {
		const pool = new pg.Pool({ connectionString: url, max: 1 });
		pool.on("error", () => {});
		let taken: pg.PoolClient | undefined;
		onTestFinished(async () => {
			taken?.release(new Error("released by the test"));
			await pool.end();
		});
		const killOnce = (client: pg.PoolClient) => {
			pool.off("acquire", killOnce);
			taken = client;
			client.on("error", () => {});
			(
				client as unknown as { connection: { stream: { destroy(): void } } }
			).connection.stream.destroy();
		};
		pool.on("acquire", killOnce);
		const db = drizzle(pool);
		await expect(
			db.transaction(async (tx) => tx.execute(sql`select 1`)),
		).rejects.toThrow();
		// Still needed while the failed BEGIN's client is neither idle nor given back.
		expect({ total: pool.totalCount, idle: pool.idleCount }).toEqual({
			total: 1,
			idle: 0,
		});
	});
});

describe("drizzle-orm#2826 → db/driver-workarounds/reusable-statement.ts", () => {
	it("a query prepared on the pool runs outside the caller's transaction", async () => {
		const onPool = database.db
			.select({ n: count() })
			.from(probes)
			.prepare("workaround_probe_count");
		let seen: number | undefined;
		const undo = new Error("undo the probe row");
		await expect(
			database.db.transaction(async (tx) => {
				await tx.insert(probes).values({ id: 1 });
				seen = (await onPool.execute())[0]?.n;
				throw undo;
			}),
		).rejects.toBe(undo);
		// Still needed while the transaction's own uncommitted row is invisible to the pool's statement.
		expect(seen).toBe(0);
	});

	it("the transaction's handle names its client (the private field the cache is keyed by)", async () => {
		await database.db.transaction(async (tx) => {
			const client = (tx._.session as unknown as { client?: unknown }).client;
			expect(client).toBeInstanceOf(pg.Client);
		});
	});
});

describe("drizzle-orm#1113 → db/driver-workarounds/value-placeholders.ts", () => {
	it("a placeholder as a column's value goes through the column's encoder, which fails on null", async () => {
		const insert = database.db
			.insert(probes)
			.values({
				id: sql.placeholder("id"),
				at: sql.placeholder("at"),
				data: sql.placeholder("data"),
			})
			.prepare("workaround_probe_insert");
		await expect(
			insert.execute({ id: 2, at: null, data: null }),
		).rejects.toThrow(/toISOString/);
	});
});
