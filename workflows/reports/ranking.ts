/**
 * The department ranking (部门排名): per lead department, the issues received in a period and what
 * became of them by the period's end. The briefing and the console both read these numbers.
 */
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { departments } from "../../db/schema/directory.ts";
import { rankingSnapshots } from "../../db/schema/issues.ts";
import type { ReviewOutcome } from "./issue-facts.ts";
import { type ListName, type ListThresholds, listOf } from "./lists.ts";
import { computePeriodFigures } from "./period-figures.ts";
import { emptyNumbers } from "./period-tally.ts";
import { loadListThresholds } from "./report-settings.ts";

export interface RankingRange {
	from: Date;
	/** Exclusive. */
	to: Date;
	/** Outcomes are counted up to min(to, now); defaults to the current time. */
	now?: Date;
	/** Default: the directory file's `reports` section (report-settings.ts). */
	thresholds?: ListThresholds;
}

export interface DepartmentNumbers {
	/**
	 * The counts are sums of shares: an issue held by several departments in turn counts for each by
	 * the share of the time it held it (docs/figures.md). Totals count every issue once.
	 */
	received: number;
	resolved: number;
	/** Confirmed or rated by the enterprise (办成); auto-confirmations are not among them. */
	done: number;
	/** Confirmed by the system because the enterprise did not answer (自动确认). */
	autoConfirmed: number;
	onTime: number;
	overdue: number;
	/** 办成, but resolved after the deadline (超时办成). */
	doneLate: number;
	/** The department's own acts (not shared): refusals, review outcomes, extensions. */
	refusals: number;
	reviews: Record<ReviewOutcome, number>;
	extensions: number;
	/** Mean time from dispatch to acceptance, over the department's acceptances; null with none. */
	avgAcceptMs: number | null;
	ratings: number;
	/** Ratings with a result of 4 or 5. */
	satisfied: number;
	/** Mean result rating (1–5); null with no ratings. */
	meanResult: number | null;
	/** 办结率 = resolved / received. */
	resolveRate: number | null;
	/** 办成率 = done / received (auto-confirmations not counted). */
	doneRate: number | null;
	/** 自动确认率 = auto-confirmed / received. */
	autoConfirmedRate: number | null;
	/** 超时办成率 = done late / received (办成率 = 按时办成率 + 超时办成率). */
	doneLateRate: number | null;
	/** 按时办结率 = on time / resolved. */
	onTimeRate: number | null;
	/** 超时率 = overdue / received. */
	overdueRate: number | null;
	/** 满意率 = satisfied / ratings. */
	satisfaction: number | null;
}

export interface DepartmentRankingRow extends DepartmentNumbers {
	departmentId: number;
	department: string;
	rank: number | null;
	list: ListName | null;
}

export interface DepartmentRanking {
	from: Date;
	to: Date;
	/** Every issue received in the period, including those not yet dispatched. */
	totals: DepartmentNumbers;
	/** Responsible departments, best first; departments below the list minimum last, unranked. */
	departments: DepartmentRankingRow[];
	lists: Record<ListName, DepartmentRankingRow[]>;
	/** The share of issues below which a department is not ranked (the thresholds in force). */
	minReceived: number;
}

export async function departmentRanking(
	db: DbOrTx,
	range: RankingRange,
): Promise<DepartmentRanking> {
	const { from, to } = range;
	const now = range.now ?? new Date();
	const asOf = new Date(Math.min(now.getTime(), to.getTime()));
	const [thresholds, figures, departmentRows] = await Promise.all([
		range.thresholds ?? loadListThresholds(db),
		periodFigures(db, from, to, asOf),
		db
			.select({ id: departments.id, name: departments.name })
			.from(departments)
			.where(
				and(eq(departments.active, true), eq(departments.kind, "department")),
			)
			.orderBy(asc(departments.id)),
	]);

	const rows: DepartmentRankingRow[] = departmentRows.map((d) => {
		const numbers = figures.byDepartment[String(d.id)] ?? emptyNumbers();
		const list = listOf(
			{ ...numbers, doableRefusals: numbers.reviews.can_do },
			thresholds,
		);
		return {
			departmentId: d.id,
			department: d.name,
			rank: null,
			list,
			...numbers,
		};
	});
	const ranked = rows
		.filter(
			(r) => r.received > 0 && r.received >= thresholds.minReceived - EPSILON,
		)
		.sort(compareRows);
	ranked.forEach((row, i) => {
		row.rank = i + 1;
	});
	const unranked = rows.filter((r) => r.rank === null);
	const listed = (name: ListName) => ranked.filter((r) => r.list === name);
	return {
		from,
		to,
		totals: figures.totals,
		departments: [...ranked, ...unranked],
		lists: {
			red: listed("red"),
			yellow: listed("yellow"),
			black: listed("black"),
		},
		minReceived: thresholds.minReceived,
	};
}

