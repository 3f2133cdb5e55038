import { sql } from "drizzle-orm";
import {
	bigint,
	bigserial,
	boolean,
	check,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgSequence,
	pgTable,
	primaryKey,
	serial,
	smallint,
	text,
	timestamp,
	uniqueIndex,
} from "drizzle-orm/pg-core";
import {
	departments,
	enterprises,
	groups,
	people,
	serviceOffices,
} from "./directory.ts";

export const ISSUE_STATES = [
	"awaiting_dispatch",
	"dispatched",
	"accepted",
	"awaiting_info",
	"resolved",
	"done",
	"reopened",
	"under_review",
	"withdrawn",
	"closed",
] as const;
export type IssueState = (typeof ISSUE_STATES)[number];

export const TIERS = [
	"department",
	"office",
	"joint_meeting",
	"province",
] as const;
export type Tier = (typeof TIERS)[number];

export const COLOURS = ["green", "yellow", "orange", "red"] as const;
export type Colour = (typeof COLOURS)[number];

export const SOURCE_CHANNELS = [
	"wechat",
	"slack",
	"playground",
	"wecom",
	"dingtalk",
	"feishu",
	"hotline_12345",
	"mini_program",
	"visit",
	"face_to_face",
	/** 上级交办: handed down by a higher level (handedDownBy, handedDownRef). */
	"superior",
] as const;
export type SourceChannel = (typeof SOURCE_CHANNELS)[number];

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const issues = pgTable(
	"issues",
	{
		id: serial("id").primaryKey(),
		/** Human number, e.g. 2026-000123. */
		number: text("number").notNull(),
		enterpriseId: integer("enterprise_id").references(() => enterprises.id),
		reporterPersonId: integer("reporter_person_id").references(() => people.id),
		groupId: integer("group_id").references(() => groups.id),
		officeId: integer("office_id").references(() => serviceOffices.id),
		sourceChannel: text("source_channel", { enum: SOURCE_CHANNELS }).notNull(),
		sourceConversationId: text("source_conversation_id"),
		sourceMessageId: text("source_message_id"),
		sourceThreadRef: text("source_thread_ref"),
		title: text("title").notNull(),
		body: text("body").notNull(),
		categoryCode: text("category_code"),
		urgency: text("urgency").notNull().default("normal"),
		tier: text("tier", { enum: TIERS }).notNull().default("department"),
		leadDepartmentId: integer("lead_department_id").references(
			() => departments.id,
		),
		state: text("state", { enum: ISSUE_STATES }).notNull(),
		version: integer("version").notNull().default(1),
		colour: text("colour", { enum: COLOURS }).notNull().default("green"),
		/** The deadline and escalation policy as it stood when the issue was planned. */
		policy: jsonb("policy").notNull(),
		transferCount: integer("transfer_count").notNull().default(0),
		reopenCount: integer("reopen_count").notNull().default(0),
		/** Handed down from above, complex, or exposing a policy gap: cannot be closed without a retrospective (复盘). */
		retrospectiveRequired: boolean("retrospective_required")
			.notNull()
			.default(false),
		/** A pending extension request: { workingDays, reason, requestedBy }. */
		pendingExtension: jsonb("pending_extension"),
		/** 上级交办: the unit that handed the issue down (交办单位) and its document number (文号). */
		handedDownBy: text("handed_down_by"),
		handedDownRef: text("handed_down_ref"),
		/** 回访: the enterprise's answer to the follow-up visit, and when it came. */
		visitAnswer: text("visit_answer"),
		visitAnsweredAt: ts("visit_answered_at"),
		dispatchedAt: ts("dispatched_at"),
		clockStartedAt: ts("clock_started_at"),
		acceptDueAt: ts("accept_due_at"),
		acceptedAt: ts("accepted_at"),
		dueAt: ts("due_at"),
		resolvedAt: ts("resolved_at"),
		closedAt: ts("closed_at"),
		/** Escalation wake-up fence: bumped by every change that re-plans the timers. */
		wakeGeneration: integer("wake_generation").notNull().default(0),
		nextWakeAt: ts("next_wake_at"),
		/** When its deadline was first extended; set by the extension_approved event's insert (migration 0027). */
		extendedAt: ts("extended_at"),
		createdAt: ts("created_at").notNull().defaultNow(),
		updatedAt: ts("updated_at").notNull().defaultNow(),
	},
	(t) => [
		uniqueIndex("issues_number_key").on(t.number),
		uniqueIndex("issues_source_message_key").on(
			t.sourceChannel,
			t.sourceMessageId,
		),
		index("issues_state_idx").on(t.state),
		index("issues_lead_department_idx").on(t.leadDepartmentId, t.state),
		index("issues_enterprise_idx").on(t.enterpriseId, t.state),
		index("issues_next_wake_idx").on(t.nextWakeAt),
		// The console list and the reports: by creation time, newest first, within a scope. Migration
		// 0028 INCLUDEs lead_department_id: the ranking's cohort reads the index only.
		index("issues_created_idx").on(t.createdAt.desc(), t.id.desc()),
		index("issues_office_created_idx").on(
			t.officeId,
			t.createdAt.desc(),
			t.id.desc(),
		),
		// Chinese search (bot/web/console/text-search.ts): the text's two-character substrings.
		index("issues_text_bigrams_idx").using(
			"gin",
			sql`qq_bigrams(lower(${t.title} || E'\\n' || ${t.body}))`,
		),
		// The similar-issue search: a category's latest active issues, without reading closed ones.
		// The list is ACTIVE_STATES (lifecycle/transition-table.ts), spelled out: a query must repeat
		// it literally for the planner to use the index (tests/bot/conversation/intake-lookup.test.ts).
		index("issues_open_category_created_idx")
			.on(t.categoryCode, t.createdAt)
			.where(
				sql`${t.state} in ('awaiting_dispatch', 'dispatched', 'accepted', 'awaiting_info', 'reopened', 'under_review')`,
			),
		// The board a page at a time (reports/overdue-board-page.ts); migration 0027 also INCLUDEs
		// colour, state, accepted_at, accept_due_at and extended_at so that the board's count reads
		// the index only.
		index("issues_board_open_idx")
			.on(t.dueAt, t.id)
			.where(
				sql`${t.state} in ('awaiting_dispatch', 'dispatched', 'accepted', 'awaiting_info', 'reopened', 'under_review')`,
			),
		check("issues_version_positive", sql`${t.version} > 0`),
	],
);

