/** A Postgres database of the bench's own (BENCH_DATABASE_URL's server, if set), dropped at the end. */
import { openDatabase } from "../../db/client.ts";
import { runMigrations } from "../../db/migrate.ts";
import { createTestDatabase, type TestDatabase } from "../support/databases.ts";

export type BenchDatabase = TestDatabase & {
	url: string;
	keep(): Promise<void>;
};

export async function createBenchDatabase(
	poolSize: number,
): Promise<BenchDatabase> {
	const database = await createTestDatabase("postgres", {
		adminUrl: process.env.BENCH_DATABASE_URL,
		poolSize,
		prefix: "qq_bench",
	});
	const { url, keep } = database;
	if (!url || !keep) throw new Error("the bench database has no url");
	return { ...database, url, keep };
}

/** A database an earlier run seeded and kept: migrated to this code, never dropped. */
export async function openSeededDatabase(url: string): Promise<BenchDatabase> {
	const database = await openDatabase({ url, poolSize: 4 });
	await runMigrations(database);
	return { ...database, url, keep: database.close };
}
