/** Reading and writing an issue's plan (issue_plans, plan_milestones) inside applyCommand's transaction. */
import { and, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx, Tx } from "../../db/client.ts";
import { issuePlans, planMilestones } from "../../db/schema/plans.ts";
import type { Effect, PlanSnapshot } from "../lifecycle/types.ts";

export async function planSnapshotOf(
	db: DbOrTx,
	issueId: number,
): Promise<PlanSnapshot | null> {
	const [plan] = await db
		.select({
			revision: issuePlans.revision,
			satisfaction: issuePlans.satisfaction,
		})
		.from(issuePlans)
		.where(eq(issuePlans.issueId, issueId));
	if (!plan) return null;
	const milestones = await db
		.select({
			position: planMilestones.position,
			title: planMilestones.title,
			doneAt: planMilestones.doneAt,
		})
		.from(planMilestones)
		.where(eq(planMilestones.issueId, issueId))
		.orderBy(asc(planMilestones.position));
	return { ...plan, milestones };
}

type PlanEffect = Extract<
	Effect,
	{ type: "store_plan" | "complete_milestone" | "record_plan_rating" }
>;

export function isPlanEffect(effect: Effect): effect is PlanEffect {
	return (
		effect.type === "store_plan" ||
		effect.type === "complete_milestone" ||
		effect.type === "record_plan_rating"
	);
}

/** A new plan replaces the milestones not yet reached; those reached stay as they were. */
export async function storePlanEffect(
	tx: Tx,
	issueId: number,
	effect: PlanEffect,
	personId: number | null,
	now: Date,
): Promise<void> {
	if (effect.type === "store_plan") {
		await tx
			.insert(issuePlans)
			.values({
				issueId,
				measures: effect.measures,
				units: effect.units,
				revision: effect.revision,
				authorPersonId: personId,
				createdAt: now,
				updatedAt: now,
			})
			.onConflictDoUpdate({
				target: issuePlans.issueId,
				set: {
					measures: effect.measures,
					units: effect.units,
					revision: effect.revision,
					authorPersonId: personId,
					// A new plan is rated afresh; earlier ratings stay in the audit log.
					satisfaction: null,
					ratedByPersonId: null,
					ratedAt: null,
					updatedAt: now,
				},
			});
		await tx
			.delete(planMilestones)
			.where(
				and(eq(planMilestones.issueId, issueId), isNull(planMilestones.doneAt)),
			);
		if (effect.milestones.length > 0)
			await tx.insert(planMilestones).values(
				effect.milestones.map((m) => ({
					issueId,
					position: m.position,
					title: m.title,
					unit: m.unit,
					dueAt: m.dueAt,
				})),
			);
	}
	if (effect.type === "complete_milestone")
		await tx
			.update(planMilestones)
			.set({ doneAt: now, doneByPersonId: personId, note: effect.note })
			.where(
				and(
					eq(planMilestones.issueId, issueId),
					eq(planMilestones.position, effect.position),
				),
			);
	if (effect.type === "record_plan_rating")
		await tx
			.update(issuePlans)
			.set({
				satisfaction: effect.score,
				ratedByPersonId: personId,
				ratedAt: now,
			})
			.where(eq(issuePlans.issueId, issueId));
}
