import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { issueNumberCounters } from "../../db/schema/issues.ts";

/** The next human number of a year, e.g. 2026-000123. Atomic: concurrent callers never share one. */
export async function allocateIssueNumber(
	db: DbOrTx,
	year: number,
): Promise<string> {
	const [row] = await db
		.insert(issueNumberCounters)
		.values({ year, last: 1 })
		.onConflictDoUpdate({
			target: issueNumberCounters.year,
			set: { last: sql`${issueNumberCounters.last} + 1` },
		})
		.returning({ last: issueNumberCounters.last });
	if (!row) throw new Error(`no issue number allocated for ${year}`);
	return `${year}-${String(row.last).padStart(6, "0")}`;
}
