/**
 * A unit of work: one transaction of the inbound worker's batch, and the rows it writes together at
 * its end (deferred-rows.ts). It is the transaction's own handle, given the deferred rows and
 * `flush()` when the batch opens it, so it goes down wherever the batch's `tx` goes; a function
 * that writes audit events, links, co-handlers or answers defers them when the handle it was given
 * is a unit of work, and inserts at once when it is a plain `Db` or `Tx` (the console, the API, the
 * sweeper).
 *
 * Deferred rows must reach their table before anything else in the transaction reads or writes it,
 * so that the audit log and each chat keep their order: code that touches `issue_events`,
 * `issue_links`, `issue_co_handlers` or `outbox` other than through the deferring calls first calls
 * `flushDeferred`. A savepoint (`work.transaction(…)`) is a transaction of its own and defers
 * nothing.
 */
import type { SQL } from "drizzle-orm";
import type { DbOrTx, Tx } from "./client.ts";
import {
	type CoHandlerRow,
	coHandlersInsert,
	type DeferredRows,
	deferredRowsStatement,
	type LinkRow,
	linksInsert,
	noDeferredRows,
} from "./deferred-rows.ts";

export interface UnitOfWork extends Tx {
	/** What waits for the end of the unit of work, per table, in the order it was deferred. */
	readonly deferred: DeferredRows;
	/** A statement that goes with the deferred rows in their round trip (the batch's outcomes). */
	deferStatement(statement: SQL): void;
	/** Writes what waits, in one round trip. */
	flush(): Promise<void>;
}

/** Makes `tx` a unit of work: its queries as before, plus rows deferred to `flush()`. */
function openUnitOfWork(tx: Tx): UnitOfWork {
	const deferred = noDeferredRows();
	// On the handle itself, not on an object derived from it (Object.create): a new prototype per
	// batch would give drizzle's every query a new object shape to look its session up on.
	return Object.assign(tx, {
		deferred,
		deferStatement: (statement: SQL) => {
			deferred.statements.push(statement);
		},
		flush: async () => {
			const statement = deferredRowsStatement({ ...deferred });
			Object.assign(deferred, noDeferredRows());
			if (statement) await tx.execute(statement);
		},
	});
}

/** Runs `body` in a unit of work over `tx`, then writes what it deferred. */
export async function withUnitOfWork<T>(
	tx: Tx,
	body: (work: UnitOfWork) => Promise<T>,
): Promise<T> {
	const work = openUnitOfWork(tx);
	const result = await body(work);
	await work.flush();
	return result;
}

export function isUnitOfWork(db: DbOrTx): db is UnitOfWork {
	return Object.hasOwn(db, "deferred");
}

/** Writes what `db` deferred so far when it is a unit of work: before its tables are read or written otherwise. */
export async function flushDeferred(db: DbOrTx): Promise<void> {
	if (isUnitOfWork(db)) await db.flush();
}

/** Links issues: at the end of a unit of work, else at once. */
export async function insertIssueLinks(
	db: DbOrTx,
	rows: readonly LinkRow[],
): Promise<void> {
	if (isUnitOfWork(db)) db.deferred.links.push(...rows);
	else if (rows.length > 0) await db.execute(linksInsert(rows));
}

/** Adds co-handling departments to issues: at the end of a unit of work, else at once. */
export async function insertCoHandlers(
	db: DbOrTx,
	rows: readonly CoHandlerRow[],
): Promise<void> {
	if (isUnitOfWork(db)) db.deferred.coHandlers.push(...rows);
	else if (rows.length > 0) await db.execute(coHandlersInsert(rows));
}
