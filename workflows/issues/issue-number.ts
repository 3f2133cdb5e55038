import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";

/**
 * The next human number of a year, e.g. 2026-000123, from the `issue_number_seq` sequence: concurrent
 * creations never share a number and never wait for each other. A creation that rolls back leaves a
 * gap in the year's numbers (and no event in the audit log).
 */
export async function allocateIssueNumber(
	db: DbOrTx,
	year: number,
): Promise<string> {
	let n = await numberInYear(db, year);
	if (n === null) {
		await startYear(db, year);
		n = await numberInYear(db, year);
	}
	if (n === null) throw new Error(`issue_number_years has no row for ${year}`);
	return `${year}-${String(n).padStart(6, "0")}`;
}

/** nextval − the year's base; null while the year has no base yet (its first issue). */
async function numberInYear(db: DbOrTx, year: number): Promise<number | null> {
	const result = await db.execute(sql`
		select nextval('issue_number_seq') - base.sequence_base as n
		from issue_number_years base where base.year = ${year}`);
	const row = (result as unknown as { rows: Array<{ n: string | number }> })
		.rows[0];
	return row ? Number(row.n) : null;
}

/**
 * A year's base is the sequence value before its first issue. Concurrent first issues of a year: the
 * second waits for the first's insert to commit, then uses its base.
 */
async function startYear(db: DbOrTx, year: number): Promise<void> {
	await db.execute(sql`
		insert into issue_number_years (year, sequence_base)
		select ${year}, case when is_called then last_value else last_value - 1 end from issue_number_seq
		on conflict (year) do nothing`);
}
