import {
	integer,
	pgTable,
	primaryKey,
	text,
	timestamp,
} from "drizzle-orm/pg-core";
import { issues } from "./issues.ts";

/**
 * When the bot last acknowledged an issue's follow-ups and attachments in its group: at most once per
 * issue per window (docs/noise.md). In Postgres, so it holds across restarts and every worker.
 */
export const acknowledgementThrottle = pgTable(
	"acknowledgement_throttle",
	{
		issueId: integer("issue_id")
			.notNull()
			.references(() => issues.id),
		/** What was acknowledged: `follow_up` (words, photos and files added to the issue). */
		kind: text("kind").notNull(),
		lastAt: timestamp("last_at", { withTimezone: true }).notNull(),
	},
	(t) => [primaryKey({ columns: [t.issueId, t.kind] })],
);
