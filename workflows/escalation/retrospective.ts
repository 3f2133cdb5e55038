/**
 * 复盘: issues handed down from above, complex issues and policy issues cannot be resolved or
 * closed until a retrospective note is on record. Which issues need one is policy (escalation.retrospective).
 */
import { count, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import {
	type Retrospective,
	retrospectives,
} from "../../db/schema/escalation.ts";
import type { Issue } from "../../db/schema/issues.ts";
import { insertIssueEvents } from "../issues/insert-events.ts";
import type { CommandType } from "../lifecycle/commands.ts";
import type { EscalationPolicy } from "./policy-schema.ts";

/** The commands a missing retrospective refuses. */
export const RETROSPECTIVE_GATED: readonly CommandType[] = ["resolve", "close"];

export function retrospectiveNeeded(
	issue: Pick<Issue, "urgency" | "categoryCode" | "sourceChannel">,
	policy: EscalationPolicy["retrospective"],
): boolean {
	return (
		policy.urgencies.includes(issue.urgency) ||
		(issue.categoryCode !== null &&
			policy.categories.includes(issue.categoryCode)) ||
		policy.channels.includes(issue.sourceChannel)
	);
}

export async function hasRetrospective(
	db: DbOrTx,
	issueId: number,
): Promise<boolean> {
	const [row] = await db
		.select({ n: count() })
		.from(retrospectives)
		.where(eq(retrospectives.issueId, issueId));
	return Number(row?.n ?? 0) > 0;
}

/** True when `command` must be refused because the issue still lacks its retrospective. */
export async function blockedByRetrospective(
	db: DbOrTx,
	issue: Pick<Issue, "id" | "retrospectiveRequired">,
	command: CommandType,
): Promise<boolean> {
	return (
		issue.retrospectiveRequired &&
		RETROSPECTIVE_GATED.includes(command) &&
		!(await hasRetrospective(db, issue.id))
	);
}

/** Records the note and its audit event. */
export async function recordRetrospective(
	db: DbOrTx,
	input: {
		issue: Pick<Issue, "id" | "state" | "version">;
		authorPersonId: number | null;
		authorLabel: string;
		note: string;
		now: Date;
	},
): Promise<Retrospective> {
	const [row] = await db
		.insert(retrospectives)
		.values({
			issueId: input.issue.id,
			authorPersonId: input.authorPersonId,
			note: input.note,
			createdAt: input.now,
		})
		.returning();
	if (!row) throw new Error("retrospective insert returned nothing");
	await insertIssueEvents(db, [
		{
			issueId: input.issue.id,
			actorPersonId: input.authorPersonId,
			actorLabel: input.authorLabel,
			kind: "retrospective",
			fromState: input.issue.state,
			toState: input.issue.state,
			version: input.issue.version,
			payload: { note: input.note },
			createdAt: input.now,
		},
	]);
	return row;
}
