/**
 * Taking in a problem, whichever way it came — a message in the enterprise's group, or another
 * channel through the API (12345, mini-program, visits): routed by its category, given the
 * directory's deadline policy, opened as an issue, and how it is acknowledged. The caller renders
 * and sends the acknowledgement (bot/conversation/acknowledge.ts); what it says is decided here.
 */
import type { DbOrTx } from "../../db/client.ts";
import type { Issue } from "../../db/schema/issues.ts";
import type { WorkingCalendar } from "../calendar/types.ts";
import { snapshotPolicy } from "../deadlines/limits.ts";
import type { DeadlinePolicy, Urgency } from "../deadlines/policy-schema.ts";
import type { EscalationPolicy } from "../escalation/policy-schema.ts";
import { type CreateIssueInput, createIssue } from "../issues/create-issue.ts";
import { leadDepartmentFor } from "./lead-by-area.ts";
import type { CategoryRule } from "./routing-types.ts";

/** The problem as its channel knows it; routing and policy come from its category and the directory. */
export type Problem = Omit<
	CreateIssueInput,
	| "categoryCode"
	| "urgency"
	| "leadDepartmentId"
	| "coDepartmentIds"
	| "policy"
	| "calendar"
	| "escalation"
> & {
	category: CategoryRule | null;
	urgency: Urgency;
	/** A time limit set by whoever handed the issue down (上级交办), instead of the category's. */
	resolveWorkingDays?: number;
};

/** The directory's policies a new issue is given. */
export interface IntakePolicies {
	deadlinePolicy: DeadlinePolicy;
	calendar: WorkingCalendar;
	escalation: EscalationPolicy;
}

/** How a new issue is acknowledged, as codes the runtime renders. */
export interface Acknowledgement {
	/** The reply's text: dispatched to a department, or waiting for the office to dispatch it. */
	text: "ack_dispatched" | "ack_awaiting_dispatch";
	/** Who is mentioned: the department that is to act, or the office that is to dispatch. */
	mention: "lead_department" | "office";
}

export function acknowledgementOf(
	issue: Pick<Issue, "leadDepartmentId">,
): Acknowledgement {
	return issue.leadDepartmentId === null
		? { text: "ack_awaiting_dispatch", mention: "office" }
		: { text: "ack_dispatched", mention: "lead_department" };
}

/** Opens the problem's issue (in the caller's transaction) and says how to acknowledge it. */
export async function takeInProblem(
	tx: DbOrTx,
	problem: Problem,
	policies: IntakePolicies,
): Promise<{ issue: Issue; acknowledgement: Acknowledgement }> {
	const { category, resolveWorkingDays, ...facts } = problem;
	const categoryCode = category?.code ?? null;
	const policy = snapshotPolicy(
		policies.deadlinePolicy,
		categoryCode,
		problem.urgency,
	);
	const issue = await createIssue(tx, {
		...facts,
		categoryCode,
		leadDepartmentId: await leadDepartmentFor(tx, category, facts.enterpriseId),
		coDepartmentIds: category?.coDepartmentIds ?? [],
		policy:
			resolveWorkingDays === undefined
				? policy
				: { ...policy, limit: { ...policy.limit, resolveWorkingDays } },
		calendar: policies.calendar,
		escalation: policies.escalation,
	});
	return { issue, acknowledgement: acknowledgementOf(issue) };
}
