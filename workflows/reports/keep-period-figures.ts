/**
 * The background work that keeps the ranking fast at a province's scale (docs/scale.md, part 6), run
 * every few minutes by the worker role (bot/web/ops/briefing-scheduler.ts): folds again every issue
 * written to since the last run, and those registered since the previous quarter began that have
 * no kept fold yet; then keeps the figures of the previous week, month and quarter once they have
 * settled and none are kept — the first time after the period ends, or after a backdated write
 * deleted them. Cheap when there is nothing to do.
 */
import type { Db } from "../../db/client.ts";
import { refreshIssueFacts } from "./issue-fact-states.ts";
import { previousMonth, previousQuarter, previousWeek } from "./period.ts";
import { keepPeriodSnapshot } from "./ranking.ts";

export interface KeptPeriodFigures {
	/** Issues folded again. */
	folded: number;
	/** The periods whose figures this run computed and kept, by label. */
	computed: string[];
}

export async function keepPeriodFigures(
	db: Db,
	now: Date,
): Promise<KeptPeriodFigures> {
	const quarter = previousQuarter(now);
	const folded = await refreshIssueFacts(db, quarter.from);
	const computed: string[] = [];
	for (const period of [previousWeek(now), previousMonth(now), quarter])
		if ((await keepPeriodSnapshot(db, period, now)) === "computed")
			computed.push(period.label);
	return { folded, computed };
}
