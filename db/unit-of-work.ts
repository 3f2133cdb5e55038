/**
 * A unit of work: one transaction of the inbound worker's batch, and the rows it writes together at
 * its end (deferred-rows.ts). It is the transaction's own handle, given the deferred rows and
 * `flush()` when the batch opens it, so it goes down wherever the batch's `tx` goes; a function
 * that creates issues or writes audit events, links, co-handlers or answers defers them when the
 * handle it was given is a unit of work, and inserts at once when it is a plain `Db` or `Tx` (the
 * console, the API, the sweeper).
 *
 * New issues are written before any other statement of the transaction runs: the unit of work
 * watches its connection, so a later message of the batch that reads or changes an issue created
 * earlier in it finds the row. Other deferred rows must reach their table before anything else in
 * the transaction reads or writes it, so that the audit log and each chat keep their order: code
 * that touches `issue_events`, `issue_links`, `issue_co_handlers` or `outbox` other than through the
 * deferring calls first calls `flushDeferred`. A savepoint (`work.transaction(…)`) is a transaction
 * of its own and defers nothing.
 */
import type { SQL } from "drizzle-orm";
import type { DbOrTx, Tx } from "./client.ts";
import {
	type CoHandlerRow,
	coHandlersInsert,
	type DeferredRows,
	deferredRowsStatement,
	type IssueRow,
	issuesStatement,
	type LinkRow,
	linksInsert,
	noDeferredRows,
	type WrittenAnswer,
} from "./deferred-rows.ts";
import { createIssueKeys, type IssueKey } from "./issue-keys.ts";
import { rowsOf } from "./raw-rows.ts";

export interface UnitOfWork extends Tx {
	/** What waits for the end of the unit of work, per table, in the order it was deferred. */
	readonly deferred: DeferredRows;
	/** A statement that goes with the deferred rows in their round trip (the batch's outcomes). */
	deferStatement(statement: SQL): void;
	/**
	 * An id and a number for a new issue of `year`, whose row is then deferred with `deferIssue`;
	 * null when it is the last issue the unit of work expects: insert it at once.
	 */
	issueKey(year: number): Promise<IssueKey | null>;
	deferIssue(row: IssueRow): void;
	/** At most how many more issues this unit of work may create: how many keys the next draw takes. */
	expectIssues(count: number): void;
	/** Writes what waits, in one round trip (two with new issues). */
	flush(): Promise<void>;
	/**
	 * The deferred answers written so far. With `answersEnqueued` they are written as handed to the
	 * outbound queue already: whoever opened the unit of work adds their jobs after the commit.
	 */
	readonly answersWritten: readonly WrittenAnswer[];
	/**
	 * Whether the unit of work wrote an outbox row that only the relay will take to the outbound
	 * queue: a message promised outside the deferred answers, or answers not written as enqueued.
	 */
	readonly leftForRelay: boolean;
}

export interface UnitOfWorkOptions {
	/** The opener hands the written answers to the outbound queue itself (the relay leaves them). */
	answersEnqueued?: boolean;
}

/** Makes `tx` a unit of work: its queries as before, plus rows deferred to `flush()`. */
function openUnitOfWork(
	tx: Tx,
	options: UnitOfWorkOptions,
): { work: UnitOfWork; close(): void } {
	const deferred = noDeferredRows();
	const answersWritten: WrittenAnswer[] = [];
	const keys = createIssueKeys(tx);
	let expected = 1;
	const flushIssues = async () => {
		const statement = issuesStatement(deferred.issues, keys.giveBack());
		deferred.issues = [];
		if (statement) await tx.execute(statement);
	};
	// On the handle itself, not on an object derived from it (Object.create): a new prototype per
	// batch would give drizzle's every query a new object shape to look its session up on.
	const work = Object.assign(tx, {
		deferred,
		deferStatement: (statement: SQL) => {
			deferred.statements.push(statement);
		},
		issueKey: (year: number) => keys.take(year, expected),
		deferIssue: (row: IssueRow) => {
			deferred.issues.push(row);
		},
		expectIssues: (count: number) => {
			expected = Math.max(1, count);
		},
		flush: async () => {
			await flushIssues();
			const answers = deferred.outbox.length;
			const statement = deferredRowsStatement({ ...deferred }, options);
			Object.assign(deferred, noDeferredRows());
			if (!statement) return;
			const result = await tx.execute(statement);
			if (answers > 0 && !options.answersEnqueued) leaves.leftForRelay = true;
			if (answers > 0)
				for (const row of rowsOf<RawAnswer>(result))
					answersWritten.push({
						id: Number(row.id),
						platform: row.platform,
						conversationId: row.conversation_id,
					});
		},
		answersWritten,
		leftForRelay: false,
	});
	const leaves: { leftForRelay: boolean } = work;
	const connection = connectionOf(tx);
	if (connection) openOnConnection.set(connection, leaves);
	const stopWatching = issuesWrittenFirst(tx, () =>
		deferred.issues.length > 0 ? flushIssues() : null,
	);
	const close = () => {
		stopWatching();
		if (connection) openOnConnection.delete(connection);
	};
	return { work, close };
}

/**
 * The unit of work open on each connection, by drizzle's private `client` field (as in
 * driver-workarounds/reusable-statement.ts): a savepoint's handle is another object on the same
 * connection, and what it promises is its batch's.
 */
const openOnConnection = new WeakMap<object, { leftForRelay: boolean }>();

const connectionOf = (db: DbOrTx): object | undefined =>
	(db._.session as unknown as { client?: object }).client;

/**
 * An outbox row was written on `db` outside the deferred answers: when `db` belongs to a unit of
 * work, its opener wakes the relay after the commit.
 */
export function noteLeftForRelay(db: DbOrTx): void {
	const connection = connectionOf(db);
	const unit = connection && openOnConnection.get(connection);
	if (unit) unit.leftForRelay = true;
}

type RawAnswer = {
	id: string | number;
	platform: string;
	conversation_id: string;
};

type Query = (...args: unknown[]) => unknown;

/**
 * Until `close()`, every statement sent on the transaction's connection is preceded by
 * `writeIssues()` when it has something to write. The connection is drizzle's private `client` field
 * (as in driver-workarounds/reusable-statement.ts); its `query` is wrapped on the object and
 * restored after.
 */
function issuesWrittenFirst(
	tx: Tx,
	writeIssues: () => Promise<void> | null,
): () => void {
	const client = connectionOf(tx) as { query: Query } | undefined;
	if (!client) return () => {};
	const hadOwn = Object.hasOwn(client, "query");
	const query = client.query;
	client.query = function (this: unknown, ...args: unknown[]) {
		const writing = writeIssues();
		if (writing === null) return query.apply(this, args);
		const callback = args.at(-1);
		const sent = writing.then(() => query.apply(this, args));
		if (typeof callback === "function") sent.catch(callback as Query);
		return sent;
	};
	return () => {
		if (hadOwn) client.query = query;
		else delete (client as Partial<typeof client>).query;
	};
}

/** Runs `body` in a unit of work over `tx`, then writes what it deferred. */
export async function withUnitOfWork<T>(
	tx: Tx,
	body: (work: UnitOfWork) => Promise<T>,
	options: UnitOfWorkOptions = {},
): Promise<T> {
	const { work, close } = openUnitOfWork(tx, options);
	try {
		const result = await body(work);
		await work.flush();
		return result;
	} finally {
		close();
	}
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
