import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { type IssueEvent, issueEvents } from "../../db/schema/issues.ts";
import { flushDeferred } from "../../db/unit-of-work.ts";

/** Every event of an issue, oldest first: the audit trail (全过程留痕). */
export async function getIssueTimeline(
	db: DbOrTx,
	issueId: number,
): Promise<IssueEvent[]> {
	await flushDeferred(db);
	return db
		.select()
		.from(issueEvents)
		.where(eq(issueEvents.issueId, issueId))
		.orderBy(asc(issueEvents.id));
}
