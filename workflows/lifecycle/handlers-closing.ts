/** The enterprise's verdict and the endings: confirm, rate, reopen, review, withdraw, close. */
import { TIERS, type Tier } from "../../db/schema/issues.ts";
import { dispatchTimes, readPolicy } from "./deadlines.ts";
import {
	type HandlerContext,
	type HandlerOutcome,
	type Handlers,
	isPositiveInteger,
	notify,
	text,
} from "./handler-types.ts";
import { refused } from "./refusals.ts";

type ClosingHandlers = Pick<
	Handlers,
	"confirm" | "rate" | "reopen" | "decide_review" | "withdraw" | "close"
>;

/** A rating result at or below this is 不满意. */
export const DISSATISFIED_AT_MOST = 2;

const oneTierUp = (tier: Tier): Tier =>
	TIERS[TIERS.indexOf(tier) + 1] ?? "province";

/** 不满意: back to the lead department one tier higher, with a fresh acceptance window. */
function reopened(
	{ issue, now, env }: HandlerContext,
	kind: string,
	payload: Record<string, unknown>,
): HandlerOutcome {
	const tier = oneTierUp(issue.tier);
	return {
		ok: true,
		state: "reopened",
		changes: {
			reopenCount: issue.reopenCount + 1,
			tier,
			resolvedAt: null,
			closedAt: null,
			colour: "green",
			...dispatchTimes(readPolicy(issue.policy), now, env.calendar),
		},
		kind,
		payload: { ...payload, reopened: true, fromTier: issue.tier, tier },
		effects: [notify("lead_department", kind), notify("office", kind)],
	};
}

const isRating = (value: unknown) =>
	typeof value === "number" &&
	Number.isInteger(value) &&
	value >= 1 &&
	value <= 5;

export const closingHandlers: ClosingHandlers = {
	confirm({ now }) {
		return {
			ok: true,
			changes: { closedAt: now },
			kind: "confirmed",
			effects: [notify("lead_department", "confirmed")],
		};
	},

	rate(ctx) {
		const { issue, command, now } = ctx;
		const { plan, process, result } = command;
		if (![plan, process, result].every(isRating))
			return refused("invalid_rating");
		const comment = text(command.comment);
		const rating = { plan, process, result, comment };
		const record = { type: "record_rating" as const, ...rating };
		if (result <= DISSATISFIED_AT_MOST) {
			const outcome = reopened(ctx, "rated", rating);
			return outcome.ok
				? { ...outcome, effects: [record, ...(outcome.effects ?? [])] }
				: outcome;
		}
		const confirming = issue.state === "resolved";
		return {
			ok: true,
			state: "done",
			changes: confirming ? { closedAt: now } : {},
			kind: "rated",
			payload: { ...rating, confirmed: confirming },
			effects: [record, notify("lead_department", "rated")],
		};
	},

	reopen(ctx) {
		const reason = text(ctx.command.reason);
		if (!reason) return refused("missing_reason", { command: "reopen" });
		return reopened(ctx, "reopened", { reason });
	},

	decide_review({ issue, command, now, env }) {
		const note = text(command.note);
		if (!note) return refused("missing_note", { command: "decide_review" });
		if (command.outcome === "refusal_stands") {
			const alternative = text(command.alternative);
			if (!alternative) return refused("missing_alternative");
			return {
				ok: true,
				state: "closed",
				changes: { closedAt: now },
				kind: "review_decided",
				payload: { outcome: command.outcome, note, alternative },
				effects: [
					notify("enterprise", "review_decided"),
					notify("lead_department", "review_decided"),
				],
			};
		}
		if (!isPositiveInteger(command.workingDays))
			return refused("invalid_working_days");
		const dueAt = env.calendar.addWorkingDays(now, command.workingDays);
		const reportedToSupervision = command.outcome === "can_do";
		return {
			ok: true,
			state: "accepted",
			changes: {
				acceptedAt: issue.acceptedAt ?? now,
				clockStartedAt: issue.clockStartedAt ?? now,
				dueAt,
				colour: "green",
			},
			kind: "review_decided",
			payload: {
				outcome: command.outcome,
				note,
				workingDays: command.workingDays,
				dueAt: dueAt.toISOString(),
				reportedToSupervision,
			},
			effects: [
				notify("lead_department", "review_decided"),
				notify("enterprise", "review_decided"),
				...(reportedToSupervision
					? [notify("supervisors", "review_decided")]
					: []),
			],
		};
	},

	withdraw({ command, now }) {
		return {
			ok: true,
			changes: { closedAt: now },
			kind: "withdrawn",
			payload: { reason: text(command.reason) },
			effects: [
				notify("lead_department", "withdrawn"),
				notify("office", "withdrawn"),
			],
		};
	},

	close({ command, now }) {
		const reason = text(command.reason);
		if (!reason) return refused("missing_reason", { command: "close" });
		return {
			ok: true,
			changes: { closedAt: now },
			kind: "closed",
			payload: { reason },
			effects: [notify("enterprise", "closed")],
		};
	},
};
