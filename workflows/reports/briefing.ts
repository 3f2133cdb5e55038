/** 工作简报: a period's ranking and the issues late when it is drawn up. */
import type { DbOrTx } from "../../db/client.ts";
import { type ProblemCount, problemCounts } from "./frequent-problems.ts";
import type { ListThresholds } from "./lists.ts";
import { type OverdueRow, overdueBoard } from "./overdue-board.ts";
import { overdueBoardCount } from "./overdue-board-page.ts";
import { parsePeriod, type ReportPeriod } from "./period.ts";
import { type DepartmentRanking, departmentRanking } from "./ranking.ts";

/**
 * The briefing lists at most this many late issues, the longest late first, and counts the rest: a
 * district's list fits, a province's runs to tens of thousands that nobody reads on paper. The board
 * and the ledger hold them all.
 */
export const BRIEFING_LATE_ROWS = 200;

export interface LateIssues {
	/** The longest late, up to BRIEFING_LATE_ROWS, in the board's order. */
	rows: OverdueRow[];
	/** All of them, listed or not. */
	total: number;
}

export interface Briefing {
	period: ReportPeriod;
	generatedAt: Date;
	/** The console's ranking for the same period: the same numbers. */
	ranking: DepartmentRanking;
	/** Open issues past their deadline at `generatedAt` (晾晒). */
	late: LateIssues;
	/** The period's issues counted by category, area and lead department (高频事项清单). */
	problems: ProblemCount[];
}

export async function monthlyBriefing(
	db: DbOrTx,
	period: ReportPeriod | string,
	options: {
		now?: Date;
		thresholds?: ListThresholds;
		/** Late issues of this department only (a department head's briefing). */
		departmentId?: number;
		/** How many late issues to list; default BRIEFING_LATE_ROWS. */
		lateRows?: number;
	} = {},
): Promise<Briefing> {
	const resolved = typeof period === "string" ? parsePeriod(period) : period;
	if (!resolved)
		throw new RangeError(
			`"${String(period)}" is not a period (YYYY-MM, YYYY-Www or YYYY-Qn)`,
		);
	const now = options.now ?? new Date();
	const { departmentId } = options;
	const [ranking, lateRows, lateTotal, problems] = await Promise.all([
		departmentRanking(db, {
			from: resolved.from,
			to: resolved.to,
			now,
			thresholds: options.thresholds,
		}),
		overdueBoard(db, now, {
			departmentId,
			limit: options.lateRows ?? BRIEFING_LATE_ROWS,
		}),
		overdueBoardCount(db, now, { departmentId }),
		problemCounts(db, { from: resolved.from, to: resolved.to, now }),
	]);
	return {
		period: resolved,
		generatedAt: now,
		ranking,
		late: { rows: lateRows, total: lateTotal },
		problems,
	};
}
