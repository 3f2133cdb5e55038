/**
 * What a wake-up does, in one transaction: lock the issue, give up if the generation is stale,
 * take each due step once (a unique step key: a retry skips what is done), write its messages,
 * then store the next wake-up. The caller arms that one after commit.
 */
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import {
	escalationSteps,
	type Issue,
	issueEvents,
	issues,
} from "../../db/schema/issues.ts";
import type { PlannedStep } from "../../workflows/escalation/plan.ts";
import {
	type PlanContext,
	readIssuePlan,
	storePlan,
	type WakeUp,
} from "../../workflows/escalation/plan-wake-up.ts";
import type { Platform } from "../messages.ts";
import type { Locale } from "../texts/catalog.ts";
import { type Delivered, deliverStep } from "./deliver.ts";

/** A wake-up a little early (clock skew between Redis and us) still counts. */
const EARLY_TOLERANCE_MS = 50;

export interface WakeUpJob {
	issueId: number;
	generation: number;
}

export type WakeUpOutcome =
	| { status: "missing" | "stale" }
	| { status: "ran"; steps: string[]; next: WakeUp | null };

export interface RunWakeUpOptions {
	now: Date;
	locale: Locale;
	context?: PlanContext;
	/** The deployment's chat platforms, for issues without a thread (see deliver.ts). */
	platforms?: readonly Platform[];
	/** Test hook: runs after each step inside the transaction (throw to simulate a crash). */
	afterStep?: (stepKey: string) => void | Promise<void>;
}

export function runWakeUp(
	db: Db,
	job: WakeUpJob,
	options: RunWakeUpOptions,
): Promise<WakeUpOutcome> {
	return db.transaction(async (tx) => {
		const [issue] = await tx
			.select()
			.from(issues)
			.where(eq(issues.id, job.issueId))
			.for("update");
		if (!issue) return { status: "missing" };
		if (issue.wakeGeneration !== job.generation) return { status: "stale" };
		const { now } = options;
		const read = await readIssuePlan(tx, issue, now, options.context);
		const taken: string[] = [];
		let current = issue;
		const dueBy = now.getTime() + EARLY_TOLERANCE_MS;
		if (read.plan && read.plan.at.getTime() <= dueBy) {
			for (const step of read.plan.steps) {
				if (!(await claimStep(tx, issue, step.key))) continue;
				const delivered = await deliverStep(
					{
						db: tx,
						issue: current,
						escalation: read.escalation,
						calendar: read.calendar,
						now,
						locale: options.locale,
						platforms: options.platforms,
					},
					step,
				);
				current = await recordStep(tx, current, step, now, delivered);
				taken.push(step.key);
				await options.afterStep?.(step.key);
				if (current.state !== issue.state) break;
			}
		}
		const after = await readIssuePlan(tx, current, now, {
			...options.context,
			calendar: read.calendar,
			policy: read.escalation,
		});
		await storePlan(tx, after, now);
		return {
			status: "ran",
			steps: taken,
			next: after.plan
				? {
						issueId: current.id,
						generation: current.wakeGeneration,
						at: after.plan.at,
					}
				: null,
		};
	});
}

async function claimStep(
	tx: Tx,
	issue: Issue,
	stepKey: string,
): Promise<boolean> {
	const rows = await tx
		.insert(escalationSteps)
		.values({
			issueId: issue.id,
			stepKey,
			generation: issue.wakeGeneration,
			// The moment of the step, not of the transaction: steps of one wake-up keep their order.
			doneAt: sql`clock_timestamp()`,
		})
		.onConflictDoNothing()
		.returning({ key: escalationSteps.stepKey });
	return rows.length > 0;
}

/**
 * The audit event of a step; auto-confirmation also closes the issue as done. A step whose notices
 * reached no one is `escalation_undeliverable`: the console must not show a 催办 nobody received.
 */
async function recordStep(
	tx: Tx,
	issue: Issue,
	step: PlannedStep,
	now: Date,
	delivered: Delivered,
): Promise<Issue> {
	let current = issue;
	const reachedNoOne =
		step.notify.length > 0 && delivered.sent + delivered.held === 0;
	let kind = reachedNoOne ? "escalation_undeliverable" : "escalated";
	if (step.action === "auto_confirm") {
		const [updated] = await tx
			.update(issues)
			.set({
				state: "done",
				closedAt: now,
				version: sql`${issues.version} + 1`,
				wakeGeneration: sql`${issues.wakeGeneration} + 1`,
				updatedAt: now,
			})
			.where(eq(issues.id, issue.id))
			.returning();
		if (!updated)
			throw new Error(`issue ${issue.number} vanished under a lock`);
		current = updated;
		kind = "auto_confirmed";
	}
	await tx.insert(issueEvents).values({
		issueId: issue.id,
		actorPersonId: null,
		actorLabel: "system",
		kind,
		fromState: issue.state,
		toState: current.state,
		version: current.version,
		payload: {
			step: step.key,
			part: step.part,
			...(step.colour
				? { colour: step.colour.name, level: step.colour.level }
				: {}),
			...(step.action ? { action: step.action, days: step.days ?? 0 } : {}),
			delivered: delivered.sent,
			held: delivered.held,
			...(delivered.unreached.length > 0
				? { unreached: delivered.unreached }
				: {}),
		},
		createdAt: now,
	});
	return current;
}
