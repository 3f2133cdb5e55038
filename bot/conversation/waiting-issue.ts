/**
 * The issue a reply that quotes nothing is about: the one issue awaiting the speaker (their verdict,
 * or their department's acceptance), else — for an enterprise member giving no verdict — the one issue
 * whose 回访 question awaits their answer. Both are asked in one statement: most messages in a group
 * are chatter, and each would otherwise pay two round trips to find that nothing waits.
 */
import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import type { Group, Person } from "../../db/schema/directory.ts";
import { type Issue, issues } from "../../db/schema/issues.ts";
import type { ReplySpeaker } from "../../workflows/understanding/reply-intents.ts";
import type { InboundMessage } from "../messages.ts";
import { awaitingCondition } from "./awaiting-issue.ts";
import { visitingCondition } from "./visit-answer.ts";

export interface WaitingInput {
	speaker: ReplySpeaker;
	person: Person;
	message: InboundMessage;
	group: Group | null;
	now: Date;
	/** The enterprise's verdict (满意, 确认): it is about an issue awaiting one, never the visit. */
	verdict: boolean;
}

export interface Waiting {
	issue: Issue;
	/** The issue waits for the answer to its visit question, not for a verdict or an acceptance. */
	visiting: boolean;
}

export async function issueWaitingFor(
	db: DbOrTx,
	input: WaitingInput,
): Promise<Waiting | null> {
	const awaiting = awaitingCondition(input);
	const visiting =
		input.verdict || input.speaker !== "enterprise"
			? null
			: visitingCondition(input);
	const candidates = (where: SQL, isVisit: boolean) =>
		db
			.select({
				issue: issues,
				visiting: sql<boolean>`${sql.raw(String(isVisit))}`.as("visiting"),
			})
			.from(issues)
			.where(where)
			.limit(2);
	const rows =
		awaiting && visiting
			? await candidates(awaiting, false).unionAll(candidates(visiting, true))
			: awaiting
				? await candidates(awaiting, false)
				: visiting
					? await candidates(visiting, true)
					: [];
	// Exactly one of a kind, or it is not clear which one is meant.
	const only = (isVisit: boolean) => {
		const of = rows.filter((row) => row.visiting === isVisit);
		return of.length === 1 ? (of[0] ?? null) : null;
	};
	const found = only(false) ?? only(true);
	return found ? { issue: found.issue, visiting: found.visiting } : null;
}
