/**
 * 重点问题进展滞后情况表: the open issues past their deadline, red, or extended, with what the department says
 * about them and who answers for it. The briefing lists the longest late of them; the lobby screen shows only
 * what bot/web/board/public-rows.ts lets through.
 */
import {
	aliasedTable,
	and,
	asc,
	desc,
	eq,
	inArray,
	isNotNull,
	isNull,
	lt,
	or,
	type SQL,
	sql,
} from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import {
	categories,
	departments,
	enterprises,
	people,
} from "../../db/schema/directory.ts";
import {
	type IssueState,
	issueEvents,
	issues,
} from "../../db/schema/issues.ts";
import { planMilestones } from "../../db/schema/plans.ts";
import { ACTIVE_STATES } from "../lifecycle/transition-table.ts";
import { lateMilestoneCondition } from "./cadence.ts";

export interface OverdueRow {
	issueId: number;
	number: string;
	enterprise: string | null;
	problem: string;
	/** The category's name; null before the issue was placed in one. */
	category: string | null;
	state: IssueState;
	leadDepartmentId: number | null;
	leadDepartment: string | null;
	/** The department's latest reason (extension request, refusal); null when it has given none. */
	reason: string | null;
	/** Its latest commitment or measures (progress note, approved extension); null when none. */
	commitment: string | null;
	/** The deadline now in force: after an approved extension, the new one. */
	dueAt: Date | null;
	/** Still not accepted past this acceptance deadline (签收超时); null when that is not the case. */
	acceptOverdueSince: Date | null;
	/** The earliest milestone of its plan past its day and not reached (节点逾期); null when none. */
	lateMilestone: { position: number; title: string; dueAt: Date } | null;
	extended: boolean;
	/** 部门负责人 (departments.head_person_id). */
	departmentHead: string | null;
	/** 分管区领导 (departments.leader_person_id). */
	districtLeader: string | null;
	colour: string;
}

const REASON_KINDS = [
	"extension_requested",
	"refused",
	"transfer_sent_to_review",
	"return_refused",
];
const COMMITMENT_KINDS = ["progress", "extension_approved"];
/** Migration 0018's issue_events_board_notes_idx has this predicate. */
const NOTE_KINDS_SQL = [...REASON_KINDS, ...COMMITMENT_KINDS]
	.map((kind) => `'${kind}'`)
	.join(", ");

export interface OverdueBoardOptions {
	/**
	 * Also list open issues whose deadline was extended (they are behind their first plan, and the
	 * new deadline is the department's public commitment). Default true.
	 */
	includeExtended?: boolean;
	/** Only the issues this department leads. */
	departmentId?: number;
	/** At most this many rows, the longest late first (the board's order). */
	limit?: number;
}

export async function overdueBoard(
	db: DbOrTx,
	now: Date,
	options: OverdueBoardOptions = {},
): Promise<OverdueRow[]> {
	const query = boardRowsQuery(db, now)
		.where(
			and(
				overdueCondition(now, options),
				options.departmentId === undefined
					? undefined
					: eq(issues.leadDepartmentId, options.departmentId),
			),
		)
		.orderBy(asc(issues.dueAt), asc(issues.id));
	const rows = await (options.limit === undefined
		? query
		: query.limit(options.limit));
	return withNotes(db, rows, now);
}

/**
 * Open and late, red, or extended. The open states are written literally so that the planner can
 * match them to the partial index issues_board_open_idx (migration 0024); as parameters it cannot.
 */
export function overdueCondition(
	now: Date,
	options: OverdueBoardOptions = {},
): SQL {
	return sql`(${sql.raw(`"issues"."state" in (${OPEN_STATES_SQL})`)} and (${or(
		eq(issues.colour, "red"),
		lt(issues.dueAt, now),
		acceptOverdueCondition(now),
		lateMilestoneCondition(now),
		options.includeExtended === false
			? undefined
			: isNotNull(issues.extendedAt),
	)}))`;
}

/** ACTIVE_STATES as SQL literals, as issues_board_open_idx spells them. */
export const OPEN_STATES_SQL = ACTIVE_STATES.map((state) => `'${state}'`).join(
	", ",
);

const acceptOverdueCondition = (now: Date) =>
	and(
		inArray(issues.state, ["dispatched", "reopened"]),
		isNull(issues.acceptedAt),
		lt(issues.acceptDueAt, now),
	);

