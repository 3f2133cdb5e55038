/** A Postgres database of the bench's own, dropped at the end. */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "../../db/client.ts";
import { runMigrations } from "../../db/migrate.ts";

const ADMIN_URL =
	process.env.BENCH_DATABASE_URL ??
	process.env.TEST_DATABASE_URL ??
	"postgres://postgres@127.0.0.1:5432/postgres";

export interface BenchDatabase extends Database {
	url: string;
}

async function admin(text: string): Promise<void> {
	const client = new pg.Client({ connectionString: ADMIN_URL });
	await client.connect();
	try {
		await client.query(text);
	} finally {
		await client.end();
	}
}

export async function createBenchDatabase(
	poolSize: number,
): Promise<BenchDatabase> {
	const name = `qq_bench_${randomBytes(5).toString("hex")}`;
	await admin(`create database ${name}`);
	const parsed = new URL(ADMIN_URL);
	parsed.pathname = `/${name}`;
	const url = parsed.toString();
	const database = await openDatabase({ url, poolSize });
	await runMigrations(database);
	return {
		...database,
		url,
		async close() {
			await database.close();
			await admin(`drop database if exists ${name} with (force)`);
		},
	};
}
