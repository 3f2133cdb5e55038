import { randomBytes } from "node:crypto";
import pg from "pg";
import { expect, it, onTestFinished } from "vitest";
import { createLogger } from "../../../bot/runtime/logger.ts";
import { waitForDatabase } from "../../../bot/runtime/wait-for-database.ts";
import { openDatabase } from "../../../db/client.ts";

const ADMIN_URL =
	process.env.TEST_DATABASE_URL ??
	"postgres://postgres@127.0.0.1:5432/postgres";

async function admin(text: string): Promise<void> {
	const client = new pg.Client({ connectionString: ADMIN_URL });
	await client.connect();
	await client.query(text).finally(() => client.end());
}

it("a database that is not there at start is reported plainly and waited for, not a crash", async () => {
	const name = `qq_late_${randomBytes(5).toString("hex")}`;
	const url = new URL(ADMIN_URL);
	url.pathname = `/${name}`;
	const database = await openDatabase({ url: url.toString(), poolSize: 1 });
	onTestFinished(async () => {
		await database.close();
		await admin(`drop database if exists ${name} with (force)`);
	});
	const lines: string[] = [];
	const log = createLogger("test", (line) => lines.push(line));
	const ready = waitForDatabase(database, log, 100);
	await expect.poll(() => lines.length, { timeout: 10_000 }).toBeGreaterThan(1);
	await admin(`create database ${name}`);
	await ready;
	expect(lines[0]).toMatch(
		/database not reachable \(3D000: database "qq_late_\w+" does not exist\); retrying/,
	);
	expect(lines[0]).toContain("check DATABASE_URL");
	expect(lines.join("\n")).not.toMatch(/\n\s+at /);
	expect(lines.at(-1)).toContain("database is answering again");
});
