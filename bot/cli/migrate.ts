import { resolve } from "node:path";
import { openDatabase } from "../../db/client.ts";
import { runMigrations } from "../../db/migrate.ts";
import { loadConfig } from "../config.ts";

/** `npm run db:migrate`: bring the configured database's schema up to date (the bot also does this at start). */
const config = loadConfig();
const database = await openDatabase(
	config.DATABASE_URL
		? { url: config.DATABASE_URL }
		: { pgliteDir: resolve(config.DATA_DIR, "pglite") },
);
await runMigrations(database);
await database.close();
console.log(`migrated (${database.driver})`);
