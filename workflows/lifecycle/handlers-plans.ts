/**
 * The plan of a complex issue (钱塘区 标的物): measures, responsible units and dated milestones,
 * written by the lead department or the office; milestones reached; the enterprise's rating of the
 * plan (方案满意度). applyCommand stores what these decide (store_plan, complete_milestone,
 * record_plan_rating) in the command's transaction.
 */
import { type Handlers, notify, text } from "./handler-types.ts";
import { endOfShanghaiDay, milestoneDate } from "./milestone-dates.ts";
import { refused } from "./refusals.ts";
import type { PlannedMilestone } from "./types.ts";

type PlanHandlers = Pick<
	Handlers,
	"set_plan" | "complete_milestone" | "rate_plan"
>;

export const planHandlers: PlanHandlers = {
	set_plan({ issue, command, now }) {
		const measures = text(command.measures);
		if (!measures) return refused("invalid_plan", { problem: "measures" });
		if (command.milestones.length === 0)
			return refused("invalid_plan", { problem: "milestones" });
		const reached = (issue.plan?.milestones ?? []).filter(
			(m) => m.doneAt !== null,
		);
		let position = Math.max(0, ...reached.map((m) => m.position));
		const milestones: PlannedMilestone[] = [];
		for (const written of command.milestones) {
			const title = text(written.title);
			if (!title) return refused("invalid_plan", { problem: "title" });
			const date = milestoneDate(written.due, now);
			if (!date)
				return refused("invalid_plan", { problem: "date", due: written.due });
			position += 1;
			milestones.push({
				position,
				title,
				unit: text(written.unit),
				dueAt: endOfShanghaiDay(date),
			});
		}
		milestones.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
		// Numbered in date order, after the milestones already reached.
		milestones.forEach((m, i) => {
			m.position = position - milestones.length + 1 + i;
		});
		const units = command.units.map((u) => u.trim()).filter(Boolean);
		const revision = (issue.plan?.revision ?? 0) + 1;
		return {
			ok: true,
			kind: revision === 1 ? "plan_set" : "plan_updated",
			payload: {
				revision,
				measures,
				units,
				milestones: milestones.map((m) => ({
					position: m.position,
					title: m.title,
					unit: m.unit,
					dueAt: m.dueAt.toISOString(),
				})),
				...(reached.length > 0 ? { kept: reached.map((m) => m.position) } : {}),
			},
			effects: [
				{ type: "store_plan", revision, measures, units, milestones },
				notify("enterprise", revision === 1 ? "plan_set" : "plan_updated"),
			],
			replan: true,
		};
	},

	complete_milestone({ issue, command }) {
		const plan = issue.plan;
		if (!plan) return refused("no_plan", { number: issue.number });
		const milestone = plan.milestones.find(
			(m) => m.position === command.position,
		);
		if (!milestone)
			return refused("unknown_milestone", {
				number: issue.number,
				position: String(command.position),
			});
		if (milestone.doneAt)
			return refused("milestone_done", {
				number: issue.number,
				position: milestone.position,
			});
		const note = text(command.note);
		return {
			ok: true,
			kind: "milestone_done",
			payload: { position: milestone.position, title: milestone.title, note },
			effects: [
				{ type: "complete_milestone", position: milestone.position, note },
				notify("enterprise", "milestone_done"),
			],
			replan: true,
		};
	},

	rate_plan({ issue, command }) {
		if (!issue.plan) return refused("no_plan", { number: issue.number });
		const { score } = command;
		if (!Number.isInteger(score) || score < 1 || score > 5)
			return refused("invalid_rating");
		const comment = text(command.comment);
		return {
			ok: true,
			kind: "plan_rated",
			payload: {
				score,
				revision: issue.plan.revision,
				...(comment ? { comment } : {}),
			},
			effects: [
				{ type: "record_plan_rating", score },
				notify("lead_department", "plan_rated"),
			],
		};
	},
};
