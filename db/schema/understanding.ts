/** What the intake model needs kept: the messages it was unsure of, the office's corrections, its trainings. */
import { sql } from "drizzle-orm";
import {
	bigint,
	bigserial,
	customType,
	index,
	integer,
	pgTable,
	real,
	serial,
	text,
	timestamp,
	uniqueIndex,
} from "drizzle-orm/pg-core";
import {
	enterprises,
	groups,
	PLATFORMS,
	people,
	serviceOffices,
} from "./directory.ts";
import { issues } from "./issues.ts";
import { inboundMessages } from "./pipeline.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true });
const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

export const CANDIDATE_STATES = ["pending", "promoted", "dismissed"] as const;
export type CandidateState = (typeof CANDIDATE_STATES)[number];

/**
 * An enterprise's message the model could not call problem or chatter: no word in the group, a row
 * on the service office's triage list until someone registers it as an issue or dismisses it.
 */
export const intakeCandidates = pgTable(
	"intake_candidates",
	{
		id: serial("id").primaryKey(),
		inboundMessageId: bigint("inbound_message_id", { mode: "number" })
			.notNull()
			.references(() => inboundMessages.id),
		groupId: integer("group_id").references(() => groups.id),
		officeId: integer("office_id").references(() => serviceOffices.id),
		enterpriseId: integer("enterprise_id")
			.notNull()
			.references(() => enterprises.id),
		reporterPersonId: integer("reporter_person_id")
			.notNull()
			.references(() => people.id),
		text: text("text").notNull(),
		/** The model's best guess, shown to the office as the default. */
		categoryCode: text("category_code"),
		urgency: text("urgency"),
		problemProbability: real("problem_probability").notNull(),
		confidence: real("confidence").notNull(),
		state: text("state", { enum: CANDIDATE_STATES })
			.notNull()
			.default("pending"),
		issueId: integer("issue_id").references(() => issues.id),
		decidedByPersonId: integer("decided_by_person_id").references(
			() => people.id,
		),
		decidedAt: ts("decided_at"),
		/** When the office's digest mentioned it (at most one digest per interval). */
		digestedAt: ts("digested_at"),
		createdAt: ts("created_at").notNull(),
	},
	(t) => [
		uniqueIndex("intake_candidates_inbound_key").on(t.inboundMessageId),
		index("intake_candidates_pending_idx")
			.on(t.officeId, t.createdAt)
			.where(sql`${t.state} = 'pending'`),
	],
);

export const CORRECTION_SOURCES = [
	/** A candidate registered as an issue (with the category chosen). */
	"promoted",
	/** A candidate dismissed: it was chatter. */
	"dismissed",
	/** An issue the bot could not place, dispatched by the office to a category. */
	"dispatched",
	/** `#12 改类别 用地`: the bot's category was wrong. */
	"recategorized",
	/** `#12 误登记`: the bot registered chatter as an issue. */
	"not_a_problem",
	/** `登记` in chat on a message the bot left alone. */
	"registered",
] as const;
export type CorrectionSource = (typeof CORRECTION_SOURCES)[number];

/** Every correction the office makes is a labelled example for this deployment's model. */
export const intakeCorrections = pgTable(
	"intake_corrections",
	{
		id: bigserial("id", { mode: "number" }).primaryKey(),
		text: text("text").notNull(),
		kind: text("kind", { enum: ["issue", "chatter"] }).notNull(),
		categoryCode: text("category_code"),
		/** What the bot had said: issue, chatter or unsure, and its category. */
		botKind: text("bot_kind", {
			enum: ["issue", "chatter", "unsure"],
		}).notNull(),
		botCategoryCode: text("bot_category_code"),
		source: text("source", { enum: CORRECTION_SOURCES }).notNull(),
		issueId: integer("issue_id").references(() => issues.id),
		candidateId: integer("candidate_id").references(() => intakeCandidates.id),
		actorPersonId: integer("actor_person_id").references(() => people.id),
		createdAt: ts("created_at").notNull(),
	},
	(t) => [index("intake_corrections_created_idx").on(t.createdAt)],
);

/** A trained intake model (gzip of its JSON). Workers use the newest; the fingerprint names its inputs. */
export const intakeModels = pgTable(
	"intake_models",
	{
		id: serial("id").primaryKey(),
		fingerprint: text("fingerprint").notNull(),
		exampleCount: integer("example_count").notNull(),
		corrections: integer("corrections").notNull(),
		model: bytea("model").notNull(),
		createdAt: ts("created_at").notNull().defaultNow(),
	},
	(t) => [uniqueIndex("intake_models_fingerprint_key").on(t.fingerprint)],
);

export type IntakeCandidate = typeof intakeCandidates.$inferSelect;

export const UNKNOWN_REPORT_STATES = ["pending", "claimed"] as const;

/**
 * A problem from a group member the directory does not know: kept, and the office asked once who
 * the person is; on its answer (认领) it becomes an issue with the message's own time.
 */
export const unknownMemberReports = pgTable(
	"unknown_member_reports",
	{
		id: serial("id").primaryKey(),
		inboundMessageId: bigint("inbound_message_id", { mode: "number" })
			.notNull()
			.references(() => inboundMessages.id),
		groupId: integer("group_id")
			.notNull()
			.references(() => groups.id),
		officeId: integer("office_id").references(() => serviceOffices.id),
		platform: text("platform", { enum: PLATFORMS }).notNull(),
		authorExternalId: text("author_external_id").notNull(),
		authorName: text("author_name"),
		text: text("text").notNull(),
		state: text("state", { enum: UNKNOWN_REPORT_STATES })
			.notNull()
			.default("pending"),
		/** When the office was asked who wrote it; null for the author's later messages (asked once). */
		officeAskedAt: ts("office_asked_at"),
		personId: integer("person_id").references(() => people.id),
		issueId: integer("issue_id").references(() => issues.id),
		claimedByPersonId: integer("claimed_by_person_id").references(
			() => people.id,
		),
		claimedAt: ts("claimed_at"),
		/** The message's own time: the issue opened on the office's answer counts its deadlines from it. */
		createdAt: ts("created_at").notNull(),
	},
	(t) => [
		uniqueIndex("unknown_member_reports_inbound_key").on(t.inboundMessageId),
		index("unknown_member_reports_pending_idx")
			.on(t.platform, t.authorExternalId)
			.where(sql`${t.state} = 'pending'`),
	],
);

export type UnknownMemberReport = typeof unknownMemberReports.$inferSelect;
