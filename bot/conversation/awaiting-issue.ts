/**
 * Which issues wait for this person in this conversation (in a direct message: anywhere): for an
 * enterprise member, an issue of their enterprise resolved and waiting for its confirmation; for an
 * official, an issue dispatched (or reopened) to their department and waiting to be accepted.
 */
import { and, eq, gte, inArray, or, type SQL, sql } from "drizzle-orm";
import { issues, ratings } from "../../db/schema/issues.ts";
import type { ReplySpeaker } from "../../workflows/understanding/reply-intents.ts";

/**
 * The condition on `issues` of those waiting for the speaker, with placeholders for a prepared
 * statement: `enterpriseId` or `departmentId` (whichever the speaker has), and unless in a direct
 * message `platform`, `conversationId` and `groupId` (null when the conversation is no known group).
 */
export function awaitingWhere(speaker: ReplySpeaker, direct: boolean): SQL {
	const whose =
		speaker === "enterprise"
			? and(
					eq(issues.enterpriseId, sql.placeholder("enterpriseId")),
					eq(issues.state, "resolved"),
				)
			: and(
					eq(issues.leadDepartmentId, sql.placeholder("departmentId")),
					inArray(issues.state, ["dispatched", "reopened"]),
				);
	// A direct message (the private rating) is about the issue waiting for them in any group.
	return (direct ? whose : and(whose, inThisConversation())) ?? sql`false`;
}

/**
 * An enterprise's issue it confirmed (办成) without rating, resolved since `since`: the rating asked
 * for in the direct message may come after a confirmation in the group. Scoped as `awaitingWhere`.
 */
export function unratedWhere(direct: boolean): SQL {
	const whose = and(
		eq(issues.enterpriseId, sql.placeholder("enterpriseId")),
		eq(issues.state, "done"),
		gte(issues.resolvedAt, sql.placeholder("since")),
		sql`not exists (select 1 from ${ratings} where ${ratings.issueId} = ${issues.id})`,
	);
	return (direct ? whose : and(whose, inThisConversation())) ?? sql`false`;
}

/** Raised in this conversation, or in its group (`groupId` null matches no group). */
export function inThisConversation(): SQL {
	return (
		or(
			and(
				eq(issues.sourceChannel, sql.placeholder("platform")),
				eq(issues.sourceConversationId, sql.placeholder("conversationId")),
			),
			eq(issues.groupId, sql.placeholder("groupId")),
		) ?? sql`false`
	);
}
