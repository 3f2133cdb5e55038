/**
 * The ledger export (问题台账, /console/ledger.xlsx) of the first `rows` issues, as the console streams
 * it: time to the last byte, bytes, and how far the process's memory rose while it ran (sampled every
 * 50 ms), which must not grow with the row count.
 */
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql } from "drizzle-orm";
import { ledgerXlsx } from "../../../bot/web/console/ledger-xlsx.ts";
import type { DbOrTx } from "../../../db/client.ts";
import { rowsOf } from "../../../db/raw-rows.ts";
import { issues } from "../../../db/schema/index.ts";
import { ledgerRows } from "../../../workflows/reports/ledger.ts";

export interface LedgerExportFigures {
	rows: number;
	ms: number;
	bytes: number;
	rssGrowthMb: number;
	/** The most of the JavaScript heap in use at any 50 ms sample while it ran. */
	heapPeakMb: number;
}

export async function measureLedgerExport(
	db: DbOrTx,
	rows: number,
): Promise<LedgerExportFigures> {
	const rssBefore = process.memoryUsage().rss;
	let rssPeak = rssBefore;
	let heapPeak = process.memoryUsage().heapUsed;
	const sampler = setInterval(() => {
		const { rss, heapUsed } = process.memoryUsage();
		rssPeak = Math.max(rssPeak, rss);
		heapPeak = Math.max(heapPeak, heapUsed);
	}, 50);
	let bytes = 0;
	let exported = 0;
	const started = performance.now();
	try {
		// A constant bound, read once: a subquery in the scope would be run again for every batch.
		const [bound] = rowsOf<{ id: number }>(
			await db.execute(
				sql`select id from issues order by id offset ${rows - 1} limit 1`,
			),
		);
		const scope = sql`${issues.id} <= ${bound?.id ?? 0}`;
		async function* counted() {
			for await (const batch of ledgerRows(db, { scope })) {
				exported += batch.length;
				yield batch;
			}
		}
		await pipeline(
			ledgerXlsx("zh-CN", counted()),
			new Writable({
				write(chunk: Buffer, _encoding, done) {
					bytes += chunk.length;
					done();
				},
			}),
		);
	} finally {
		clearInterval(sampler);
	}
	return {
		rows: exported,
		ms: Math.round(performance.now() - started),
		bytes,
		rssGrowthMb: Math.round((rssPeak - rssBefore) / 1048576),
		heapPeakMb: Math.round(heapPeak / 1048576),
	};
}
