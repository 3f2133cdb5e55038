/**
 * The lobby screen's board a page at a time: keyset pagination on (due_at, id), the board's own
 * order, so that a page costs the same whether the ledger holds a thousand late issues or thirty
 * thousand, and a row is neither skipped nor repeated when issues become late between two pages.
 * The briefing lists the longest late of it (overdueBoard with a limit) and this count.
 */
import { asc, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { issues } from "../../db/schema/issues.ts";
import {
	boardRowsQuery,
	OPEN_STATES_SQL,
	type OverdueRow,
	overdueCondition,
	withNotes,
} from "./overdue-board.ts";

/** Where a page ended: the last row's deadline (microseconds since 1970, or null) and its id. */
export interface BoardCursor {
	dueKey: string | null;
	issueId: number;
}

export interface OverdueBoardPage {
	rows: OverdueRow[];
	/** The cursor of the next page; null when this page reached the end. */
	next: BoardCursor | null;
}

export async function overdueBoardPage(
	db: DbOrTx,
	now: Date,
	options: { after?: BoardCursor | null; limit: number },
): Promise<OverdueBoardPage> {
	const after = options.after ?? null;
	const want = options.limit + 1;
	// Postgres sorts null deadlines last in ascending order. The rows with a deadline and those
	// without are read apart: one `(due_at, id) > cursor or due_at is null` would stop the planner
	// from walking issues_board_open_idx in order, and it would sort the rest of the board instead.
	const dated =
		after?.dueKey === null
			? []
			: await readRows(
					db,
					now,
					after
						? sql`(${issues.dueAt}, ${issues.id}) > (${dueOf(after.dueKey)}, ${after.issueId})`
						: sql`${issues.dueAt} is not null`,
					want,
				);
	const undated =
		dated.length < want
			? await readRows(
					db,
					now,
					after?.dueKey === null
						? sql`${issues.dueAt} is null and ${issues.id} > ${after.issueId}`
						: sql`${issues.dueAt} is null`,
					want - dated.length,
				)
			: [];
	const rows = [...dated, ...undated];
	const page = rows.slice(0, options.limit);
	const last = page.at(-1);
	return {
		rows: await withNotes(db, page, now),
		next:
			rows.length > options.limit && last
				? { dueKey: last.dueKey, issueId: last.issueId }
				: null,
	};
}

const readRows = (db: DbOrTx, now: Date, where: SQL, limit: number) =>
	boardRowsQuery(db, now)
		.where(sql`${overdueCondition(now)} and ${where}`)
		.orderBy(asc(issues.dueAt), asc(issues.id))
		.limit(limit);

/** Microseconds since 1970 as a timestamp, exactly (a double would round them). */
const dueOf = (dueKey: string | null) =>
	sql`(timestamptz 'epoch' + ${dueKey}::bigint * interval '1 microsecond')`;

/**
 * How many rows the whole board has. Computed each time, so it is as correct as the rows, with
 * nothing kept to go stale. Cheap because the open states are the predicate of
 * issues_board_open_idx, whose entries carry every column the test reads: index-only scans over the
 * open issues, not the ledger. Counted in three disjoint parts so that the largest — open and past
 * the deadline, most of the board — is a range of the index with nothing to test per entry; only the
 * rest (deadline ahead, or none) is tested for red, acceptance, milestones and extensions.
 */
export async function overdueBoardCount(
	db: DbOrTx,
	now: Date,
	options: { departmentId?: number } = {},
): Promise<number> {
	const open = sql.raw(`"issues"."state" in (${OPEN_STATES_SQL})`);
	const department =
		options.departmentId === undefined
			? sql``
			: sql` and ${issues.leadDepartmentId} = ${options.departmentId}`;
	const part = (where: SQL) =>
		sql`(select count(*) from ${issues} where ${where}${department})`;
	const [row] = await db
		.select({
			count: sql<number>`(${part(sql`${open} and ${issues.dueAt} < ${now}`)}
				+ ${part(sql`${overdueCondition(now)} and ${issues.dueAt} >= ${now}`)}
				+ ${part(sql`${overdueCondition(now)} and ${issues.dueAt} is null`)})::int`,
		})
		.from(sql`(select 1) as one`);
	return Number(row?.count ?? 0);
}

/** A cursor as the client carries it: opaque text, `<deadline>~<id>` in base64url. */
export function encodeBoardCursor(cursor: BoardCursor): string {
	return Buffer.from(`${cursor.dueKey ?? ""}~${cursor.issueId}`).toString(
		"base64url",
	);
}

/** Null for anything that is not a cursor this board wrote. */
export function decodeBoardCursor(text: string): BoardCursor | null {
	if (text.length > 200) return null;
	const decoded = Buffer.from(text, "base64url").toString("utf8");
	const match = /^(-?[0-9]{1,17})?~([1-9][0-9]{0,9})$/.exec(decoded);
	if (!match) return null;
	const [, due, id = ""] = match;
	const issueId = Number(id);
	if (issueId > 2_147_483_647) return null;
	return { dueKey: due ?? null, issueId };
}
