/**
 * Console access: scrypt passwords per person, session tokens and one-time login links. Only hashes
 * of tokens are stored; the token itself lives in the cookie or the link.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import {
	consoleCredentials,
	consoleTokens,
} from "../../../db/schema/console.ts";
import { type Person, people } from "../../../db/schema/directory.ts";
import { hashToken } from "../api/keys.ts";

const scryptAsync = promisify(scrypt) as (
	password: string,
	salt: Buffer,
	keylen: number,
) => Promise<Buffer>;

const KEY_LENGTH = 32;
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const LOGIN_LINK_TTL_MS = 15 * 60 * 1000;

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await scryptAsync(password, salt, KEY_LENGTH);
	return `scrypt$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(
	password: string,
	stored: string,
): Promise<boolean> {
	const [scheme, salt, key] = stored.split("$");
	if (scheme !== "scrypt" || !salt || !key) return false;
	const expected = Buffer.from(key, "base64");
	const actual = await scryptAsync(
		password,
		Buffer.from(salt, "base64"),
		expected.length,
	);
	return timingSafeEqual(actual, expected);
}

async function personByCode(db: DbOrTx, code: string): Promise<Person | null> {
	const [person] = await db
		.select()
		.from(people)
		.where(and(eq(people.code, code), eq(people.active, true)));
	return person ?? null;
}

/** Sets (or replaces) a person's console password; false when no active person has that code. */
export async function setConsolePassword(
	db: DbOrTx,
	personCode: string,
	password: string,
): Promise<boolean> {
	const person = await personByCode(db, personCode);
	if (!person) return false;
	const passwordHash = await hashPassword(password);
	await db
		.insert(consoleCredentials)
		.values({ personId: person.id, passwordHash })
		.onConflictDoUpdate({
			target: consoleCredentials.personId,
			set: { passwordHash, updatedAt: new Date() },
		});
	return true;
}

/** The person whose code and password these are, or null. */
export async function checkPassword(
	db: DbOrTx,
	personCode: string,
	password: string,
): Promise<Person | null> {
	const person = await personByCode(db, personCode);
	if (!person) return null;
	const [credential] = await db
		.select()
		.from(consoleCredentials)
		.where(eq(consoleCredentials.personId, person.id));
	if (!credential) return null;
	return (await verifyPassword(password, credential.passwordHash))
		? person
		: null;
}

async function issueToken(
	db: DbOrTx,
	kind: "session" | "login_link",
	personId: number,
	ttlMs: number,
	now: Date,
): Promise<string> {
	const token = randomBytes(32).toString("base64url");
	await db.insert(consoleTokens).values({
		kind,
		tokenHash: hashToken(token),
		personId,
		createdAt: now,
		expiresAt: new Date(now.getTime() + ttlMs),
	});
	return token;
}

export function createSession(
	db: DbOrTx,
	personId: number,
	now = new Date(),
): Promise<string> {
	return issueToken(db, "session", personId, SESSION_TTL_MS, now);
}

/** The person of a live session token, or null. */
export async function sessionPerson(
	db: DbOrTx,
	token: string,
	now = new Date(),
): Promise<Person | null> {
	const [row] = await db
		.select({ person: people })
		.from(consoleTokens)
		.innerJoin(people, eq(people.id, consoleTokens.personId))
		.where(
			and(
				eq(consoleTokens.tokenHash, hashToken(token)),
				eq(consoleTokens.kind, "session"),
				isNull(consoleTokens.usedAt),
				gt(consoleTokens.expiresAt, now),
				eq(people.active, true),
			),
		);
	return row?.person ?? null;
}

export async function endSession(
	db: DbOrTx,
	token: string,
	now = new Date(),
): Promise<void> {
	await db
		.update(consoleTokens)
		.set({ usedAt: now })
		.where(
			and(
				eq(consoleTokens.tokenHash, hashToken(token)),
				eq(consoleTokens.kind, "session"),
			),
		);
}

/**
 * A one-time login link token for a person (the bot sends `${PUBLIC_URL}/console/login/<token>` in a
 * direct chat); null when no active person has that code.
 */
export async function createLoginLink(
	db: DbOrTx,
	personCode: string,
	now = new Date(),
): Promise<{ token: string; path: string; expiresAt: Date } | null> {
	const person = await personByCode(db, personCode);
	if (!person) return null;
	const token = await issueToken(
		db,
		"login_link",
		person.id,
		LOGIN_LINK_TTL_MS,
		now,
	);
	return {
		token,
		path: `/console/login/${token}`,
		expiresAt: new Date(now.getTime() + LOGIN_LINK_TTL_MS),
	};
}

/** Uses up a login link: the first use wins, a second one finds nothing. */
export async function consumeLoginLink(
	db: DbOrTx,
	token: string,
	now = new Date(),
): Promise<number | null> {
	const [row] = await db
		.update(consoleTokens)
		.set({ usedAt: now })
		.where(
			and(
				eq(consoleTokens.tokenHash, hashToken(token)),
				eq(consoleTokens.kind, "login_link"),
				isNull(consoleTokens.usedAt),
				gt(consoleTokens.expiresAt, now),
			),
		)
		.returning({ personId: consoleTokens.personId });
	return row?.personId ?? null;
}
