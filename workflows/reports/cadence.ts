/**
 * The cadence a long issue owes, as conditions on `issues` for the supervision pages:
 * - a plan milestone past its day and not reached (节点逾期);
 * - 半月一更新: an issue long enough to need it (its allowed working days ≥ the policy's
 *   `progress.minResolveWorkingDays`) with no progress note for `progress.afterDays` days.
 * Both read the policy copied onto the issue, with the default policy's figures when it has none.
 */
import { type SQL, sql } from "drizzle-orm";
import { issueEvents, issues } from "../../db/schema/issues.ts";
import { planMilestones } from "../../db/schema/plans.ts";
import { DEFAULT_ESCALATION_POLICY } from "../escalation/default-policy.ts";

const HANDLING = sql`(${issues.state} in ('dispatched', 'accepted', 'awaiting_info', 'reopened'))`;

export function lateMilestoneCondition(now: Date): SQL {
	return sql`(${HANDLING} and exists (select 1 from ${planMilestones} where ${planMilestones.issueId} = ${issues.id} and ${planMilestones.doneAt} is null and ${planMilestones.dueAt} < ${now}))`;
}

export function progressDueCondition(now: Date): SQL {
	const { minResolveWorkingDays, afterDays } =
		DEFAULT_ESCALATION_POLICY.progress;
	const progress = sql`(${issues.policy} -> 'escalation' -> 'progress')`;
	return sql`(${issues.state} in ('accepted', 'awaiting_info', 'reopened') and ${issues.clockStartedAt} is not null
		and coalesce((${issues.policy} -> 'limit' ->> 'resolveWorkingDays')::numeric, 0) >= coalesce((${progress} ->> 'minResolveWorkingDays')::numeric, ${minResolveWorkingDays})
		and coalesce((select max(${issueEvents.createdAt}) from ${issueEvents} where ${issueEvents.issueId} = ${issues.id} and ${issueEvents.kind} = 'progress'), ${issues.clockStartedAt})
			< ${now}::timestamptz - interval '1 day' * coalesce((${progress} ->> 'afterDays')::numeric, ${afterDays}))`;
}
