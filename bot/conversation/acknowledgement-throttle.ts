/**
 * Follow-ups and attachments are acknowledged at most once per issue per window: a photo and three
 * more lines in ten minutes get one 「已收到」, not four. The last acknowledgement's time is a row in
 * Postgres, claimed in the message's transaction: a second worker waits on the row and then sees it,
 * a restart keeps it, and a transaction that rolls back leaves it as it was.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { acknowledgementThrottle } from "../../db/schema/noise.ts";

export const FOLLOW_UP_ACK_WINDOW_MS = 30 * 60_000;

/** True when the bot may acknowledge a follow-up of this issue now (and records that it does). */
export async function claimFollowUpAcknowledgement(
	tx: DbOrTx,
	issueId: number,
	now: Date,
	windowMs = FOLLOW_UP_ACK_WINDOW_MS,
): Promise<boolean> {
	const claimed = await tx
		.insert(acknowledgementThrottle)
		.values({ issueId, kind: "follow_up", lastAt: now })
		.onConflictDoUpdate({
			target: [acknowledgementThrottle.issueId, acknowledgementThrottle.kind],
			set: { lastAt: now },
			setWhere: sql`${acknowledgementThrottle.lastAt} <= ${new Date(now.getTime() - windowMs).toISOString()}::timestamptz`,
		})
		.returning({ issueId: acknowledgementThrottle.issueId });
	return claimed.length > 0;
}
