/** Who handles the issue: dispatch, transfer, return, co-handlers. */

import { DEFAULT_PASSING_THE_BUCK } from "../escalation/default-policy.ts";
import {
	dispatchTimes,
	isUrgency,
	policySnapshotFor,
	readPolicy,
} from "./deadlines.ts";
import { type Handlers, notify, text } from "./handler-types.ts";
import { refused } from "./refusals.ts";
import type { Effect } from "./types.ts";

type RoutingHandlers = Pick<
	Handlers,
	| "dispatch"
	| "transfer"
	| "return"
	| "refuse_return"
	| "add_co_handler"
	| "remove_co_handler"
>;

const unique = (ids: number[]) => [...new Set(ids)];
const sameSet = (a: number[], b: number[]) =>
	a.length === b.length && a.every((id) => b.includes(id));

/** The policy's threshold (policy-schema.ts passingTheBuck), as copied onto the issue. */
function transfersBeforeReview(issue: { policy: unknown }): number {
	const policy = issue.policy as {
		escalation?: { passingTheBuck?: { transfers?: number } };
	} | null;
	return (
		policy?.escalation?.passingTheBuck?.transfers ??
		DEFAULT_PASSING_THE_BUCK.transfers
	);
}

export const routingHandlers: RoutingHandlers = {
	dispatch({ issue, command, now, env }) {
		const lead = command.departmentId;
		const co = unique(command.coDepartmentIds ?? issue.coDepartmentIds).filter(
			(id) => id !== lead,
		);
		const urgency = command.urgency ?? issue.urgency;
		const categoryCode = command.categoryCode ?? issue.categoryCode;
		const changed =
			urgency !== issue.urgency || categoryCode !== issue.categoryCode;
		const snapshot =
			changed && env.deadlinePolicy && isUrgency(urgency)
				? policySnapshotFor(env.deadlinePolicy, categoryCode, urgency)
				: null;
		const policy = snapshot
			? { ...(issue.policy as Record<string, unknown>), ...snapshot }
			: issue.policy;
		const times = dispatchTimes(readPolicy(policy), now, env.calendar);
		const effects: Effect[] = [notify("lead_department", "dispatched")];
		if (!sameSet(co, issue.coDepartmentIds))
			effects.push({ type: "set_co_handlers", departmentIds: co });
		if (co.length > 0) effects.push(notify("co_departments", "dispatched"));
		return {
			ok: true,
			changes: {
				leadDepartmentId: lead,
				urgency,
				categoryCode,
				colour: "green",
				...(policy === issue.policy ? {} : { policy }),
				...times,
			},
			kind: issue.state === "dispatched" ? "redispatched" : "dispatched",
			payload: {
				fromDepartmentId: issue.leadDepartmentId,
				departmentId: lead,
				coDepartmentIds: co,
				urgency,
				categoryCode,
				acceptDueAt: times.acceptDueAt?.toISOString() ?? null,
				dueAt: times.dueAt?.toISOString() ?? null,
			},
			effects,
			replan: true,
		};
	},

	transfer({ issue, command, relations, now, env }) {
		const reason = text(command.reason);
		if (!reason) return refused("missing_reason", { command: "transfer" });
		if (command.departmentId === issue.leadDepartmentId)
			return refused("same_department", { number: issue.number });
		const byOffice = relations.has("office") || relations.has("admin");
		// 说不评议: a department passing on an issue that was passed on often enough is reviewed instead.
		if (!byOffice && issue.transferCount + 1 >= transfersBeforeReview(issue))
			return {
				ok: true,
				state: "under_review",
				changes: { transferCount: issue.transferCount + 1 },
				kind: "transfer_sent_to_review",
				payload: {
					fromDepartmentId: issue.leadDepartmentId,
					requestedDepartmentId: command.departmentId,
					reason,
					transferCount: issue.transferCount + 1,
				},
				effects: [
					notify("office", "transfer_sent_to_review"),
					notify("supervisors", "transfer_sent_to_review"),
				],
			};
		const times = dispatchTimes(readPolicy(issue.policy), now, env.calendar);
		const co = issue.coDepartmentIds.filter(
			(id) => id !== command.departmentId,
		);
		const effects: Effect[] = [
			notify("lead_department", "transferred"),
			notify("office", "transferred"),
		];
		if (!sameSet(co, issue.coDepartmentIds))
			effects.push({ type: "set_co_handlers", departmentIds: co });
		return {
			ok: true,
			state: "dispatched",
			changes: {
				leadDepartmentId: command.departmentId,
				transferCount: issue.transferCount + 1,
				colour: "green",
				...times,
			},
			kind: "transferred",
			payload: {
				fromDepartmentId: issue.leadDepartmentId,
				departmentId: command.departmentId,
				reason,
				transferCount: issue.transferCount + 1,
				acceptDueAt: times.acceptDueAt?.toISOString() ?? null,
				dueAt: times.dueAt?.toISOString() ?? null,
			},
			effects,
		};
	},

	return({ issue, command }) {
		const reason = text(command.reason);
		if (!reason) return refused("missing_reason", { command: "return" });
		return {
			ok: true,
			changes: {
				leadDepartmentId: null,
				dispatchedAt: null,
				acceptDueAt: null,
				clockStartedAt: null,
				dueAt: null,
				colour: "green",
			},
			kind: "returned",
			payload: { fromDepartmentId: issue.leadDepartmentId, reason },
			effects: [notify("office", "returned")],
		};
	},

	// 推诿: the office finds the 退单 unfounded; whether the department must do it is reviewed (说不评议).
	refuse_return({ issue, command }) {
		const reason = text(command.reason);
		if (!reason) return refused("missing_reason", { command: "refuse_return" });
		const department = issue.returnedByDepartmentId ?? null;
		if (department === null)
			return refused("nothing_returned", { number: issue.number });
		return {
			ok: true,
			changes: { leadDepartmentId: department },
			kind: "return_refused",
			payload: { departmentId: department, reason },
			effects: [
				notify("lead_department", "return_refused"),
				notify("supervisors", "return_refused"),
			],
		};
	},

	add_co_handler({ issue, command }) {
		const id = command.departmentId;
		if (id === issue.leadDepartmentId)
			return refused("same_department", { number: issue.number });
		if (issue.coDepartmentIds.includes(id))
			return refused("already_co_handler", { number: issue.number });
		return {
			ok: true,
			kind: "co_handler_added",
			payload: { departmentId: id },
			effects: [
				{
					type: "set_co_handlers",
					departmentIds: [...issue.coDepartmentIds, id],
				},
				notify("co_departments", "co_handler_added"),
			],
		};
	},

	remove_co_handler({ issue, command }) {
		const id = command.departmentId;
		if (!issue.coDepartmentIds.includes(id))
			return refused("not_a_co_handler", { number: issue.number });
		return {
			ok: true,
			kind: "co_handler_removed",
			payload: { departmentId: id },
			effects: [
				{
					type: "set_co_handlers",
					departmentIds: issue.coDepartmentIds.filter((d) => d !== id),
				},
			],
		};
	},
};
