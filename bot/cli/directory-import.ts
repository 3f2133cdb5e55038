/**
 * npm run directory:import -- FILE
 * Checks a directory file and imports it: DATABASE_URL when set, else PGlite in ./data/pglite.
 * Prints what changed, or every error in the file (and imports nothing) and exits 1.
 */
import { mkdir } from "node:fs/promises";
import { openDatabase } from "../../db/client.ts";
import { runMigrations } from "../../db/migrate.ts";
import { formatDirectoryErrors } from "../../workflows/directory/errors.ts";
import {
	formatImportSummary,
	importDirectoryFile,
} from "../../workflows/directory/import-file.ts";

const PGLITE_DIR = "./data/pglite";

async function main(args: string[]): Promise<number> {
	const file = args.find((arg) => arg !== "--");
	if (!file) {
		console.error("usage: npm run directory:import -- FILE.yaml");
		return 2;
	}
	const url = process.env.DATABASE_URL || undefined;
	if (!url) await mkdir(PGLITE_DIR, { recursive: true });
	const database = await openDatabase(
		url ? { url } : { pgliteDir: PGLITE_DIR },
	);
	try {
		await runMigrations(database);
		const result = await importDirectoryFile(database.db, file);
		if (!result.ok) {
			console.error(formatDirectoryErrors(result.errors));
			return 1;
		}
		const where = url ? "Postgres (DATABASE_URL)" : `PGlite in ${PGLITE_DIR}`;
		console.log(
			`Imported ${file} into ${where}:\n${formatImportSummary(result.summary)}`,
		);
		return 0;
	} finally {
		await database.close();
	}
}

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	},
);
