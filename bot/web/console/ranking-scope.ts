/** The ranking and the briefing cut down to what a viewer may read (viewer.ts reportScope). */
import type { Briefing } from "../../../workflows/reports/briefing.ts";
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

/** The briefing with the ranking cut as above and only the department's own late issues. */
export function briefingFor(briefing: Briefing, scope: ReportScope): Briefing {
	if (scope.kind === "district") return briefing;
	return {
		...briefing,
		ranking: rankingFor(briefing.ranking, scope),
		late:
			scope.kind === "department"
				? briefing.late.filter(
						(row) => row.leadDepartmentId === scope.departmentId,
					)
				: [],
		problems:
			scope.kind === "department"
				? briefing.problems.filter(
						(row) => row.leadDepartmentId === scope.departmentId,
					)
				: [],
	};
}
