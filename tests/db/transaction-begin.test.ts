/**
 * A transaction whose connection dies at BEGIN gives its client back: drizzle's node-postgres
 * transaction sends BEGIN before the block that releases the client, so without db/driver-workarounds/begin-safe-pool.ts's
 * guard the client stayed checked out for good and a small pool ran dry — the worker then waited
 * forever for a connection while messages piled up in Redis.
 */
import { sql } from "drizzle-orm";
import type pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/databases.ts";

// One connection: a client the pool never got back would leave it none.
let single: TestDatabase;

beforeAll(async () => {
	single = await createTestDatabase("postgres", { poolSize: 1 });
});

afterAll(async () => {
	await single?.close();
});

it("after a BEGIN on a dead connection, the next transaction gets a working one", async () => {
	const pool = (single.db as unknown as { $client: pg.Pool }).$client;
	// The connection dies the moment the transaction takes it, before BEGIN is sent.
	const killOnce = (client: pg.PoolClient) => {
		pool.off("acquire", killOnce);
		(
			client as unknown as { connection: { stream: { destroy(): void } } }
		).connection.stream.destroy();
	};
	pool.on("acquire", killOnce);
	await expect(
		single.db.transaction(async (tx) => tx.execute(sql`select 1`)),
	).rejects.toThrow();

	const next = single.db.transaction(async (tx) => {
		const result = await tx.execute(sql`select 41 + 1 as answer`);
		return (result as unknown as { rows: Array<{ answer: number }> }).rows[0];
	});
	const stuck = new Promise((resolve) => setTimeout(resolve, 3_000, "stuck"));
	expect(await Promise.race([next, stuck])).toEqual({ answer: 42 });
});
