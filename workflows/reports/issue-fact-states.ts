/**
 * Each issue's facts folded from all its events and ratings, kept in `issue_fact_states` so that a
 * period's figures need not read the audit log again (docs/scale.md, part 6).
 *
 * How a kept fold stays right: every insert, update or delete of an issue's events or ratings also
 * writes a row for the issue into `issue_fact_dirty`, in the same transaction (triggers of migration
 * 0028). A fold is used only while its issue has no such row. `refreshIssueFacts` folds an issue
 * again and deletes the dirty rows it saw *before* reading the events: a write it may have missed
 * committed after that read, so its dirty row was not seen, survives, and keeps the new fold unused
 * until the next refresh. Refreshes take one advisory lock, so two never interleave.
 */
import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { rowsOf } from "../../db/raw-rows.ts";
import {
	type FactEvent,
	type FoldedFacts,
	foldEvent,
	startFold,
} from "./issue-facts.ts";
import { encodeKeptFacts, KEPT_FACTS_PREFIX } from "./kept-facts-codec.ts";
import { addRating, NO_RATINGS, type RatingsSum } from "./period-tally.ts";

/** A list of issue ids as one parameter: `${intList(ids)}::int[]` (much cheaper to send than an array). */
const intList = (ids: readonly number[]) => sql.param(`{${ids.join(",")}}`);

/**
 * The kept folds (their text) that give these issues' facts at `asOf`: clean (no dirty row), of
 * this format, with nothing dated at or after `asOf`, and read with the lead the issue has now.
 * `last_at_ms` and `folded_lead` are columns so that this is decided without parsing the folds.
 */
export async function readServingFolds(
	db: DbOrTx,
	issues: ReadonlyArray<{ id: number; lead: number | null }>,
	asOf: Date,
): Promise<Map<number, string>> {
	const leads = issues.map((issue) => issue.lead ?? "NULL");
	const rows = rowsOf<{ issue_id: number; facts: string }>(
		await db.execute(sql`
			select s.issue_id, s.facts
			from unnest(${intList(issues.map((issue) => issue.id))}::int[], ${sql.param(`{${leads.join(",")}}`)}::int[]) as c(id, lead)
				join issue_fact_states s on s.issue_id = c.id
			where (s.last_at_ms is null or s.last_at_ms < ${asOf.getTime()}::float8)
				and (not s.lead_read or s.folded_lead is not distinct from c.lead)
				and not exists (select 1 from issue_fact_dirty d where d.issue_id = s.issue_id)`),
	);
	const folds = new Map<number, string>();
	for (const row of rows)
		if (row.facts.startsWith(KEPT_FACTS_PREFIX))
			folds.set(row.issue_id, row.facts);
	return folds;
}

/** `created_at` as JavaScript reads it: ms since 1970, the microseconds cut off. */
const MS = (column: string) =>
	sql.raw(`floor(extract(epoch from ${column}) * 1000)::float8`);

interface EventRow {
	issue_id: number;
	kind: string;
	to_state: string | null;
	payload: unknown;
	at: number;
}

interface RatingRow {
	issue_id: number;
	result: number;
	at: number;
}

/**
 * The events and ratings of some issues (ids ascending) dated before `before` (all with null):
 * the events by issue and id, the ratings summed by issue.
 */
export async function readHistories(
	db: DbOrTx,
	ids: readonly number[],
	before: Date | null,
): Promise<{
	events: EventRow[];
	ratings: Map<number, RatingsSum & { lastAt: number }>;
}> {
	const idList = intList(ids);
	const dated = (column: string) =>
		before === null
			? sql``
			: sql` and ${sql.raw(column)} < ${before.toISOString()}::timestamptz`;
	const [events, rated] = await Promise.all([
		db.execute(
			sql`select issue_id, kind, to_state, payload, ${MS("created_at")} as at from issue_events where issue_id = any(${idList}::int[])${dated("created_at")} order by issue_id, id`,
		),
		db.execute(
			sql`select issue_id, result, ${MS("created_at")} as at from ratings where issue_id = any(${idList}::int[])${dated("created_at")}`,
		),
	]);
	const ratings = new Map<number, RatingsSum & { lastAt: number }>();
	for (const r of rowsOf<RatingRow>(rated)) {
		const sum = ratings.get(r.issue_id);
		ratings.set(r.issue_id, {
			...addRating(sum ?? NO_RATINGS, r.result),
			lastAt: Math.max(sum?.lastAt ?? r.at, r.at),
		});
	}
	return { events: rowsOf<EventRow>(events), ratings };
}

/**
 * Walks issues (ids ascending) through their events (ordered by issue and id): `each` gets every
 * issue with its fold of the events before `asOf` and the time of the latest one.
 */
