/** Finding the issue a message is about: an explicit number, the thread it replies in, or a quote. */
import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { reusableStatement } from "../../db/reusable-statement.ts";
import type { Person } from "../../db/schema/directory.ts";
import { type Issue, issues } from "../../db/schema/issues.ts";
import { outbox } from "../../db/schema/pipeline.ts";
import { issueNumberOf } from "../../workflows/commands/issue-ref.ts";
import type { IssueRef } from "../../workflows/commands/types.ts";
import { ACTIVE_STATES } from "../../workflows/lifecycle/transition-table.ts";
import type { InboundMessage } from "../messages.ts";

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

const recentActiveIssueQuery = reusableStatement((db) =>
	db
		.select()
		.from(issues)
		.where(
			and(
				eq(issues.enterpriseId, sql.placeholder("enterpriseId")),
				eq(issues.sourceChannel, sql.placeholder("platform")),
				eq(issues.sourceConversationId, sql.placeholder("conversationId")),
				inArray(issues.state, [...ACTIVE_STATES]),
				gte(issues.updatedAt, sql.placeholder("since")),
			),
		)
		.orderBy(desc(issues.updatedAt))
		.limit(1)
		.prepare("recent_active_issue"),
);

/** The enterprise's latest active issue raised in this conversation since `since`. */
export async function recentActiveIssue(
	db: DbOrTx,
	enterpriseId: number,
	message: InboundMessage,
	since: Date,
): Promise<Issue | null> {
	const [issue] = await recentActiveIssueQuery(db).execute({
		enterpriseId,
		platform: message.platform,
		conversationId: message.conversationId,
		since,
	});
	return issue ?? null;
}

/** An enterprise sees only its own issues; everyone else in the directory may look at any. */
export function maySee(person: Person, issue: Issue): boolean {
	if (person.roles.includes("enterprise_member") && person.roles.length === 1) {
		return issue.enterpriseId === person.enterpriseId;
	}
	return true;
}
