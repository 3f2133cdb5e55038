/**
 * Audit events: deferred to the end of a unit of work (db/unit-of-work.ts, an inbound batch), or
 * else in one statement, its text built once per connection for the usual row counts.
 */
import type { DbOrTx } from "../../db/client.ts";
import type { EventRow } from "../../db/deferred-rows.ts";
import { reusableStatement } from "../../db/driver-workarounds/reusable-statement.ts";
import { valuePlaceholders } from "../../db/driver-workarounds/value-placeholders.ts";
import { issueEvents } from "../../db/schema/issues.ts";
import { isUnitOfWork } from "../../db/unit-of-work.ts";

const COLUMNS = [
	"issueId",
	"actorPersonId",
	"actorLabel",
	"kind",
	"fromState",
	"toState",
	"version",
	"payload",
	"createdAt",
] as const satisfies ReadonlyArray<keyof EventRow>;

/** Prepared inserts of 1 … PREPARED_ROWS events; rows of one insert get their ids in VALUES order. */
const PREPARED_ROWS = 2;
const insertRows = Array.from({ length: PREPARED_ROWS }, (_, index) => {
	const rows = index + 1;
	return reusableStatement((db) =>
		db
			.insert(issueEvents)
			.values(
				Array.from({ length: rows }, (_, row) =>
					valuePlaceholders(COLUMNS, `_${row}`),
				),
			)
			.prepare(`insert_issue_events_${rows}`),
	);
});

export async function insertIssueEvents(
	db: DbOrTx,
	events: readonly EventRow[],
): Promise<void> {
	if (events.length === 0) return;
	if (isUnitOfWork(db)) {
		db.deferred.events.push(...events);
		return;
	}
	const statement = insertRows[events.length - 1];
	if (!statement) {
		await db.insert(issueEvents).values([...events]);
		return;
	}
	const values: Record<string, unknown> = {};
	for (const [row, event] of events.entries()) {
		for (const column of COLUMNS)
			values[`${column}_${row}`] = event[column] ?? null;
	}
	await statement(db).execute(values);
}
