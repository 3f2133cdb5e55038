/**
 * Rows a transaction writes together at its end — one statement per table — instead of one insert
 * each: the audit events, issue links, co-handling departments and answers of a batch of inbound
 * messages. A new issue would otherwise cost five single-row inserts; the round trip, not the row,
 * is what costs.
 *
 * Only a transaction opened with `withDeferredRows` defers; everywhere else the same calls insert at
 * once. Inside one, the deferred rows of a table must reach it before anything else in the
 * transaction reads or writes that table, so that the audit log and each chat keep their order:
 * code that touches `issue_events`, `issue_links`, `issue_co_handlers` or `outbox` other than through
 * the deferring calls first calls `writeDeferredRows`.
 */
import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "./client.ts";
import { issueCoHandlers, issueEvents, issueLinks } from "./schema/issues.ts";
import { outbox } from "./schema/pipeline.ts";

export interface EventRow {
	issueId: number;
	actorPersonId?: number | null;
	actorLabel: string;
	kind: string;
	fromState?: string | null;
	toState?: string | null;
	version: number;
	payload: Record<string, unknown>;
	createdAt: Date;
}

export interface LinkRow {
	issueId: number;
	linkedIssueId: number;
	reason: string;
}

export interface CoHandlerRow {
	issueId: number;
	departmentId: number;
	addedAt: Date;
}

/** An answer; like `enqueueOutbound`, a row whose dedupe key exists already is dropped. */
export interface OutboxRow {
	dedupeKey: string;
	platform: string;
	conversationId: string;
	issueId: number | null;
	message: unknown;
}

export interface DeferredRows {
	events: EventRow[];
	links: LinkRow[];
	coHandlers: CoHandlerRow[];
	outbox: OutboxRow[];
	statements: SQL[];
}

const emptyRows = (): DeferredRows => ({
	events: [],
	links: [],
	coHandlers: [],
	outbox: [],
	statements: [],
});

const pendingIn = new WeakMap<DbOrTx, DeferredRows>();

/** Runs `work` with deferral on for `tx`, then writes what it deferred. */
export async function withDeferredRows<T>(
	tx: DbOrTx,
	work: () => Promise<T>,
): Promise<T> {
	pendingIn.set(tx, emptyRows());
	try {
		const result = await work();
		await writeDeferredRows(tx);
		return result;
	} finally {
		pendingIn.delete(tx);
	}
}

/** Where to put rows for `db`'s end, or undefined when `db` does not defer (insert at once). */
export function deferredRows(db: DbOrTx): DeferredRows | undefined {
	return pendingIn.get(db);
}

/** Links issues: at the end of a deferring transaction, else at once. */
export async function insertIssueLinks(
	db: DbOrTx,
	rows: readonly LinkRow[],
): Promise<void> {
	const pending = pendingIn.get(db);
	if (pending) pending.links.push(...rows);
	else if (rows.length > 0) await db.execute(linksInsert(rows));
}

/** Adds co-handling departments to issues: at the end of a deferring transaction, else at once. */
export async function insertCoHandlers(
	db: DbOrTx,
	rows: readonly CoHandlerRow[],
): Promise<void> {
	const pending = pendingIn.get(db);
	if (pending) pending.coHandlers.push(...rows);
	else if (rows.length > 0) await db.execute(coHandlersInsert(rows));
}

/**
 * A statement that goes with the deferred rows in their round trip (the inbound worker's record of
 * what it made of each message): at the end of a deferring transaction, else at once.
 */
export async function deferStatement(
	db: DbOrTx,
	statement: SQL,
): Promise<void> {
	const pending = pendingIn.get(db);
	if (pending) pending.statements.push(statement);
	else await db.execute(statement);
}

