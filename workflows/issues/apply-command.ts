import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "../../db/client.ts";
import {
	type Issue,
	type IssueEvent,
	issueCoHandlers,
	issueEvents,
	issues,
	ratings,
} from "../../db/schema/issues.ts";
import { flushDeferred } from "../../db/unit-of-work.ts";
import type { WorkingCalendar } from "../calendar/types.ts";
import type { DeadlinePolicy } from "../deadlines/policy-schema.ts";
import type { Command } from "../lifecycle/commands.ts";
import { refused } from "../lifecycle/refusals.ts";
import { transition } from "../lifecycle/transition.ts";
import type {
	Actor,
	AfterCommitEffect,
	Effect,
	IssueSnapshot,
	Refusal,
} from "../lifecycle/types.ts";
import { loadActor, SYSTEM_ACTOR } from "./load-actor.ts";
import { isPlanEffect, planSnapshotOf, storePlanEffect } from "./plan-rows.ts";

const PLAN_COMMANDS: ReadonlySet<string> = new Set([
	"set_plan",
	"complete_milestone",
	"rate_plan",
]);

export type IssueRef = { issueId: number } | { issueNumber: string };

export type ApplyCommandInput = IssueRef & {
	command: Command;
	/** null: the system acts. */
	actorPersonId: number | null;
	/** The version the actor saw; a different current version refuses with stale_version. */
	expectedVersion?: number;
	now: Date;
	calendar: WorkingCalendar;
	/** See TransitionEnv.deadlinePolicy. */
	deadlinePolicy?: DeadlinePolicy;
};

export type ApplyResult =
	| {
			ok: true;
			issue: Issue;
			event: IssueEvent;
			/** For after commit: notifications to send, timers to re-plan. */
			effects: AfterCommitEffect[];
	  }
	| { ok: false; refusal: Refusal };

/**
 * Runs one command on one issue in one transaction (a savepoint when `db` is already one): locks
 * the issue, decides, writes the patch, co-handlers, rating and audit event — or, refused, nothing.
 */
export async function applyCommand(
	db: DbOrTx,
	input: ApplyCommandInput,
): Promise<ApplyResult> {
	// The savepoint is a transaction of its own, which defers nothing: what the enclosing one
	// deferred goes first, so the audit log stays in order.
	await flushDeferred(db);
	return db.transaction(async (tx) => {
		const issue = await lockIssue(tx, input);
		if (!issue)
			return refused("not_found", {
				ref: "issueId" in input ? input.issueId : input.issueNumber,
			});
		if (
			input.expectedVersion !== undefined &&
			input.expectedVersion !== issue.version
		)
			return refused("stale_version", {
				number: issue.number,
				version: issue.version,
			});
		const actor = await actorFor(tx, input.actorPersonId);
		if (!actor) return refused("unknown_actor");
		const snapshot: IssueSnapshot = {
			...issue,
			coDepartmentIds: await coHandlersOf(tx, issue.id),
			...(issue.state === "awaiting_dispatch"
				? { returnedByDepartmentId: await returnedBy(tx, issue.id) }
				: {}),
			...(PLAN_COMMANDS.has(input.command.type)
				? { plan: await planSnapshotOf(tx, issue.id) }
				: {}),
		};
		const result = transition(snapshot, input.command, actor, input.now, {
			calendar: input.calendar,
			deadlinePolicy: input.deadlinePolicy,
		});
		if (!result.ok) return result;

		const [updated] = await tx
			.update(issues)
			.set({
				...result.patch,
				version: sql`${issues.version} + 1`,
				updatedAt: input.now,
			})
			.where(eq(issues.id, issue.id))
			.returning();
		if (updated?.version !== result.patch.version)
			throw new Error(`issue ${issue.number}: version moved under a row lock`);
		for (const effect of result.effects)
			await storeEffect(tx, snapshot, effect, actor, input.now);
		const [event] = await tx
			.insert(issueEvents)
			.values({
				issueId: issue.id,
				actorPersonId: actor.personId,
				actorLabel: actor.label,
				kind: result.event.kind,
				fromState: issue.state,
				toState: updated.state,
				version: updated.version,
				payload: result.event.payload,
				createdAt: input.now,
			})
			.returning();
		if (!event) throw new Error("event insert returned nothing");
		return {
			ok: true,
			issue: updated,
			event,
			effects: result.effects.filter(isAfterCommit),
		};
	});
}

async function lockIssue(tx: Tx, ref: IssueRef): Promise<Issue | undefined> {
	const where =
		"issueId" in ref
			? eq(issues.id, ref.issueId)
			: eq(issues.number, ref.issueNumber);
	const [issue] = await tx.select().from(issues).where(where).for("update");
	return issue;
}

function actorFor(tx: Tx, personId: number | null): Promise<Actor | null> {
	return personId === null
		? Promise.resolve(SYSTEM_ACTOR)
		: loadActor(tx, personId);
}

export async function coHandlersOf(db: DbOrTx, issueId: number) {
	await flushDeferred(db);
	const rows = await db
		.select({ departmentId: issueCoHandlers.departmentId })
		.from(issueCoHandlers)
		.where(eq(issueCoHandlers.issueId, issueId))
		.orderBy(issueCoHandlers.addedAt, issueCoHandlers.departmentId);
	return rows.map((r) => r.departmentId);
}

/** The department of the issue's latest 退单, if its latest routing event is one. */
async function returnedBy(tx: Tx, issueId: number): Promise<number | null> {
	const [last] = await tx
		.select({ kind: issueEvents.kind, payload: issueEvents.payload })
		.from(issueEvents)
		.where(
			and(
				eq(issueEvents.issueId, issueId),
				inArray(issueEvents.kind, [...ROUTING_KINDS]),
			),
		)
		.orderBy(desc(issueEvents.id))
		.limit(1);
	const from = (last?.payload as { fromDepartmentId?: unknown } | undefined)
		?.fromDepartmentId;
	return last?.kind === "returned" && typeof from === "number" ? from : null;
}

const ROUTING_KINDS = [
	"dispatched",
	"redispatched",
	"transferred",
	"returned",
	"return_refused",
] as const;

function isAfterCommit(effect: Effect): effect is AfterCommitEffect {
	return effect.type === "notify" || effect.type === "replan_timers";
}

/** The effects that belong in the transaction: co-handlers and ratings. */
async function storeEffect(
	tx: Tx,
	issue: IssueSnapshot,
	effect: Effect,
	actor: Actor,
	now: Date,
): Promise<void> {
	if (effect.type === "set_co_handlers") {
		const removed = issue.coDepartmentIds.filter(
			(id) => !effect.departmentIds.includes(id),
		);
		const added = effect.departmentIds.filter(
			(id) => !issue.coDepartmentIds.includes(id),
		);
		if (removed.length > 0)
			await tx
				.delete(issueCoHandlers)
				.where(
					and(
						eq(issueCoHandlers.issueId, issue.id),
						inArray(issueCoHandlers.departmentId, removed),
					),
				);
		if (added.length > 0)
			await tx.insert(issueCoHandlers).values(
				added.map((departmentId) => ({
					issueId: issue.id,
					departmentId,
					addedAt: now,
				})),
			);
	}
	if (isPlanEffect(effect))
		await storePlanEffect(tx, issue.id, effect, actor.personId, now);
	if (effect.type === "record_rating")
		await tx.insert(ratings).values({
			issueId: issue.id,
			personId: actor.personId,
			plan: effect.plan,
			process: effect.process,
			result: effect.result,
			comment: effect.comment,
			createdAt: now,
		});
}
