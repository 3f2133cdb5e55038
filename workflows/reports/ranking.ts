/**
 * The department ranking (部门排名): per lead department, the issues received in a period and what
 * became of them by the period's end. The briefing and the console both read these numbers.
 */
import { and, asc, eq, gte, lt } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { departments } from "../../db/schema/directory.ts";
import { issueEvents, issues, ratings } from "../../db/schema/issues.ts";
import {
	type IssueFacts,
	issueFacts,
	type ReviewOutcome,
} from "./issue-facts.ts";
import {
	DEFAULT_LIST_THRESHOLDS,
	type ListName,
	type ListThresholds,
	listOf,
} from "./lists.ts";

export interface RankingRange {
	from: Date;
	/** Exclusive. */
	to: Date;
	/** Outcomes are counted up to min(to, now); defaults to the current time. */
	now?: Date;
	thresholds?: ListThresholds;
}

export interface DepartmentNumbers {
	received: number;
	resolved: number;
	done: number;
	onTime: number;
	overdue: number;
	refusals: number;
	reviews: Record<ReviewOutcome, number>;
	extensions: number;
	/** Mean time from dispatch to acceptance, over the issues accepted; null with none. */
	avgAcceptMs: number | null;
	ratings: number;
	/** Ratings with a result of 4 or 5. */
	satisfied: number;
	/** Mean result rating (1–5); null with no ratings. */
	meanResult: number | null;
	/** 办结率 = resolved / received. */
	resolveRate: number | null;
	/** 办成率 = done / received. */
	doneRate: number | null;
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
}

/** A rating's result at or above this is 满意. */
export const SATISFIED_AT_LEAST = 4;

interface Tally {
	received: number;
	facts: IssueFacts[];
	results: number[];
}

export async function departmentRanking(
	db: DbOrTx,
	range: RankingRange,
): Promise<DepartmentRanking> {
	const { from, to } = range;
	const now = range.now ?? new Date();
	const asOf = new Date(Math.min(now.getTime(), to.getTime()));
	const thresholds = range.thresholds ?? DEFAULT_LIST_THRESHOLDS;
	const inPeriod = and(gte(issues.createdAt, from), lt(issues.createdAt, asOf));

	const [cohort, events, rated, departmentRows] = await Promise.all([
		db
			.select({ id: issues.id, departmentId: issues.leadDepartmentId })
			.from(issues)
			.where(inPeriod),
		db
			.select({
				issueId: issueEvents.issueId,
				kind: issueEvents.kind,
				toState: issueEvents.toState,
				payload: issueEvents.payload,
				createdAt: issueEvents.createdAt,
			})
			.from(issueEvents)
			.innerJoin(issues, eq(issues.id, issueEvents.issueId))
			.where(and(inPeriod, lt(issueEvents.createdAt, asOf)))
			.orderBy(asc(issueEvents.issueId), asc(issueEvents.id)),
		db
			.select({ issueId: ratings.issueId, result: ratings.result })
			.from(ratings)
			.innerJoin(issues, eq(issues.id, ratings.issueId))
			.where(and(inPeriod, lt(ratings.createdAt, asOf))),
		db
			.select({ id: departments.id, name: departments.name })
			.from(departments)
			.where(
				and(eq(departments.active, true), eq(departments.kind, "department")),
			)
			.orderBy(asc(departments.id)),
	]);

	const eventsOf = new Map<number, typeof events>();
	for (const event of events) {
		const list = eventsOf.get(event.issueId) ?? [];
		list.push(event);
		eventsOf.set(event.issueId, list);
	}
	const resultsOf = new Map<number, number[]>();
	for (const r of rated)
		resultsOf.set(r.issueId, [...(resultsOf.get(r.issueId) ?? []), r.result]);

	const total: Tally = { received: 0, facts: [], results: [] };
	const byDepartment = new Map<number, Tally>(
		departmentRows.map((d) => [d.id, { received: 0, facts: [], results: [] }]),
	);
	for (const issue of cohort) {
		const facts = issueFacts(eventsOf.get(issue.id) ?? [], asOf);
		const results = resultsOf.get(issue.id) ?? [];
		const tallies = [total];
		if (issue.departmentId !== null) {
			const tally = byDepartment.get(issue.departmentId);
			if (tally) tallies.push(tally);
		}
		for (const tally of tallies) {
			tally.received += 1;
			tally.facts.push(facts);
			tally.results.push(...results);
		}
	}

	const rows: DepartmentRankingRow[] = departmentRows.map((d) => {
		const numbers = numbersOf(
			byDepartment.get(d.id) ?? { received: 0, facts: [], results: [] },
		);
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
		.filter((r) => r.received >= Math.max(thresholds.minReceived, 1))
		.sort(compareRows);
	ranked.forEach((row, i) => {
		row.rank = i + 1;
	});
	const unranked = rows.filter((r) => r.rank === null);
	const listed = (name: ListName) => ranked.filter((r) => r.list === name);
	return {
		from,
		to,
		totals: numbersOf(total),
		departments: [...ranked, ...unranked],
		lists: {
			red: listed("red"),
			yellow: listed("yellow"),
			black: listed("black"),
		},
	};
}

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

const ratio = (part: number, whole: number) =>
	whole === 0 ? null : part / whole;
const count = (
	facts: IssueFacts[],
	key: "resolved" | "done" | "onTime" | "overdue",
) => facts.filter((f) => f[key]).length;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function numbersOf(tally: Tally): DepartmentNumbers {
	const { facts, results } = tally;
	const accepts = facts.flatMap((f) =>
		f.acceptMs === null ? [] : [f.acceptMs],
	);
	const resolved = count(facts, "resolved");
	const done = count(facts, "done");
	const onTime = count(facts, "onTime");
	const overdue = count(facts, "overdue");
	const satisfied = results.filter((r) => r >= SATISFIED_AT_LEAST).length;
	const reviews = { refusal_stands: 0, should_do: 0, can_do: 0 };
	for (const f of facts)
		for (const key of Object.keys(reviews) as ReviewOutcome[])
			reviews[key] += f.reviews[key];
	return {
		received: tally.received,
		resolved,
		done,
		onTime,
		overdue,
		refusals: sum(facts.map((f) => f.refusals)),
		reviews,
		extensions: sum(facts.map((f) => f.extensions)),
		avgAcceptMs: accepts.length === 0 ? null : sum(accepts) / accepts.length,
		ratings: results.length,
		satisfied,
		meanResult: results.length === 0 ? null : sum(results) / results.length,
		resolveRate: ratio(resolved, tally.received),
		doneRate: ratio(done, tally.received),
		onTimeRate: ratio(onTime, resolved),
		overdueRate: ratio(overdue, tally.received),
		satisfaction: ratio(satisfied, results.length),
	};
}