export function foldHistories(
	issues: ReadonlyArray<{ id: number; lead: number | null }>,
	events: readonly EventRow[],
	asOf: number,
	each: (index: number, fold: FoldedFacts, lastAt: number | null) => void,
): void {
	let next = 0;
	for (const [index, issue] of issues.entries()) {
		while (
			next < events.length &&
			(events[next] as EventRow).issue_id < issue.id
		)
			next += 1;
		const fold = startFold();
		let lastAt: number | null = null;
		for (; next < events.length; next += 1) {
			const row = events[next] as EventRow;
			if (row.issue_id !== issue.id) break;
			if (row.at >= asOf) continue;
			const event: FactEvent = {
				kind: row.kind,
				toState: row.to_state,
				payload: row.payload,
				at: row.at,
			};
			foldEvent(fold, event, issue.lead);
			lastAt = lastAt === null ? row.at : Math.max(lastAt, row.at);
		}
		each(index, fold, lastAt);
	}
}

/** Refreshes take this advisory lock (a constant of this module). */
const REFRESH_LOCK_KEY = 2_026_020_005;
const REFRESH_BATCH = 2_000;

/**
 * Folds again the issues registered since `createdFrom` that have no kept fold or a dirty one,
 * and any older issue whose kept fold is dirty; drops the dirty rows of issues with no kept fold.
 * Returns how many issues it folded.
 */
export async function refreshIssueFacts(
	db: Db,
	createdFrom: Date,
): Promise<number> {
	const candidates = rowsOf<{ id: number }>(
		await db.execute(sql`
			select i.id from issues i
			where i.created_at >= ${createdFrom.toISOString()}::timestamptz
				and not exists (select 1 from issue_fact_states s where s.issue_id = i.id)
			union
			select d.issue_id from issue_fact_dirty d
			order by 1`),
	).map((r) => r.id);
	let folded = 0;
	for (let start = 0; start < candidates.length; start += REFRESH_BATCH) {
		const batch = candidates.slice(start, start + REFRESH_BATCH);
		// Read committed whatever the server's default: the events must be read after the dirty rows.
		folded += await db.transaction((tx) => refreshBatch(tx, batch), {
			isolationLevel: "read committed",
		});
	}
	return folded;
}

async function refreshBatch(db: DbOrTx, ids: number[]): Promise<number> {
	await db.execute(sql`select pg_advisory_xact_lock(${REFRESH_LOCK_KEY})`);
	const idList = intList(ids);
	// First the dirty rows, then the events: see the head of this file.
	const dirty = rowsOf<{ id: string }>(
		await db.execute(
			sql`select id::text as id from issue_fact_dirty where issue_id = any(${idList}::int[])`,
		),
	).map((r) => r.id);
	const leads = rowsOf<{ id: number; lead: number | null }>(
		await db.execute(
			sql`select id, lead_department_id as lead from issues where id = any(${idList}::int[]) order by id`,
		),
	);
	const { events, ratings } = await readHistories(db, ids, null);
	const keptIds: number[] = [];
	const lastAts: Array<number | null> = [];
	const leadsRead: boolean[] = [];
	const foldedLeads: Array<number | null> = [];
	const texts: string[] = [];
	foldHistories(
		leads,
		events,
		Number.POSITIVE_INFINITY,
		(index, fold, eventAt) => {
			const issue = leads[index] as (typeof leads)[number];
			const rated = ratings.get(issue.id);
			const lastAt =
				rated === undefined
					? eventAt
					: eventAt === null
						? rated.lastAt
						: Math.max(eventAt, rated.lastAt);
			keptIds.push(issue.id);
			lastAts.push(lastAt);
			leadsRead.push(fold.readCurrentLead);
			foldedLeads.push(fold.readCurrentLead ? issue.lead : null);
			texts.push(encodeKeptFacts({ fold, ratings: rated ?? NO_RATINGS }));
		},
	);
	// Issues that have gone have no fold to keep; their dirty rows go with the others.
	if (keptIds.length > 0)
		await db.execute(sql`
			insert into issue_fact_states (issue_id, last_at_ms, lead_read, folded_lead, facts)
			select * from unnest(${sql.param(keptIds)}::int[], ${sql.param(lastAts)}::float8[],
				${sql.param(leadsRead)}::boolean[], ${sql.param(foldedLeads)}::int[], ${sql.param(texts)}::text[])
			on conflict (issue_id) do update set last_at_ms = excluded.last_at_ms, lead_read = excluded.lead_read,
				folded_lead = excluded.folded_lead, facts = excluded.facts`);
	if (dirty.length > 0)
		await db.execute(
			sql`delete from issue_fact_dirty where id = any(${sql.param(dirty)}::bigint[])`,
		);
	return keptIds.length;
}