/** Writes what `db` has deferred so far, in the order it was deferred, in one round trip. */
export async function writeDeferredRows(db: DbOrTx): Promise<void> {
	const pending = pendingIn.get(db);
	if (!pending) return;
	const { events, links, coHandlers, outbox: answers, statements } = pending;
	Object.assign(pending, emptyRows());
	const writes = [
		...(events.length > 0 ? [eventsInsert(events)] : []),
		...(links.length > 0 ? [linksInsert(links)] : []),
		...(coHandlers.length > 0 ? [coHandlersInsert(coHandlers)] : []),
		...(answers.length > 0 ? [outboxInsert(answers)] : []),
		...statements,
	];
	const [only] = writes;
	if (writes.length === 1 && only) await db.execute(only);
	else if (writes.length > 1)
		// Data-modifying CTEs of one statement: each runs once and to completion, as if on its own.
		await db.execute(
			sql`with ${sql.join(
				writes.map(
					(write, i) => sql`${sql.identifier(`write_${i}`)} as (${write})`,
				),
				sql`, `,
			)} select 1`,
		);
}

// Each column is one array parameter (sql.param: a bare array would become a list of parameters),
// and `with ordinality … order by` numbers the rows in the order they were deferred.
const column = <R, V>(rows: readonly R[], value: (row: R) => V) =>
	sql.param(rows.map(value));

function eventsInsert(rows: readonly EventRow[]): SQL {
	return sql`
		insert into ${issueEvents}
			(issue_id, actor_person_id, actor_label, kind, from_state, to_state, version, payload, created_at)
		select issue_id, actor_person_id, actor_label, kind, from_state, to_state, version, payload, created_at
		from unnest(
			${column(rows, (r) => r.issueId)}::integer[],
			${column(rows, (r) => r.actorPersonId ?? null)}::integer[],
			${column(rows, (r) => r.actorLabel)}::text[],
			${column(rows, (r) => r.kind)}::text[],
			${column(rows, (r) => r.fromState ?? null)}::text[],
			${column(rows, (r) => r.toState ?? null)}::text[],
			${column(rows, (r) => r.version)}::integer[],
			${column(rows, (r) => JSON.stringify(r.payload))}::jsonb[],
			${column(rows, (r) => r.createdAt.toISOString())}::timestamptz[])
			with ordinality as row(issue_id, actor_person_id, actor_label, kind, from_state, to_state, version, payload, created_at, n)
		order by n`;
}

function linksInsert(rows: readonly LinkRow[]): SQL {
	return sql`
		insert into ${issueLinks} (issue_id, linked_issue_id, reason)
		select issue_id, linked_issue_id, reason
		from unnest(
			${column(rows, (r) => r.issueId)}::integer[],
			${column(rows, (r) => r.linkedIssueId)}::integer[],
			${column(rows, (r) => r.reason)}::text[])
			with ordinality as row(issue_id, linked_issue_id, reason, n)
		order by n`;
}

function coHandlersInsert(rows: readonly CoHandlerRow[]): SQL {
	return sql`
		insert into ${issueCoHandlers} (issue_id, department_id, added_at)
		select issue_id, department_id, added_at
		from unnest(
			${column(rows, (r) => r.issueId)}::integer[],
			${column(rows, (r) => r.departmentId)}::integer[],
			${column(rows, (r) => r.addedAt.toISOString())}::timestamptz[])
			with ordinality as row(issue_id, department_id, added_at, n)
		order by n`;
}

function outboxInsert(rows: readonly OutboxRow[]): SQL {
	return sql`
		insert into ${outbox} (dedupe_key, platform, conversation_id, issue_id, message)
		select dedupe_key, platform, conversation_id, issue_id, message
		from unnest(
			${column(rows, (r) => r.dedupeKey)}::text[],
			${column(rows, (r) => r.platform)}::text[],
			${column(rows, (r) => r.conversationId)}::text[],
			${column(rows, (r) => r.issueId)}::integer[],
			${column(rows, (r) => JSON.stringify(r.message))}::jsonb[])
			with ordinality as row(dedupe_key, platform, conversation_id, issue_id, message, n)
		order by n
		on conflict (dedupe_key) do nothing`;
}
