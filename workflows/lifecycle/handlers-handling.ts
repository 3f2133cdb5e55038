/** The department's work: accept, progress, information, extensions, tiers, resolve, refuse. */
import { TIERS } from "../../db/schema/issues.ts";
import { acceptTimes, readPolicy } from "./deadlines.ts";
import {
	type Handlers,
	isPositiveInteger,
	notify,
	text,
} from "./handler-types.ts";
import { refused } from "./refusals.ts";
import type { PendingExtension } from "./types.ts";

type HandlingHandlers = Pick<
	Handlers,
	| "accept"
	| "progress"
	| "request_info"
	| "supply_info"
	| "request_extension"
	| "approve_extension"
	| "deny_extension"
	| "raise_tier"
	| "resolve"
	| "refuse"
>;

function pendingOf(value: unknown): PendingExtension | null {
	return (value as PendingExtension | null) ?? null;
}

export const handlingHandlers: HandlingHandlers = {
	accept({ issue, now, env }) {
		const times = acceptTimes(
			issue,
			readPolicy(issue.policy),
			now,
			env.calendar,
		);
		return {
			ok: true,
			changes: { ...times, ...(times.dueAt ? { colour: "green" } : {}) },
			kind: "accepted",
			payload: { dueAt: (times.dueAt ?? issue.dueAt)?.toISOString() ?? null },
			effects: [notify("enterprise", "accepted")],
		};
	},

	progress({ command }) {
		const note = text(command.note);
		if (!note) return refused("missing_note", { command: "progress" });
		return {
			ok: true,
			kind: "progress",
			payload: { note },
			effects: [notify("enterprise", "progress")],
		};
	},

	request_info({ command }) {
		const question = text(command.question);
		if (!question) return refused("missing_note", { command: "request_info" });
		return {
			ok: true,
			kind: "info_requested",
			payload: { question },
			effects: [notify("enterprise", "info_requested")],
		};
	},

	supply_info({ command }) {
		const info = text(command.text);
		if (!info) return refused("missing_note", { command: "supply_info" });
		return {
			ok: true,
			kind: "info_supplied",
			payload: { text: info },
			effects: [notify("lead_department", "info_supplied")],
		};
	},

	request_extension({ issue, command, actor, now }) {
		const pending = pendingOf(issue.pendingExtension);
		if (pending)
			return refused("extension_pending", {
				number: issue.number,
				workingDays: pending.workingDays,
			});
		if (!isPositiveInteger(command.workingDays))
			return refused("invalid_working_days");
		const reason = text(command.reason);
		if (!reason)
			return refused("missing_reason", { command: "request_extension" });
		const request: PendingExtension = {
			workingDays: command.workingDays,
			reason,
			requestedBy: actor.personId,
			requestedAt: now.toISOString(),
		};
		return {
			ok: true,
			changes: { pendingExtension: request },
			kind: "extension_requested",
			payload: { workingDays: command.workingDays, reason },
			effects: [
				notify("office", "extension_requested"),
				notify("leader", "extension_requested"),
			],
		};
	},

	approve_extension({ issue, command, now, env }) {
		const pending = pendingOf(issue.pendingExtension);
		if (!pending)
			return refused("no_extension_pending", { number: issue.number });
		const dueAt = env.calendar.addWorkingDays(
			issue.dueAt ?? now,
			pending.workingDays,
		);
		return {
			ok: true,
			changes: { pendingExtension: null, dueAt, colour: "green" },
			kind: "extension_approved",
			payload: {
				workingDays: pending.workingDays,
				previousDueAt: issue.dueAt?.toISOString() ?? null,
				dueAt: dueAt.toISOString(),
				note: text(command.note),
			},
			effects: [
				notify("lead_department", "extension_approved"),
				notify("enterprise", "extension_approved"),
			],
			replan: true,
		};
	},

	deny_extension({ issue, command }) {
		const pending = pendingOf(issue.pendingExtension);
		if (!pending)
			return refused("no_extension_pending", { number: issue.number });
		const reason = text(command.reason);
		if (!reason)
			return refused("missing_reason", { command: "deny_extension" });
		return {
			ok: true,
			changes: { pendingExtension: null },
			kind: "extension_denied",
			payload: { workingDays: pending.workingDays, reason },
			effects: [notify("lead_department", "extension_denied")],
		};
	},

	raise_tier({ issue, command }) {
		const reason = text(command.reason);
		if (!reason) return refused("missing_reason", { command: "raise_tier" });
		const next = TIERS[TIERS.indexOf(issue.tier) + 1];
		if (!next) return refused("top_tier", { number: issue.number });
		return {
			ok: true,
			changes: { tier: next },
			kind: "tier_raised",
			payload: { fromTier: issue.tier, tier: next, reason },
			effects: [
				notify("office", "tier_raised"),
				notify("leader", "tier_raised"),
			],
			replan: true,
		};
	},

	resolve({ command, now }) {
		const note = text(command.note);
		if (!note) return refused("missing_note", { command: "resolve" });
		return {
			ok: true,
			changes: { resolvedAt: now },
			kind: "resolved",
			payload: { note },
			effects: [notify("enterprise", "resolved")],
		};
	},

	refuse({ command }) {
		const reason = text(command.reason);
		if (!reason) return refused("missing_reason", { command: "refuse" });
		return {
			ok: true,
			kind: "refused",
			payload: { reason },
			effects: [notify("office", "refused"), notify("supervisors", "refused")],
		};
	},
};
