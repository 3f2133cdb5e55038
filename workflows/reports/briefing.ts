/** 工作简报: a period's ranking and the issues late when it is drawn up. */
import type { DbOrTx } from "../../db/client.ts";
import { type ProblemCount, problemCounts } from "./frequent-problems.ts";
import type { ListThresholds } from "./lists.ts";
import { type OverdueRow, overdueBoard } from "./overdue-board.ts";
import { parsePeriod, type ReportPeriod } from "./period.ts";
import { type DepartmentRanking, departmentRanking } from "./ranking.ts";

export interface Briefing {
	period: ReportPeriod;
	generatedAt: Date;
	/** The console's ranking for the same period: the same numbers. */
	ranking: DepartmentRanking;
	/** Open issues past their deadline at `generatedAt` (晾晒). */
	late: OverdueRow[];
	/** The period's issues counted by category, area and lead department (高频事项清单). */
	problems: ProblemCount[];
}

export async function monthlyBriefing(
	db: DbOrTx,
	period: ReportPeriod | string,
	options: { now?: Date; thresholds?: ListThresholds } = {},
): Promise<Briefing> {
	const resolved = typeof period === "string" ? parsePeriod(period) : period;
	if (!resolved)
		throw new RangeError(
			`"${String(period)}" is not a period (YYYY-MM, YYYY-Www or YYYY-Qn)`,
		);
	const now = options.now ?? new Date();
	const [ranking, late, problems] = await Promise.all([
		departmentRanking(db, {
			from: resolved.from,
			to: resolved.to,
			now,
			thresholds: options.thresholds,
		}),
		overdueBoard(db, now),
		problemCounts(db, { from: resolved.from, to: resolved.to, now }),
	]);
	return { period: resolved, generatedAt: now, ranking, late, problems };
}
