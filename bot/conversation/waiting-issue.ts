/**
 * The issue a reply that quotes nothing is about: the one issue awaiting the speaker (their verdict,
 * or their department's acceptance), else — for an enterprise member — the one issue they confirmed
 * without rating it, else — giving no verdict — the one issue whose 回访 question awaits their answer.
 * All are asked in one statement: most messages in a group
 * are chatter, and each would otherwise pay two round trips to find that nothing waits.
 */
import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { reusableStatement } from "../../db/driver-workarounds/reusable-statement.ts";
import type { Group, Person } from "../../db/schema/directory.ts";
import { type Issue, issues } from "../../db/schema/issues.ts";
import type { ReplySpeaker } from "../../workflows/understanding/reply-intents.ts";
import type { InboundMessage } from "../messages.ts";
import { awaitingWhere, unratedWhere } from "./awaiting-issue.ts";
import { visitingWhere, visitWindowStart } from "./visit-answer.ts";

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
	const { speaker, person, message, group, now, verdict } = input;
	const owner =
		speaker === "enterprise" ? person.enterpriseId : person.departmentId;
	if (owner === null) return null;
	const statement = waitingStatement({
		speaker,
		visit: speaker === "enterprise" && !verdict,
		direct: message.direct === true,
	});
	const rows = await statement(db).execute({
		enterpriseId: person.enterpriseId,
		departmentId: person.departmentId,
		platform: message.platform,
		conversationId: message.conversationId,
		groupId: group?.id ?? null,
		since: visitWindowStart(now),
	});
	// Exactly one of a kind, or it is not clear which one is meant; what waits for a verdict first.
	const only = (kind: WaitingKind) => {
		const of = rows.filter((row) => row.kind === kind);
		return of.length === 1 ? (of[0] ?? null) : null;
	};
	const found = only("verdict") ?? only("rating") ?? only("visit");
	return found
		? { issue: found.issue, visiting: found.kind === "visit" }
		: null;
}

/** Waiting for a verdict or an acceptance, for the rating after a confirmation, or for the visit's answer. */
type WaitingKind = "verdict" | "rating" | "visit";

interface Variant {
	speaker: ReplySpeaker;
	/** Also the issues whose visit question awaits the enterprise's answer. */
	visit: boolean;
	direct: boolean;
}

/**
 * One prepared statement per variant: drizzle rendering this query (two branches of every issue
 * column) on each call cost more CPU than everything else a chatter message does.
 */
const statements = new Map<string, ReturnType<typeof prepareWaiting>>();

function waitingStatement(variant: Variant) {
	const name = `waiting_${variant.speaker}_${variant.visit ? "or_visit_" : ""}${variant.direct ? "direct" : "here"}`;
	let statement = statements.get(name);
	if (statement === undefined) {
		statement = prepareWaiting(variant, name);
		statements.set(name, statement);
	}
	return statement;
}

function prepareWaiting(variant: Variant, name: string) {
	return reusableStatement((db) => {
		const candidates = (where: SQL, kind: WaitingKind) =>
			db
				.select({
					issue: issues,
					kind: sql<WaitingKind>`${sql.raw(`'${kind}'`)}`.as("kind"),
				})
				.from(issues)
				.where(where)
				.limit(2);
		const awaiting = candidates(
			awaitingWhere(variant.speaker, variant.direct),
			"verdict",
		);
		if (variant.speaker !== "enterprise") return awaiting.prepare(name);
		const rated = awaiting.unionAll(
			candidates(unratedWhere(variant.direct), "rating"),
		);
		return variant.visit
			? rated.unionAll(candidates(visitingWhere(), "visit")).prepare(name)
			: rated.prepare(name);
	});
}