export const issueCoHandlers = pgTable(
	"issue_co_handlers",
	{
		issueId: integer("issue_id")
			.notNull()
			.references(() => issues.id),
		departmentId: integer("department_id")
			.notNull()
			.references(() => departments.id),
		addedAt: ts("added_at").notNull().defaultNow(),
	},
	(t) => [
		primaryKey({ columns: [t.issueId, t.departmentId] }),
		index("issue_co_handlers_department_idx").on(t.departmentId, t.issueId),
	],
);

/** Issues raised by several enterprises about the same problem (一类事). */
export const issueLinks = pgTable(
	"issue_links",
	{
		issueId: integer("issue_id")
			.notNull()
			.references(() => issues.id),
		linkedIssueId: integer("linked_issue_id")
			.notNull()
			.references(() => issues.id),
		reason: text("reason").notNull(),
		createdAt: ts("created_at").notNull().defaultNow(),
	},
	(t) => [primaryKey({ columns: [t.issueId, t.linkedIssueId] })],
);

/** Append-only audit log. A trigger (migration 0001) refuses UPDATE, DELETE and TRUNCATE. */
export const issueEvents = pgTable(
	"issue_events",
	{
		id: bigserial("id", { mode: "number" }).primaryKey(),
		issueId: integer("issue_id")
			.notNull()
			.references(() => issues.id),
		/** Null when the system acted (a timer, the intake). */
		actorPersonId: integer("actor_person_id").references(() => people.id),
		actorLabel: text("actor_label").notNull(),
		kind: text("kind").notNull(),
		fromState: text("from_state"),
		toState: text("to_state"),
		version: integer("version").notNull(),
		payload: jsonb("payload").notNull().default({}),
		createdAt: ts("created_at").notNull().defaultNow(),
	},
	(t) => [
		index("issue_events_issue_idx").on(t.issueId, t.id),
		// The board's notes (workflows/reports/overdue-board.ts repeats the kinds literally).
		index("issue_events_board_notes_idx")
			.on(t.issueId, t.id)
			.where(
				sql`${t.kind} in ('extension_requested', 'refused', 'transfer_sent_to_review', 'return_refused', 'progress', 'extension_approved')`,
			),
	],
);

