/** Finding the issue a message is about: an explicit number, the thread it replies in, or a quote. */
import { and, desc, eq, gte, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../db/client.ts";
import { reusableStatement } from "../../db/driver-workarounds/reusable-statement.ts";
import type { Person } from "../../db/schema/directory.ts";
import { type Issue, issueCoHandlers, issues } from "../../db/schema/issues.ts";
import { outbox } from "../../db/schema/pipeline.ts";
import { flushDeferred } from "../../db/unit-of-work.ts";
import { issueNumberOf } from "../../workflows/commands/issue-ref.ts";
import type { IssueRef } from "../../workflows/commands/types.ts";
import { SIMILAR_CANDIDATES } from "../../workflows/intake/similar-issue.ts";
import type { InboundMessage } from "../messages.ts";
import { ACTIVE_STATES_SQL } from "./active-states-sql.ts";
import type { IntakeLookahead } from "./intake-lookahead.ts";

export async function issueByRef(
	db: DbOrTx,
	ref: IssueRef,
	year: number,
): Promise<Issue | null> {
	const [issue] = await db
		.select()
		.from(issues)
		.where(eq(issues.number, issueNumberOf(ref, year)));
	return issue ?? null;
}

const NUMBER_IN_TEXT = /#?\s*(\d{4}-\d{6})/;

/** The issue a reply or quote points at: a thread root, a bot message about an issue, or a number in the quote. */
export async function issueInContext(
	db: DbOrTx,
	message: InboundMessage,
): Promise<Issue | null> {
	const replyTo = message.replyTo;
	if (!replyTo) return null;
	if (replyTo.messageId) {
		const [raised] = await db
			.select()
			.from(issues)
			.where(
				and(
					eq(issues.sourceChannel, message.platform),
					eq(issues.sourceMessageId, replyTo.messageId),
				),
			);
		if (raised) return raised;
		const [said] = await db
			.select({ issue: issues })
			.from(outbox)
			.innerJoin(issues, eq(issues.id, outbox.issueId))
			.where(
				and(
					eq(outbox.platform, message.platform),
					eq(outbox.platformMessageId, replyTo.messageId),
				),
			)
			.limit(1);
		if (said) return said.issue;
	}
	const quoted = replyTo.quotedText?.match(NUMBER_IN_TEXT)?.[1];
	if (quoted) {
		const [issue] = await db
			.select()
			.from(issues)
			.where(eq(issues.number, quoted));
		return issue ?? null;
	}
	return null;
}

/** An open issue of another enterprise that a new one may be the same problem as. */
export interface OpenNeighbour {
	id: number;
	number: string;
	state: Issue["state"];
	version: number;
	categoryCode: string;
	enterpriseId: number | null;
	text: string;
}

const NEIGHBOUR = "neighbour";
const neighbour = alias(issues, NEIGHBOUR);

const intakeLookup = reusableStatement((db) =>
	db
		.select({
			recent: issues,
			neighbours: sql<OpenNeighbour[]>`(
				select coalesce(json_agg(json_build_object(
					'id', n.id, 'number', n.number, 'state', n.state, 'version', n.version,
					'categoryCode', n.category_code, 'enterpriseId', n.enterprise_id, 'text', n.body
				) order by n.created_at desc), '[]'::json)
				from (
					select ${neighbour.id}, ${neighbour.number}, ${neighbour.state}, ${neighbour.version},
						${neighbour.categoryCode}, ${neighbour.enterpriseId}, ${neighbour.body}, ${neighbour.createdAt}
					from ${issues} as ${sql.identifier(NEIGHBOUR)}
					where ${neighbour.categoryCode} = ${sql.placeholder("categoryCode")}
						and ${neighbour.state} in (${ACTIVE_STATES_SQL})
						and ${neighbour.enterpriseId} <> ${sql.placeholder("enterpriseId")}
					order by ${neighbour.createdAt} desc
					limit ${sql.raw(String(SIMILAR_CANDIDATES))}) as n)`,
		})
		.from(sql`(values (1)) as one(x)`)
		.leftJoin(
			issues,
			and(
				eq(issues.enterpriseId, sql.placeholder("enterpriseId")),
				eq(issues.sourceChannel, sql.placeholder("platform")),
				eq(issues.sourceConversationId, sql.placeholder("conversationId")),
				sql`${issues.state} in (${ACTIVE_STATES_SQL})`,
				gte(issues.updatedAt, sql.placeholder("since")),
			),
		)
		.orderBy(desc(issues.updatedAt))
		.limit(1)
		.prepare("intake_lookup"),
);

export interface IntakeLookupQuery {
	enterpriseId: number;
	message: Pick<InboundMessage, "platform" | "conversationId">;
	since: Date;
	categoryCode: string | null;
}

export interface IntakeLookup {
	/** The enterprise's latest active issue raised in this conversation since `since`. */
	recent: Issue | null;
	/** The category's latest active issues of other enterprises, newest first (none without a category). */
	neighbours: OpenNeighbour[];
}

/**
 * What intake needs from the database before it decides, in one round trip: the issue a message
 * may follow up, and the open issues a new one would be compared with. The comparison is read
 * before the new issue exists, so it never meets itself. Within an inbound batch the answer usually
 * comes from the batch's `lookahead` (intake-lookahead.ts) without a round trip.
 */
export async function lookUpForIntake(
	db: DbOrTx,
	query: IntakeLookupQuery,
	lookahead?: IntakeLookahead,
): Promise<IntakeLookup> {
	const ahead = lookahead?.answer(query);
	if (ahead) return ahead;
	const [row] = await intakeLookup(db).execute({
		enterpriseId: query.enterpriseId,
		platform: query.message.platform,
		conversationId: query.message.conversationId,
		since: query.since,
		categoryCode: query.categoryCode,
	});
	return { recent: row?.recent ?? null, neighbours: row?.neighbours ?? [] };
}

/**
 * Who may read an issue by chat: an enterprise member their own enterprise's; an official their
 * department's (lead or co-handling) and those they reported; office staff, leaders, supervisors and
 * admins any. Someone with several roles may read what any of them may.
 */
export async function maySee(
	db: DbOrTx,
	person: Person,
	issue: Issue,
): Promise<boolean> {
	const has = (role: Person["roles"][number]) => person.roles.includes(role);
	if (has("office_staff") || has("leader") || has("supervisor") || has("admin"))
		return true;
	if (
		has("enterprise_member") &&
		issue.enterpriseId !== null &&
		issue.enterpriseId === person.enterpriseId
	)
		return true;
	if (!has("official")) return false;
	if (issue.reporterPersonId === person.id) return true;
	const department = person.departmentId;
	if (department === null) return false;
	if (issue.leadDepartmentId === department) return true;
	// Co-handlers added earlier in this batch count: they are written before they are read.
	await flushDeferred(db);
	const [coHandling] = await db
		.select({ issueId: issueCoHandlers.issueId })
		.from(issueCoHandlers)
		.where(
			and(
				eq(issueCoHandlers.issueId, issue.id),
				eq(issueCoHandlers.departmentId, department),
			),
		)
		.limit(1);
	return coHandling !== undefined;
}
