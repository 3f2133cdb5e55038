import { and, eq } from "drizzle-orm";
import { issues } from "../../../db/schema/issues.ts";
import { insertIssueEvents } from "../../../workflows/issues/insert-events.ts";
import type { Step } from "./context.ts";

/** An edit or deletion of a message that raised an issue is appended to its record; nothing is erased. */
export const recordEdits: Step = async (turn, next) => {
	const { tx, message, now } = turn;
	const change = message.change;
	if (!change) return next();
	const [issue] = await tx
		.select()
		.from(issues)
		.where(
			and(
				eq(issues.sourceChannel, message.platform),
				eq(issues.sourceMessageId, change.originalMessageId),
			),
		);
	if (!issue) return { outcome: `message_${change.kind}` };
	await insertIssueEvents(tx, [
		{
			issueId: issue.id,
			actorLabel: message.author.displayName ?? message.author.externalId,
			kind: change.kind === "edited" ? "source_edited" : "source_deleted",
			fromState: issue.state,
			toState: issue.state,
			version: issue.version,
			payload: { text: message.text, messageId: message.messageId },
			createdAt: now,
		},
	]);
	return { outcome: `source_${change.kind}`, issueId: issue.id };
};
