/**
 * bench:ledger-memory — does the ledger export's memory grow with its rows? Each size is exported in
 * a process of its own whose JavaScript heap is capped (--max-old-space-size), so an export that held
 * its rows would fail at the larger size; the heap's peak is reported for each. The ledger is
 * BENCH_SCALE_DATABASE_URL's (a kept bench:scale run) or a province of 100 000 issues seeded here.
 * Ends with one JSON line. See docs/scale.md.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createBenchDatabase, openSeededDatabase } from "./bench-database.ts";
import { seedProvince, seedSize } from "./scale/seed.ts";

const HEAP_CAP_MB = Number(process.env.BENCH_LEDGER_HEAP_MB ?? 64);
const SIZES = [10_000, 100_000];
const child = fileURLToPath(
	new URL("./scale/ledger-export-child.ts", import.meta.url),
);
const run = promisify(execFile);

async function exportIn(url: string, rows: number) {
	try {
		const { stdout } = await run(
			process.execPath,
			[
				`--max-old-space-size=${HEAP_CAP_MB}`,
				"--import",
				"tsx",
				child,
				url,
				String(rows),
			],
			{ maxBuffer: 1 << 20 },
		);
		return {
			completed: true,
			...JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}"),
		};
	} catch (error) {
		const message = String((error as { stderr?: string }).stderr ?? error);
		return { rows, completed: false, error: message.slice(-300) };
	}
}

async function main() {
	const seeded = process.env.BENCH_SCALE_DATABASE_URL;
	const database = seeded
		? await openSeededDatabase(seeded)
		: await createBenchDatabase(4);
	try {
		if (!seeded)
			await seedProvince(database.db, seedSize(Math.max(...SIZES)), new Date());
		const runs = [];
		for (const rows of SIZES) runs.push(await exportIn(database.url, rows));
		console.log(
			JSON.stringify({ bench: "ledger-memory", heapCapMb: HEAP_CAP_MB, runs }),
		);
	} finally {
		if (seeded) await database.keep();
		else await database.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