/** The period's numbers: the totals, and each department's by its id (any department, active or not). */
export interface PeriodFigures {
	totals: DepartmentNumbers;
	byDepartment: Record<string, DepartmentNumbers>;
}

/**
 * A period that ended at least this long ago (by the clock) has its figures kept: no transaction
 * that began before its end is still writing events dated inside it.
 */
const SETTLED_MS = 10 * 60_000;

const settled = (to: Date, now: Date) =>
	now.getTime() >= to.getTime() + SETTLED_MS;

/** From the snapshot when the period has ended and one is kept; else computed (and kept if it ended). */
async function periodFigures(
	db: DbOrTx,
	from: Date,
	to: Date,
	asOf: Date,
): Promise<PeriodFigures> {
	const ended = asOf.getTime() === to.getTime() && settled(to, new Date());
	if (!ended) return computePeriodFigures(db, from, asOf);
	return (await snapshotOf(db, from, to)) ?? computeAndKeep(db, from, to);
}

async function snapshotOf(
	db: DbOrTx,
	from: Date,
	to: Date,
): Promise<PeriodFigures | null> {
	const [kept] = await db
		.select()
		.from(rankingSnapshots)
		.where(
			and(
				eq(rankingSnapshots.periodFrom, from),
				eq(rankingSnapshots.periodTo, to),
			),
		);
	return kept
		? {
				totals: kept.totals as DepartmentNumbers,
				byDepartment: kept.departments as Record<string, DepartmentNumbers>,
			}
		: null;
}

async function computeAndKeep(
	db: DbOrTx,
	from: Date,
	to: Date,
): Promise<PeriodFigures> {
	const figures = await computePeriodFigures(db, from, to);
	await db
		.insert(rankingSnapshots)
		.values({
			periodFrom: from,
			periodTo: to,
			totals: figures.totals,
			departments: figures.byDepartment,
		})
		.onConflictDoNothing();
	return figures;
}

/**
 * Keeps the figures of an ended period, so that no reader waits for their first computation:
 * "computed" when none were kept (the first time, or a backdated write deleted them), "kept" when
 * they were, "unsettled" before the period has settled.
 */
export async function keepPeriodSnapshot(
	db: DbOrTx,
	period: { from: Date; to: Date },
	now: Date,
): Promise<"computed" | "kept" | "unsettled"> {
	if (!settled(period.to, now)) return "unsettled";
	if (await snapshotOf(db, period.from, period.to)) return "kept";
	await computeAndKeep(db, period.from, period.to);
	return "computed";
}

/** Shares are fractions: 0.1 + 0.2 must still reach a minimum of 0.3. */
const EPSILON = 1e-9;

/** Really done first, then fewer overdue, then more satisfied, then faster to accept. */
function compareRows(a: DepartmentRankingRow, b: DepartmentRankingRow): number {
	return (
		(b.doneRate ?? 0) - (a.doneRate ?? 0) ||
		(a.overdueRate ?? 0) - (b.overdueRate ?? 0) ||
		(b.satisfaction ?? 0) - (a.satisfaction ?? 0) ||
		(a.avgAcceptMs ?? Number.POSITIVE_INFINITY) -
			(b.avgAcceptMs ?? Number.POSITIVE_INFINITY) ||
		a.departmentId - b.departmentId
	);
}
