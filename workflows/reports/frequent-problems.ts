/**
 * 高频事项清单: the problems enterprises raise most often in a period, by category and by the
 * enterprise's area (乡镇/街道/园区). Read per lead department, so a department's viewer can be given
 * its own part; `topProblems` adds the parts up.
 */
import { and, count, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { categories, enterprises } from "../../db/schema/directory.ts";
import { issues } from "../../db/schema/issues.ts";
import { OPEN_STATES } from "../lifecycle/transition-table.ts";

export interface ProblemCount {
	/** Null: not placed in a category (yet). */
	categoryCode: string | null;
	category: string | null;
	/** The enterprise's area; null when the directory gives none. */
	area: string | null;
	leadDepartmentId: number | null;
	/** Issues registered in the period. */
	issues: number;
	/** Of those, still open at the time of reading. */
	open: number;
}

export async function problemCounts(
	db: DbOrTx,
	range: { from: Date; to: Date; now: Date },
): Promise<ProblemCount[]> {
	const asOf = new Date(Math.min(range.now.getTime(), range.to.getTime()));
	const rows = await db
		.select({
			categoryCode: issues.categoryCode,
			category: categories.name,
			area: enterprises.area,
			leadDepartmentId: issues.leadDepartmentId,
			issues: count(),
			open: sql<number>`count(*) filter (where ${inArray(issues.state, [...OPEN_STATES])})`.mapWith(
				Number,
			),
		})
		.from(issues)
		.leftJoin(enterprises, eq(enterprises.id, issues.enterpriseId))
		.leftJoin(categories, eq(categories.code, issues.categoryCode))
		.where(and(gte(issues.createdAt, range.from), lt(issues.createdAt, asOf)))
		.groupBy(
			issues.categoryCode,
			categories.name,
			enterprises.area,
			issues.leadDepartmentId,
		);
	return rows.map((r) => ({ ...r, issues: Number(r.issues) }));
}

export interface FrequentProblem {
	categoryCode: string | null;
	category: string | null;
	area: string | null;
	issues: number;
	open: number;
}

/**
 * The `limit` most frequent (category, area) pairs, most issues first; ties by category code, then
 * area, unnamed last. Only pairs with at least `minIssues` issues are listed.
 */
export function topProblems(
	counts: readonly ProblemCount[],
	options: { limit?: number; minIssues?: number } = {},
): FrequentProblem[] {
	const merged = new Map<string, FrequentProblem>();
	for (const c of counts) {
		const key = JSON.stringify([c.categoryCode, c.area]);
		const row = merged.get(key) ?? {
			categoryCode: c.categoryCode,
			category: c.category ?? c.categoryCode,
			area: c.area,
			issues: 0,
			open: 0,
		};
		row.issues += c.issues;
		row.open += c.open;
		merged.set(key, row);
	}
	const last = "\uffff";
	return [...merged.values()]
		.filter((r) => r.issues >= (options.minIssues ?? 1))
		.sort(
			(a, b) =>
				b.issues - a.issues ||
				(a.categoryCode ?? last).localeCompare(b.categoryCode ?? last) ||
				(a.area ?? last).localeCompare(b.area ?? last),
		)
		.slice(0, options.limit ?? 10);
}
