/**
 * 上级交办: an issue handed down by a higher level (a city office, the district's leaders) with the
 * unit that handed it down (交办单位), its document number (文号) and, often, its own time limit. It is
 * routed and tracked like any other issue; its source channel is `superior`, which the escalation
 * policy's `retrospective.channels` lists by default, so it cannot be resolved or closed without its
 * report (一案一报告). The `handed_down` event records the source beside the `created` one.
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { type Issue, issues } from "../../db/schema/issues.ts";
import { insertIssueEvents } from "../issues/insert-events.ts";
import {
	type Acknowledgement,
	type IntakePolicies,
	type Problem,
	takeInProblem,
} from "./take-in-problem.ts";

export interface HandedDown {
	/** 交办单位, e.g. 市营商环境办. */
	by: string;
	/** 文号, e.g. 市营商办〔2026〕12号. */
	ref: string;
	/** The time limit the superior set, in working days; absent: the category's. */
	workingDays?: number;
}

export async function takeInHandedDown(
	tx: DbOrTx,
	problem: Omit<Problem, "sourceChannel" | "resolveWorkingDays">,
	handedDown: HandedDown,
	policies: IntakePolicies,
): Promise<{ issue: Issue; acknowledgement: Acknowledgement }> {
	const taken = await takeInProblem(
		tx,
		{
			...problem,
			sourceChannel: "superior",
			resolveWorkingDays: handedDown.workingDays,
		},
		policies,
	);
	const [issue] = await tx
		.update(issues)
		.set({ handedDownBy: handedDown.by, handedDownRef: handedDown.ref })
		.where(eq(issues.id, taken.issue.id))
		.returning();
	if (!issue) throw new Error("the handed-down issue vanished");
	await insertIssueEvents(tx, [
		{
			issueId: issue.id,
			actorPersonId: problem.actorPersonId ?? null,
			actorLabel: problem.actorLabel ?? handedDown.by,
			kind: "handed_down",
			fromState: issue.state,
			toState: issue.state,
			version: issue.version,
			payload: {
				by: handedDown.by,
				ref: handedDown.ref,
				workingDays: handedDown.workingDays ?? null,
			},
			createdAt: problem.now,
		},
	]);
	return { issue, acknowledgement: taken.acknowledgement };
}
