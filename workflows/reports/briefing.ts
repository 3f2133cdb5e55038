/** 工作简报: a period's ranking and the issues late when it is drawn up. */
import type { DbOrTx } from "../../db/client.ts";
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
}

export async function monthlyBriefing(
	db: DbOrTx,
	period: ReportPeriod | string,
	options: { now?: Date; thresholds?: ListThresholds } = {},
): Promise<Briefing> {
	const resolved = typeof period === "string" ? parsePeriod(period) : period;
	if (!resolved)
		throw new RangeError(
			`"${String(period)}" is not a period (YYYY-MM or YYYY-Www)`,
		);
	const now = options.now ?? new Date();
	const [ranking, late] = await Promise.all([
		departmentRanking(db, {
			from: resolved.from,
			to: resolved.to,
			now,
			thresholds: options.thresholds,
		}),
		overdueBoard(db, now),
	]);
	return { period: resolved, generatedAt: now, ranking, late };
}
