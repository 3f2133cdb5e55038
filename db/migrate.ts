import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { Database } from "./client.ts";

export const MIGRATIONS_FOLDER = fileURLToPath(
	new URL("./migrations", import.meta.url),
);

/** Arbitrary constant: every worker of one deployment takes the same advisory lock to migrate. */
const MIGRATION_LOCK_KEY = 7_110_2026;

/** Brings the schema up to date. Safe to call from many workers at once against one Postgres. */
export async function runMigrations(database: Database): Promise<void> {
	const config = { migrationsFolder: MIGRATIONS_FOLDER };
	if (database.driver === "pglite") {
		// biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific type.
		await migratePglite(database.db as any, config);
		return;
	}
	await database.db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
		// biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific type.
		await migratePg(tx as any, config);
	});
}
