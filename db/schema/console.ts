import {
	bigserial,
	index,
	integer,
	jsonb,
	pgTable,
	serial,
	text,
	timestamp,
	uniqueIndex,
} from "drizzle-orm/pg-core";
import { people } from "./directory.ts";
import { issues } from "./issues.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** A console password for a person of the directory (scrypt hash). */
export const consoleCredentials = pgTable("console_credentials", {
	personId: integer("person_id")
		.primaryKey()
		.references(() => people.id),
	passwordHash: text("password_hash").notNull(),
	updatedAt: ts("updated_at").notNull().defaultNow(),
});

/** Console sessions and one-time login links; only hashes of the tokens are stored. */
export const consoleTokens = pgTable(
	"console_tokens",
	{
		id: bigserial("id", { mode: "number" }).primaryKey(),
		kind: text("kind", { enum: ["session", "login_link"] }).notNull(),
		tokenHash: text("token_hash").notNull(),
		personId: integer("person_id")
			.notNull()
			.references(() => people.id),
		createdAt: ts("created_at").notNull().defaultNow(),
		expiresAt: ts("expires_at").notNull(),
		usedAt: ts("used_at"),
	},
	(t) => [
		uniqueIndex("console_tokens_hash_key").on(t.tokenHash),
		index("console_tokens_expires_idx").on(t.expiresAt),
	],
);

/** Keys for the intake API (12345 hotline, mini-program …); only a hash of the key is stored. */
export const apiKeys = pgTable(
	"api_keys",
	{
		id: serial("id").primaryKey(),
		name: text("name").notNull(),
		keyHash: text("key_hash").notNull(),
		createdAt: ts("created_at").notNull().defaultNow(),
		revokedAt: ts("revoked_at"),
	},
	(t) => [uniqueIndex("api_keys_hash_key").on(t.keyHash)],
);

/** An intake request's idempotency key → the issue it made; a repeat returns the same issue. */
export const idempotencyKeys = pgTable(
	"idempotency_keys",
	{
		apiKeyId: integer("api_key_id")
			.notNull()
			.references(() => apiKeys.id),
		key: text("key").notNull(),
		requestHash: text("request_hash").notNull(),
		issueId: integer("issue_id").references(() => issues.id),
		response: jsonb("response"),
		createdAt: ts("created_at").notNull().defaultNow(),
	},
	(t) => [
		uniqueIndex("idempotency_keys_key").on(t.apiKeyId, t.key),
		index("idempotency_keys_created_idx").on(t.createdAt),
	],
);

export type ApiKey = typeof apiKeys.$inferSelect;
