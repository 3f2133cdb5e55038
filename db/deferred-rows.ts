/**
 * The rows a unit of work (unit-of-work.ts) writes together at its end — one statement per table —
 * instead of one insert each: the new issues, their audit events, issue links, co-handling
 * departments and answers of a batch of inbound messages. A new issue would otherwise cost six
 * single-row inserts; the round trip and the statement, not the row, are what cost.
 */
import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { SpareNumbers } from "./issue-keys.ts";
import {
	type Issue,
	issueCoHandlers,
	issueEvents,
	issueLinks,
	issueNumberSpares,
	issues,
} from "./schema/issues.ts";
import { outbox } from "./schema/pipeline.ts";

/** The columns a new issue is written with; the rest take their defaults. */
export const NEW_ISSUE_COLUMNS = [
	"id",
	"number",
	"sourceChannel",
	"title",
	"body",
	"enterpriseId",
	"reporterPersonId",
	"groupId",
	"officeId",
	"sourceConversationId",
	"sourceMessageId",
	"sourceThreadRef",
	"categoryCode",
	"urgency",
	"leadDepartmentId",
	"state",
	"colour",
	"policy",
	"dispatchedAt",
	"acceptDueAt",
	"acceptedAt",
	"clockStartedAt",
	"dueAt",
	"nextWakeAt",
	"retrospectiveRequired",
	"wakeGeneration",
	"createdAt",
	"updatedAt",
] as const satisfies ReadonlyArray<keyof Issue>;

export type IssueRow = Pick<Issue, (typeof NEW_ISSUE_COLUMNS)[number]>;

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
	issues: IssueRow[];
	events: EventRow[];
	links: LinkRow[];
	coHandlers: CoHandlerRow[];
	outbox: OutboxRow[];
	statements: SQL[];
}

export const noDeferredRows = (): DeferredRows => ({
	issues: [],
	events: [],
	links: [],
	coHandlers: [],
	outbox: [],
	statements: [],
});

/**
 * The new issues, and the numbers drawn for issues that were not created, which go back as spares.
 * A statement of its own, before the other rows: a data-modifying CTE does not see what its siblings
 * write, and the deferred statements may read the issues.
 */
export function issuesStatement(
	rows: readonly IssueRow[],
	spares: readonly SpareNumbers[],
): SQL | undefined {
	const returned = spares.flatMap(({ year, numbers }) =>
		numbers.map((number) => ({ year, number })),
	);
	const writes = [
		...(rows.length > 0 ? [issuesInsert(rows)] : []),
		...(returned.length > 0
			? [
					sql`insert into ${issueNumberSpares} (year, number)
					select * from unnest(
						${column(returned, (r) => r.year)}::integer[],
						${column(returned, (r) => r.number)}::text[])
					on conflict do nothing`,
				]
			: []),
	];
	return asOneStatement(writes);
}

/** An answer as written: what its outbound job needs. */
export interface WrittenAnswer {
	id: number;
	platform: string;
	conversationId: string;
}

/**
 * One statement that writes `rows`, in the order they were deferred, or undefined when there are
 * none: an `insert … unnest` per table, each a data-modifying CTE when there are several. It
 * returns the answers it wrote (`WrittenAnswer`, as `id`, `platform`, `conversation_id`); with
 * `answersEnqueued` they are written as already handed to the outbound queue, which the caller
 * then does itself, so that the relay does not claim them.
 */
export function deferredRowsStatement(
	rows: DeferredRows,
	options: { answersEnqueued?: boolean } = {},
): SQL | undefined {
	const { events, links, coHandlers, outbox: answers, statements } = rows;
	if (rows.issues.length > 0)
		throw new Error("deferred issues are written first, by issuesStatement");
	const answersWrite =
		answers.length > 0
			? outboxInsert(answers, options.answersEnqueued ?? false)
			: undefined;
	const writes = [
		...(events.length > 0 ? [eventsInsert(events)] : []),
		...(links.length > 0 ? [linksInsert(links)] : []),
		...(coHandlers.length > 0 ? [coHandlersInsert(coHandlers)] : []),
		...(answersWrite ? [answersWrite] : []),
		...statements,
	];
	const answersAt = answersWrite ? writes.indexOf(answersWrite) : -1;
	return asOneStatement(
		writes,
		answersAt >= 0
			? sql`select * from ${sql.identifier(`write_${answersAt}`)}`
			: undefined,
	);
}

/** The writes as one statement; with several, `result` is what it returns (the answers written). */
function asOneStatement(
	writes: readonly SQL[],
	result: SQL = sql`select 1`,
): SQL | undefined {
	if (writes.length <= 1) return writes[0];
	// Data-modifying CTEs of one statement: each runs once and to completion, as if on its own.
	return sql`with ${sql.join(
		writes.map(
			(write, i) => sql`${sql.identifier(`write_${i}`)} as (${write})`,
		),
		sql`, `,
	)} ${result}`;
}

// Each column is one array parameter (sql.param: a bare array would become a list of parameters),
// and `with ordinality … order by` numbers the rows in the order they were deferred.
const column = <R, V>(rows: readonly R[], value: (row: R) => V) =>
	sql.param(rows.map(value));

/** Each new issue column's name and its type for the cast of its array (a serial is an integer). */
const newIssueColumns = NEW_ISSUE_COLUMNS.map((key) => {
	const column = getTableColumns(issues)[key];
	const type = column.getSQLType();
	return { key, name: column.name, type: type === "serial" ? "integer" : type };
});

function issuesInsert(rows: readonly IssueRow[]): SQL {
	const names = sql.raw(newIssueColumns.map(({ name }) => name).join(", "));
	const arrays = newIssueColumns.map(
		({ key, type }) =>
			sql`${column(rows, (row) => columnValue(row[key], type))}::${sql.raw(type)}[]`,
	);
	return sql`
		insert into ${issues} (${names})
		select ${names}
		from unnest(${sql.join(arrays, sql`, `)})
			with ordinality as row(${names}, n)
		order by n`;
}

function columnValue(value: unknown, type: string): unknown {
	if (value instanceof Date) return value.toISOString();
	if (type === "jsonb" && value !== null) return JSON.stringify(value);
	return value;
}

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

function outboxInsert(rows: readonly OutboxRow[], enqueued: boolean): SQL {
	return sql`
		insert into ${outbox} (dedupe_key, platform, conversation_id, issue_id, message, enqueued_at)
		select dedupe_key, platform, conversation_id, issue_id, message, ${enqueued ? sql`now()` : sql`null::timestamptz`}
		from unnest(
			${column(rows, (r) => r.dedupeKey)}::text[],
			${column(rows, (r) => r.platform)}::text[],
			${column(rows, (r) => r.conversationId)}::text[],
			${column(rows, (r) => r.issueId)}::integer[],
			${column(rows, (r) => JSON.stringify(r.message))}::jsonb[])
			with ordinality as row(dedupe_key, platform, conversation_id, issue_id, message, n)
		order by n
		on conflict (dedupe_key) do nothing
		returning id, platform, conversation_id`;
}
