/** Reads what escalation planning needs about one issue: its row, progress, review entry, steps done. */
import { and, asc, desc, eq, isNull, ne, or } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import {
	escalationSteps,
	type Issue,
	issueEvents,
} from "../../db/schema/issues.ts";
import { planMilestones } from "../../db/schema/plans.ts";
import { flushDeferred } from "../../db/unit-of-work.ts";
import type { EscalationIssue, StepKey } from "./plan.ts";
import type { EscalationPolicy } from "./policy-schema.ts";

export async function escalationIssueOf(
	db: DbOrTx,
	issue: Issue,
	escalation: EscalationPolicy,
): Promise<EscalationIssue> {
	const limit = (issue.policy as { limit?: { resolveWorkingDays?: number } })
		.limit;
	await flushDeferred(db);
	return {
		id: issue.id,
		state: issue.state,
		tier: issue.tier,
		urgency: issue.urgency,
		acceptDueAt: issue.acceptDueAt,
		acceptedAt: issue.acceptedAt,
		clockStartedAt: issue.clockStartedAt,
		dueAt: issue.dueAt,
		resolvedAt: issue.resolvedAt,
		closedAt: issue.closedAt,
		resolveWorkingDays: limit?.resolveWorkingDays ?? 0,
		lastProgressAt:
			issue.state === "under_review"
				? null
				: await lastEventAt(db, issue.id, "progress"),
		reviewStartedAt:
			issue.state === "under_review"
				? await lastEntryInto(db, issue.id, "under_review")
				: null,
		milestones: CLOCKED.includes(issue.state)
			? await openMilestones(db, issue.id)
			: [],
		escalation,
	};
}

const CLOCKED: readonly string[] = [
	"dispatched",
	"accepted",
	"awaiting_info",
	"reopened",
];

async function openMilestones(db: DbOrTx, issueId: number) {
	return db
		.select({
			position: planMilestones.position,
			title: planMilestones.title,
			dueAt: planMilestones.dueAt,
		})
		.from(planMilestones)
		.where(
			and(eq(planMilestones.issueId, issueId), isNull(planMilestones.doneAt)),
		)
		.orderBy(asc(planMilestones.position));
}

async function lastEventAt(
	db: DbOrTx,
	issueId: number,
	kind: string,
): Promise<Date | null> {
	const [row] = await db
		.select({ at: issueEvents.createdAt })
		.from(issueEvents)
		.where(and(eq(issueEvents.issueId, issueId), eq(issueEvents.kind, kind)))
		.orderBy(desc(issueEvents.id))
		.limit(1);
	return row?.at ?? null;
}

async function lastEntryInto(
	db: DbOrTx,
	issueId: number,
	state: string,
): Promise<Date | null> {
	const [row] = await db
		.select({ at: issueEvents.createdAt })
		.from(issueEvents)
		.where(
			and(
				eq(issueEvents.issueId, issueId),
				eq(issueEvents.toState, state),
				or(isNull(issueEvents.fromState), ne(issueEvents.fromState, state)),
			),
		)
		.orderBy(desc(issueEvents.id))
		.limit(1);
	return row?.at ?? null;
}

export async function stepsDoneOf(
	db: DbOrTx,
	issueId: number,
): Promise<Set<StepKey>> {
	const rows = await db
		.select({ key: escalationSteps.stepKey })
		.from(escalationSteps)
		.where(eq(escalationSteps.issueId, issueId));
	return new Set(rows.map((row) => row.key));
}
