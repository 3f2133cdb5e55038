/**
 * The bot's connections run without JIT, whatever the server's default: compiling a page's
 * statement took longer than running it at a million issues (docs/scale.md).
 */
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/databases.ts";

let database: TestDatabase;

beforeAll(async () => {
	database = await createTestDatabase("postgres", { poolSize: 2 });
});

afterAll(async () => {
	await database?.close();
});

const jitOf = (rows: unknown) =>
	(rows as { rows: Array<{ jit: string }> }).rows[0]?.jit;

it("turns JIT off on every pooled connection, though the server has it on", async () => {
	const plain = new pg.Client({ connectionString: database.url });
	await plain.connect();
	onTestFinished(() => plain.end());
	expect((await plain.query("show jit")).rows[0]?.jit).toBe("on");
	const settings = await Promise.all(
		[1, 2, 3].map(() =>
			database.db.transaction(async (tx) =>
				jitOf(await tx.execute(sql`show jit`)),
			),
		),
	);
	expect(settings).toEqual(["off", "off", "off"]);
});
