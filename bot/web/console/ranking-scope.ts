/** The ranking and the briefing cut down to what a viewer may read (viewer.ts reportScope). */
import type { DbOrTx } from "../../../db/client.ts";
import {
	type Briefing,
	monthlyBriefing,
} from "../../../workflows/reports/briefing.ts";
import type { ListThresholds } from "../../../workflows/reports/lists.ts";
import type { ReportPeriod } from "../../../workflows/reports/period.ts";
import type {
	DepartmentRanking,
	DepartmentRankingRow,
} from "../../../workflows/reports/ranking.ts";
import type { ReportScope } from "./viewer.ts";

/** One department's row (its rank kept), the district's totals, and the lists it is on. */
export function rankingFor(
	ranking: DepartmentRanking,
	scope: ReportScope,
): DepartmentRanking {
	if (scope.kind === "district") return ranking;
	const own = (rows: DepartmentRankingRow[]) =>
		scope.kind === "department"
			? rows.filter((row) => row.departmentId === scope.departmentId)
			: [];
	return {
		...ranking,
		departments: own(ranking.departments),
		lists: {
			red: own(ranking.lists.red),
			yellow: own(ranking.lists.yellow),
			black: own(ranking.lists.black),
		},
	};
}

/**
 * The briefing a viewer may read: the district's, or for a department its own row of the ranking,
 * its own late issues (listed and counted in the database, not cut from the district's list) and
 * its own frequent problems.
 */
export async function briefingFor(
	db: DbOrTx,
	period: ReportPeriod,
	scope: Exclude<ReportScope, { kind: "none" }>,
	options: { now: Date; thresholds?: ListThresholds },
): Promise<Briefing> {
	if (scope.kind === "district") return monthlyBriefing(db, period, options);
	const { departmentId } = scope;
	const briefing = await monthlyBriefing(db, period, {
		...options,
		departmentId,
	});
	return {
		...briefing,
		ranking: rankingFor(briefing.ranking, scope),
		problems: briefing.problems.filter(
			(row) => row.leadDepartmentId === departmentId,
		),
	};
}
