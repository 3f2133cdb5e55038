/**
 * Re-planning inside the caller's transaction: after a change to an issue (accept, resolve, extend,
 * transfer, raise a tier, reopen, create), write when it must next be woken and copy the escalation
 * policy onto it if it has none yet. The wake-up job itself is armed after commit (`armWakeUp`).
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { type Issue, issues } from "../../db/schema/issues.ts";
import type { WorkingCalendar } from "../calendar/types.ts";
import { createWorkingCalendar } from "../calendar/working-calendar.ts";
import { loadCalendarSettings } from "../directory/queries.ts";
import { escalationIssueOf, stepsDoneOf } from "./load-issue.ts";
import {
	colourApplies,
	colourAt,
	type EscalationIssue,
	planNextWake,
	type WakePlan,
} from "./plan.ts";
import type { EscalationPolicy } from "./policy-schema.ts";
import { escalationOf, loadEscalationPolicy } from "./resolve-policy.ts";
import { retrospectiveNeeded } from "./retrospective.ts";

/** What a wake-up job carries: ids and the generation that fences it. */
export interface WakeUp {
	issueId: number;
	generation: number;
	at: Date;
}

export interface PlanContext {
	/** The working calendar; read from the directory's settings when absent. */
	calendar?: WorkingCalendar;
	/** The policy for issues that carry none yet; the directory's when absent. */
	policy?: EscalationPolicy;
}

export interface IssuePlan {
	issue: Issue;
	escalation: EscalationPolicy;
	/** True when the policy was copied onto the issue just now. */
	copied: boolean;
	calendar: WorkingCalendar;
	stepsDone: Set<string>;
	snapshot: EscalationIssue;
	plan: WakePlan | null;
}

/** Reads the issue's plan as of `now` without writing anything. */
export async function readIssuePlan(
	db: DbOrTx,
	issue: Issue,
	now: Date,
	context: PlanContext = {},
): Promise<IssuePlan> {
	const own = escalationOf(issue.policy);
	const escalation = own ?? context.policy ?? (await loadEscalationPolicy(db));
	const calendar =
		context.calendar ?? createWorkingCalendar(await loadCalendarSettings(db));
	const stepsDone = await stepsDoneOf(db, issue.id);
	const snapshot = await escalationIssueOf(db, issue, escalation);
	return {
		issue,
		escalation,
		copied: own === null,
		calendar,
		stepsDone,
		snapshot,
		plan: planNextWake(snapshot, stepsDone, calendar, now),
	};
}

/**
 * Writes the issue's next wake-up (and its policy, colour) in the caller's transaction. Returns
 * the wake-up to arm after commit, or null when nothing is due any more.
 */
export async function planWakeUp(
	db: DbOrTx,
	issueId: number,
	now: Date,
	context: PlanContext = {},
): Promise<WakeUp | null> {
	const [issue] = await db.select().from(issues).where(eq(issues.id, issueId));
	if (!issue) throw new Error(`planWakeUp: no issue ${issueId}`);
	const read = await readIssuePlan(db, issue, now, context);
	await storePlan(db, read, now);
	return read.plan
		? { issueId, generation: issue.wakeGeneration, at: read.plan.at }
		: null;
}

/** The wake-up an issue's stored plan asks for (e.g. one `createIssue` planned), or null. */
export function storedWakeUp(
	issue: Pick<Issue, "id" | "wakeGeneration" | "nextWakeAt">,
): WakeUp | null {
	return issue.nextWakeAt
		? {
				issueId: issue.id,
				generation: issue.wakeGeneration,
				at: issue.nextWakeAt,
			}
		: null;
}

/** next_wake_at, the policy copy and the colour as the plan says. */
export async function storePlan(
	db: DbOrTx,
	read: IssuePlan,
	now: Date,
): Promise<void> {
	const { issue, escalation, calendar, snapshot } = read;
	const needsRetrospective =
		!issue.retrospectiveRequired &&
		retrospectiveNeeded(issue, escalation.retrospective);
	await db
		.update(issues)
		.set({
			nextWakeAt: read.plan?.at ?? null,
			...(read.copied
				? {
						policy: {
							...(issue.policy as Record<string, unknown>),
							escalation,
						},
					}
				: {}),
			...(needsRetrospective ? { retrospectiveRequired: true } : {}),
			...(colourApplies(snapshot)
				? { colour: colourAt(snapshot, calendar, now) }
				: {}),
		})
		.where(eq(issues.id, issue.id));
}
