import {
	bigserial,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
} from "drizzle-orm/pg-core";
import { people } from "./directory.ts";
import { issues } from "./issues.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Pings to leaders and supervisors held back outside office hours; released as one digest per
 * person at the start of the next working period.
 */
export const heldNotifications = pgTable(
	"held_notifications",
	{
		id: bigserial("id", { mode: "number" }).primaryKey(),
		personId: integer("person_id")
			.notNull()
			.references(() => people.id),
		issueId: integer("issue_id").references(() => issues.id),
		stepKey: text("step_key").notNull(),
		/** The line to put in the digest, already rendered in the person's locale. */
		line: text("line").notNull(),
		payload: jsonb("payload").notNull().default({}),
		heldAt: ts("held_at").notNull().defaultNow(),
		releaseAt: ts("release_at").notNull(),
		releasedAt: ts("released_at"),
	},
	(t) => [
		index("held_notifications_due_idx").on(
			t.releasedAt,
			t.releaseAt,
			t.personId,
		),
	],
);

/** Retrospectives (复盘): one report per case that needs one, before it can be closed. */
export const retrospectives = pgTable(
	"retrospectives",
	{
		id: bigserial("id", { mode: "number" }).primaryKey(),
		issueId: integer("issue_id")
			.notNull()
			.references(() => issues.id),
		authorPersonId: integer("author_person_id").references(() => people.id),
		note: text("note").notNull(),
		createdAt: ts("created_at").notNull().defaultNow(),
	},
	(t) => [index("retrospectives_issue_idx").on(t.issueId)],
);

export type HeldNotification = typeof heldNotifications.$inferSelect;
export type Retrospective = typeof retrospectives.$inferSelect;