export const ratings = pgTable(
	"ratings",
	{
		id: serial("id").primaryKey(),
		issueId: integer("issue_id")
			.notNull()
			.references(() => issues.id),
		personId: integer("person_id").references(() => people.id),
		plan: smallint("plan").notNull(),
		process: smallint("process").notNull(),
		result: smallint("result").notNull(),
		comment: text("comment"),
		createdAt: ts("created_at").notNull().defaultNow(),
	},
	(t) => [
		index("ratings_issue_idx").on(t.issueId),
		check("ratings_plan_range", sql`${t.plan} between 1 and 5`),
		check("ratings_process_range", sql`${t.process} between 1 and 5`),
		check("ratings_result_range", sql`${t.result} between 1 and 5`),
	],
);

/** Escalation steps taken, one row per (issue, step key): a retried wake-up skips what is here. */
export const escalationSteps = pgTable(
	"escalation_steps",
	{
		issueId: integer("issue_id")
			.notNull()
			.references(() => issues.id),
		stepKey: text("step_key").notNull(),
		generation: integer("generation").notNull(),
		doneAt: ts("done_at").notNull().defaultNow(),
	},
	(t) => [primaryKey({ columns: [t.issueId, t.stepKey] })],
);

/**
 * Issue numbers come from one sequence, so creating an issue takes no lock that other creations wait
 * for. A year's numbers count from the sequence value its first issue saw.
 */
export const issueNumberSequence = pgSequence("issue_number_seq");

export const issueNumberYears = pgTable("issue_number_years", {
	year: integer("year").primaryKey(),
	/** The sequence value before the year's first issue: number = nextval − base. */
	sequenceBase: bigint("sequence_base", { mode: "number" }).notNull(),
});

/**
 * Numbers a unit of work drew ahead for issues it did not create (migration 0029): every way of
 * creating an issue takes these first.
 */
export const issueNumberSpares = pgTable(
	"issue_number_spares",
	{
		year: integer("year").notNull(),
		number: text("number").notNull(),
	},
	(t) => [primaryKey({ columns: [t.year, t.number] })],
);

export type Issue = typeof issues.$inferSelect;
export type NewIssue = typeof issues.$inferInsert;
export type IssueEvent = typeof issueEvents.$inferSelect;
export type Rating = typeof ratings.$inferSelect;

/**
 * The ranking of an ended period, kept once computed (workflows/reports/ranking-snapshot.ts).
 * Triggers of migration 0018 delete a row in the same transaction as any write that could change it.
 */
export const rankingSnapshots = pgTable(
	"ranking_snapshots",
	{
		periodFrom: ts("period_from").notNull(),
		periodTo: ts("period_to").notNull(),
		totals: jsonb("totals").notNull(),
		/** DepartmentNumbers by department id. */
		departments: jsonb("departments").notNull(),
		computedAt: ts("computed_at").notNull().defaultNow(),
	},
	(t) => [
		primaryKey({
			name: "ranking_snapshots_pk",
			columns: [t.periodFrom, t.periodTo],
		}),
	],
);

/**
 * Each issue's facts folded from all its events and ratings (workflows/reports/issue-fact-states.ts),
 * in the application's compact JSON. Used only while the issue has no `issue_fact_dirty` row.
 */
export const issueFactStates = pgTable("issue_fact_states", {
	issueId: integer("issue_id")
		.primaryKey()
		.references(() => issues.id, { onDelete: "cascade" }),
	lastAtMs: doublePrecision("last_at_ms"),
	leadRead: boolean("lead_read").notNull(),
	foldedLead: integer("folded_lead"),
	facts: text("facts").notNull(),
});

/** Written by triggers of migration 0028 with every change to an issue's events or ratings. */
export const issueFactDirty = pgTable(
	"issue_fact_dirty",
	{
		id: bigserial("id", { mode: "number" }).primaryKey(),
		issueId: integer("issue_id").notNull(),
	},
	(t) => [index("issue_fact_dirty_issue_idx").on(t.issueId)],
);