/** The board's columns, to be given a condition and an order. */
export function boardRowsQuery(db: DbOrTx, now: Date) {
	const head = aliasedTable(people, "head");
	const leader = aliasedTable(people, "leader");
	return db
		.select({
			issueId: issues.id,
			number: issues.number,
			enterprise: enterprises.name,
			problem: issues.title,
			category: categories.name,
			state: issues.state,
			leadDepartmentId: issues.leadDepartmentId,
			leadDepartment: departments.name,
			dueAt: issues.dueAt,
			/** The deadline in microseconds since 1970 (a Date would drop them): the page's cursor. */
			dueKey: sql<
				string | null
			>`(extract(epoch from ${issues.dueAt}) * 1000000)::bigint::text`,
			acceptDueAt: issues.acceptDueAt,
			acceptOverdue: sql<boolean>`coalesce(${acceptOverdueCondition(now)}, false)`,
			colour: issues.colour,
			departmentHead: head.name,
			districtLeader: leader.name,
		})
		.from(issues)
		.leftJoin(enterprises, eq(enterprises.id, issues.enterpriseId))
		.leftJoin(categories, eq(categories.code, issues.categoryCode))
		.leftJoin(departments, eq(departments.id, issues.leadDepartmentId))
		.leftJoin(head, eq(head.id, departments.headPersonId))
		.leftJoin(leader, eq(leader.id, departments.leaderPersonId))
		.$dynamic();
}

type BoardQueryRow = Awaited<ReturnType<typeof boardRowsQuery>>[number];

/** The rows with their department's latest reason and commitment and their late milestone. */
export async function withNotes(
	db: DbOrTx,
	rows: BoardQueryRow[],
	now: Date,
): Promise<OverdueRow[]> {
	if (rows.length === 0) return [];
	const notes = await db
		.select({
			issueId: issueEvents.issueId,
			kind: issueEvents.kind,
			payload: issueEvents.payload,
		})
		.from(issueEvents)
		.where(
			and(
				sql`${issueEvents.issueId} = any(${sql.param(rows.map((r) => r.issueId))}::int[])`,
				// Literal, not parameters: the planner matches it to issue_events_board_notes_idx.
				sql.raw(`"issue_events"."kind" in (${NOTE_KINDS_SQL})`),
			),
		)
		.orderBy(desc(issueEvents.id));
	const lateMilestones = await db
		.select({
			issueId: planMilestones.issueId,
			position: planMilestones.position,
			title: planMilestones.title,
			dueAt: planMilestones.dueAt,
		})
		.from(planMilestones)
		.where(
			and(
				inArray(
					planMilestones.issueId,
					rows.map((r) => r.issueId),
				),
				isNull(planMilestones.doneAt),
				lt(planMilestones.dueAt, now),
			),
		)
		.orderBy(asc(planMilestones.dueAt), asc(planMilestones.position));
	const notesOf = new Map<number, typeof notes>();
	for (const note of notes) {
		const list = notesOf.get(note.issueId);
		if (list) list.push(note);
		else notesOf.set(note.issueId, [note]);
	}
	/** The newest note of these kinds that says something. */
	const latest = (own: typeof notes, kinds: string[], field: string) => {
		for (const note of own) {
			if (!kinds.includes(note.kind)) continue;
			const value = textOf((note.payload as Record<string, unknown>)[field]);
			if (value) return value;
		}
		return null;
	};
	return rows.map(({ acceptDueAt, acceptOverdue, dueKey: _, ...row }) => {
		const own = notesOf.get(row.issueId) ?? [];
		return {
			...row,
			acceptOverdueSince: acceptOverdue ? acceptDueAt : null,
			lateMilestone: milestoneOf(lateMilestones, row.issueId),
			reason: latest(own, REASON_KINDS, "reason"),
			commitment: latest(own, COMMITMENT_KINDS, "note"),
			extended: own.some((n) => n.kind === "extension_approved"),
		};
	});
}

function milestoneOf(
	late: Array<{
		issueId: number;
		position: number;
		title: string;
		dueAt: Date;
	}>,
	issueId: number,
): OverdueRow["lateMilestone"] {
	const found = late.find((m) => m.issueId === issueId);
	return found
		? { position: found.position, title: found.title, dueAt: found.dueAt }
		: null;
}

const textOf = (value: unknown) =>
	typeof value === "string" && value.trim() !== "" ? value.trim() : null;
