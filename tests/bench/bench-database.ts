/** A Postgres database of the bench's own (BENCH_DATABASE_URL's server, if set), dropped at the end. */
import { createTestDatabase, type TestDatabase } from "../support/databases.ts";

export type BenchDatabase = TestDatabase & { url: string };

export async function createBenchDatabase(
	poolSize: number,
): Promise<BenchDatabase> {
	const database = await createTestDatabase("postgres", {
		adminUrl: process.env.BENCH_DATABASE_URL,
		poolSize,
		prefix: "qq_bench",
	});
	if (!database.url) throw new Error("the bench database has no url");
	return { ...database, url: database.url };
}
