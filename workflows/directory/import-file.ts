/** Load, check and import a directory file: what `npm run directory:import` does. */
import type { Db } from "../../db/client.ts";
import type { DirectoryError } from "./errors.ts";
import { type ImportSummary, importDirectory } from "./import.ts";
import { loadDirectoryFile } from "./load-file.ts";

export type ImportFileResult =
	| { ok: true; summary: ImportSummary }
	| { ok: false; errors: DirectoryError[] };

/** A file with any error is not imported at all. */
export async function importDirectoryFile(
	db: Db,
	path: string,
): Promise<ImportFileResult> {
	const loaded = await loadDirectoryFile(path);
	if (!loaded.ok) return loaded;
	return { ok: true, summary: await importDirectory(db, loaded.directory) };
}

const TABLES = [
	"offices",
	"departments",
	"enterprises",
	"people",
	"groups",
	"categories",
] as const;

/** A few lines for the operator: per table, what was created, updated, deactivated. */
export function formatImportSummary(summary: ImportSummary): string {
	const lines = TABLES.map((table) => {
		const c = summary[table];
		const total = c.created + c.updated + c.unchanged;
		return `${table.padEnd(12)} ${String(total).padStart(5)} in file: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.deactivated} deactivated`;
	});
	const i = summary.identities;
	lines.push(
		`${"identities".padEnd(12)} ${String(i.created + i.updated + i.unchanged).padStart(5)} in file: ${i.created} created, ${i.updated} updated, ${i.unchanged} unchanged, ${i.removed} removed`,
	);
	const { changed, removed } = summary.settings;
	lines.push(
		`${"settings".padEnd(12)} ${changed.length === 0 ? "unchanged" : `written: ${changed.join(", ")}`}${removed.length === 0 ? "" : `; removed: ${removed.join(", ")}`}`,
	);
	return lines.join("\n");
}
