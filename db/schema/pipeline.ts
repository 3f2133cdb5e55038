import { sql } from "drizzle-orm";
import {
	bigserial,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
} from "drizzle-orm/pg-core";
import { PLATFORMS } from "./directory.ts";
import { issues } from "./issues.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Every message that reached the bot, once per platform message id (redeliveries are dropped here). */
export const inboundMessages = pgTable(
	"inbound_messages",
	{
		id: bigserial("id", { mode: "number" }).primaryKey(),
		platform: text("platform", { enum: PLATFORMS }).notNull(),
		messageId: text("message_id").notNull(),
		conversationId: text("conversation_id").notNull(),
		authorExternalId: text("author_external_id").notNull(),
		text: text("text").notNull(),
		/** The normalized message as the adapter produced it (never the platform's raw payload). */
		message: jsonb("message").notNull(),
		/** What the worker made of it: new_issue, follow_up, command, chatter, refused … */
		outcome: text("outcome"),
		issueId: integer("issue_id").references(() => issues.id),
		receivedAt: ts("received_at").notNull(),
		processedAt: ts("processed_at").notNull().defaultNow(),
	},
	(t) => [
		uniqueIndex("inbound_messages_platform_message_key").on(
			t.platform,
			t.messageId,
		),
		// Pruning (bot/pipeline/retention.ts): messages that made no issue, by age.
		index("inbound_messages_processed_idx")
			.on(t.processedAt)
			.where(sql`${t.issueId} is null`),
		index("inbound_messages_conversation_idx").on(
			t.platform,
			t.conversationId,
			t.receivedAt,
		),
	],
);

/** Messages the bot has promised to send, written in the same transaction as the change that caused them. */
export const outbox = pgTable(
	"outbox",
	{
		id: bigserial("id", { mode: "number" }).primaryKey(),
		/** Deterministic key of the event that caused the message: a replay never sends twice. */
		dedupeKey: text("dedupe_key").notNull(),
		platform: text("platform", { enum: PLATFORMS }).notNull(),
		conversationId: text("conversation_id").notNull(),
		issueId: integer("issue_id").references(() => issues.id),
		/** The outbound message: text, mentions, thread reference, card. */
		message: jsonb("message").notNull(),
		createdAt: ts("created_at").notNull().defaultNow(),
		enqueuedAt: ts("enqueued_at"),
		sentAt: ts("sent_at"),
		platformMessageId: text("platform_message_id"),
		attempts: integer("attempts").notNull().default(0),
		/** Set only when the row is given up for good (a refusal): why. Later messages of the chat then go. */
		lastError: text("last_error"),
		/** When the row was given up for good (permanentSendFailures). */
		failedAt: ts("failed_at"),
	},
	(t) => [
		uniqueIndex("outbox_dedupe_key").on(t.dedupeKey),
		index("outbox_unsent_idx").on(t.enqueuedAt, t.id),
		index("outbox_pending_per_chat_idx")
			.on(t.platform, t.conversationId, t.id)
			.where(sql`${t.sentAt} is null and ${t.lastError} is null`),
		index("outbox_sent_idx").on(t.sentAt).where(sql`${t.sentAt} is not null`),
		index("outbox_failed_idx")
			.on(t.failedAt)
			.where(sql`${t.failedAt} is not null`),
	],
);

/**
 * Messages the gateway received while the inbound queue (Redis) could not take them: kept here,
 * in arrival order, and handed to the queue when Redis is back (bot/pipeline/inbound-spool.ts).
 * A row lives until the queue has it.
 */
export const inboundSpool = pgTable("inbound_spool", {
	id: bigserial("id", { mode: "number" }).primaryKey(),
	platform: text("platform", { enum: PLATFORMS }).notNull(),
	messageId: text("message_id").notNull(),
	/** The normalized message (InboundJobData). */
	message: jsonb("message").notNull(),
	spooledAt: ts("spooled_at").notNull().defaultNow(),
	/** Why the queue refused it (the first time). */
	reason: text("reason"),
});

/**
 * Every message the gateway took, from the moment it took it until a worker has recorded it in
 * inbound_messages (the same transaction deletes the row): a message is never only in Redis. Rows
 * older than half a minute are handed to the queue again (a job id it knows is a no-op there), which is
 * how a wiped Redis gets back what it held.
 */
export const inboundJournal = pgTable(
	"inbound_journal",
	{
		platform: text("platform", { enum: PLATFORMS }).notNull(),
		messageId: text("message_id").notNull(),
		/** The normalized message (InboundJobData). */
		message: jsonb("message").notNull(),
		receivedAt: ts("received_at").notNull().defaultNow(),
	},
	(t) => [
		primaryKey({ columns: [t.platform, t.messageId] }),
		index("inbound_journal_received_at_idx").on(t.receivedAt),
	],
);

export type InboundMessageRow = typeof inboundMessages.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
