/**
 * Sets a console password: `npx tsx bot/cli/console-password.ts luo-xiaodong` asks for it (or reads
 * CONSOLE_PASSWORD); the person must exist in the directory.
 */
import { resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { openDatabase } from "../../db/client.ts";
import { runMigrations } from "../../db/migrate.ts";
import { loadConfig } from "../config.ts";
import { setConsolePassword } from "../web/console/auth.ts";

const MIN_LENGTH = 8;
const [code] = process.argv.slice(2);
if (!code) {
	console.error("usage: tsx bot/cli/console-password.ts PERSON_CODE");
	process.exit(2);
}
let password = process.env.CONSOLE_PASSWORD ?? "";
if (!password) {
	const prompt = createInterface({
		input: process.stdin,
		output: process.stdout,
	});
	password = (await prompt.question(`console password for ${code}: `)).trim();
	prompt.close();
}
if (password.length < MIN_LENGTH) {
	console.error(`the password needs at least ${MIN_LENGTH} characters`);
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
	if (!(await setConsolePassword(database.db, code, password))) {
		console.error(`no active person with the code "${code}" in the directory`);
		process.exitCode = 1;
	} else console.log(`console password set for ${code}`);
} finally {
	await database.close();
}
