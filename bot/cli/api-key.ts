/**
 * Intake API keys. `npx tsx bot/cli/api-key.ts create 12345-hotline` prints a new key once (only its
 * hash is kept); `revoke NAME` revokes every key of that name.
 */
import { resolve } from "node:path";
import { openDatabase } from "../../db/client.ts";
import { runMigrations } from "../../db/migrate.ts";
import { loadConfig } from "../config.ts";
import { createApiKey, revokeApiKey } from "../web/api/keys.ts";

const [command, name] = process.argv.slice(2);
if (!name || (command !== "create" && command !== "revoke")) {
	console.error("usage: tsx bot/cli/api-key.ts create|revoke NAME");
	process.exit(2);
}
const config = loadConfig();
const database = await openDatabase(
	config.DATABASE_URL
		? { url: config.DATABASE_URL }
		: { pgliteDir: resolve(config.DATA_DIR, "pglite") },
);
try {
	await runMigrations(database);
	if (command === "create") {
		const created = await createApiKey(database.db, name);
		console.log(`API key "${created.name}" (shown once, keep it secret):`);
		console.log(created.key);
	} else {
		const count = await revokeApiKey(database.db, name);
		console.log(`revoked ${count} key(s) named "${name}"`);
	}
} finally {
	await database.close();
}
