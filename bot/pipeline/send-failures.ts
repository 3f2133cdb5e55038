/**
 * Messages the platform refused for good (the group is gone, the bot was removed, the Slack channel
 * is archived): not retried, kept for the office and the admins to see and act on.
 */
import { and, desc, eq, gte, isNotNull, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { issues } from "../../db/schema/issues.ts";
import { outbox } from "../../db/schema/pipeline.ts";
import type { Platform } from "../messages.ts";

export interface PermanentSendFailure {
	outboxId: number;
	platform: Platform;
	conversationId: string;
	/** The platform's code when it gave one (`channel_not_found`, `conversation_not_found` …). */
	code: string | null;
	/** As recorded: `rejected (code): what the platform said`. */
	reason: string;
	/** The message's text, as it would have been sent. */
	text: string;
	issueNumber: string | null;
	failedAt: Date;
}

const CODE = /^rejected \(([^)]+)\)/;

/**
 * The refusals, newest first: since a time (inclusive), at most `limit` (default 100). With
 * `issueScope` (a condition on `issues`), only the refusals about an issue it admits.
 */
export async function permanentSendFailures(
	db: DbOrTx,
	options: { since?: Date; limit?: number; issueScope?: SQL } = {},
): Promise<PermanentSendFailure[]> {
	const rows = await db
		.select({
			outboxId: outbox.id,
			platform: outbox.platform,
			conversationId: outbox.conversationId,
			reason: outbox.lastError,
			message: outbox.message,
			issueNumber: issues.number,
			failedAt: outbox.failedAt,
		})
		.from(outbox)
		.leftJoin(issues, eq(issues.id, outbox.issueId))
		.where(
			and(
				isNotNull(outbox.failedAt),
				options.since ? gte(outbox.failedAt, options.since) : undefined,
				options.issueScope
					? and(isNotNull(outbox.issueId), options.issueScope)
					: undefined,
			),
		)
		.orderBy(desc(outbox.failedAt), desc(outbox.id))
		.limit(options.limit ?? 100);
	return rows.map((row) => {
		const reason = row.reason ?? "";
		const text = (row.message as { text?: unknown } | null)?.text;
		return {
			outboxId: row.outboxId,
			platform: row.platform,
			conversationId: row.conversationId,
			code: CODE.exec(reason)?.[1] ?? null,
			reason,
			text: typeof text === "string" ? text : "",
			issueNumber: row.issueNumber ?? null,
			failedAt: row.failedAt ?? new Date(0),
		};
	});
}
