/**
 * The rows a unit of work (unit-of-work.ts) writes together at its end — one statement per table —
 * instead of one insert each: the audit events, issue links, co-handling departments and answers of
 * a batch of inbound messages. A new issue would otherwise cost five single-row inserts; the round
 * trip, not the row, is what costs.
 */
import { type SQL, sql } from "drizzle-orm";
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

export const noDeferredRows = (): DeferredRows => ({
	events: [],
	links: [],
	coHandlers: [],
	outbox: [],
	statements: [],
});

/**
 * One statement that writes `rows`, in the order they were deferred, or undefined when there are
 * none: an `insert … unnest` per table, each a data-modifying CTE when there are several.
 */
export function deferredRowsStatement(rows: DeferredRows): SQL | undefined {
	const { events, links, coHandlers, outbox: answers, statements } = rows;
	const writes = [
		...(events.length > 0 ? [eventsInsert(events)] : []),
		...(links.length > 0 ? [linksInsert(links)] : []),
		...(coHandlers.length > 0 ? [coHandlersInsert(coHandlers)] : []),
		...(answers.length > 0 ? [outboxInsert(answers)] : []),
		...statements,
	];
	if (writes.length <= 1) return writes[0];
	// Data-modifying CTEs of one statement: each runs once and to completion, as if on its own.
	return sql`with ${sql.join(
		writes.map(
			(write, i) => sql`${sql.identifier(`write_${i}`)} as (${write})`,
		),
		sql`, `,
	)} select 1`;
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

export function linksInsert(rows: readonly LinkRow[]): SQL {
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

export function coHandlersInsert(rows: readonly CoHandlerRow[]): SQL {
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
