/**
 * Console access: scrypt passwords per person, session tokens and one-time login links. Only hashes
 * of tokens are stored; the token itself lives in the cookie or the link.
 */
import {
	randomBytes,
	type ScryptOptions,
	scrypt,
	timingSafeEqual,
} from "node:crypto";
import { promisify } from "node:util";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
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
	options: ScryptOptions,
) => Promise<Buffer>;

/**
 * OWASP Password Storage Cheat Sheet: scrypt with N=2^17 (128 MiB), r=8, p=1. Hashes made before
 * carry no parameters and used node's default N=2^14; they are verified with those and rewritten
 * with these at the next sign-in.
 */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const LEGACY_PARAMS = { N: 2 ** 14, r: 8, p: 1 } as const;
type ScryptParams = { N: number; r: number; p: number };

const KEY_LENGTH = 32;
/** A session's absolute lifetime; SESSION_IDLE_MINUTES ends it sooner when unused. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const DEFAULT_SESSION_IDLE_MS = 30 * 60 * 1000;
export const LOGIN_LINK_TTL_MS = 15 * 60 * 1000;

/** Each hash holds 128 MiB for a moment: at most two at a time per process. */
const HASHING_SLOTS = 2;
let hashing = 0;
const waitingForSlot: Array<() => void> = [];

async function derive(
	password: string,
	salt: Buffer,
	keylen: number,
	params: ScryptParams,
): Promise<Buffer> {
	if (hashing >= HASHING_SLOTS)
		await new Promise<void>((resolve) => waitingForSlot.push(resolve));
	hashing++;
	try {
		return await scryptAsync(password, salt, keylen, {
			...params,
			maxmem: 256 * params.N * params.r + 1024 * 1024,
		});
	} finally {
		hashing--;
		waitingForSlot.shift()?.();
	}
}

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt, KEY_LENGTH, SCRYPT_PARAMS);
	const { N, r, p } = SCRYPT_PARAMS;
	return `scrypt$N=${N},r=${r},p=${p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

function parseHash(
	stored: string,
): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
	const parts = stored.split("$");
	if (parts[0] !== "scrypt") return null;
	if (parts.length === 3 && parts[1] && parts[2])
		return {
			params: LEGACY_PARAMS,
			salt: Buffer.from(parts[1], "base64"),
			key: Buffer.from(parts[2], "base64"),
		};
	const match = /^N=(\d+),r=(\d+),p=(\d+)$/.exec(parts[1] ?? "");
	if (parts.length !== 4 || !match || !parts[2] || !parts[3]) return null;
	return {
		params: { N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) },
		salt: Buffer.from(parts[2], "base64"),
		key: Buffer.from(parts[3], "base64"),
	};
}

/** A stored hash made with weaker parameters than today's: rewrite it at the next sign-in. */
export function needsRehash(stored: string): boolean {
	const parsed = parseHash(stored);
	if (!parsed) return false;
	const { N, r, p } = parsed.params;
	return N < SCRYPT_PARAMS.N || r < SCRYPT_PARAMS.r || p < SCRYPT_PARAMS.p;
}

export async function verifyPassword(
	password: string,
	stored: string,
): Promise<boolean> {
	const parsed = parseHash(stored);
	if (!parsed || parsed.key.length === 0) return false;
	const actual = await derive(
		password,
		parsed.salt,
		parsed.key.length,
		parsed.params,
	);
	return timingSafeEqual(actual, parsed.key);
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
	// Whoever signed in with the old password (or stole a session) is signed out.
	await db
		.update(consoleTokens)
		.set({ usedAt: new Date() })
		.where(
			and(
				eq(consoleTokens.personId, person.id),
				eq(consoleTokens.kind, "session"),
				isNull(consoleTokens.usedAt),
			),
		);
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
	if (!(await verifyPassword(password, credential.passwordHash))) return null;
	if (needsRehash(credential.passwordHash))
		await db
			.update(consoleCredentials)
			.set({ passwordHash: await hashPassword(password) })
			.where(
				and(
					eq(consoleCredentials.personId, person.id),
					eq(consoleCredentials.passwordHash, credential.passwordHash),
				),
			);
	return person;
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

export interface SessionLimits {
	/** A session unused this long ends (SESSION_IDLE_MINUTES). */
	idleMs?: number;
}

export function createSession(
	db: DbOrTx,
	personId: number,
	now = new Date(),
	limits: SessionLimits = {},
): Promise<string> {
	const idleMs = limits.idleMs ?? DEFAULT_SESSION_IDLE_MS;
	return issueToken(
		db,
		"session",
		personId,
		Math.min(idleMs, SESSION_TTL_MS),
		now,
	);
}

/**
 * The person of a live session token, or null. Each use moves the session's end to `idleMs` from
 * now, never past its absolute lifetime (SESSION_TTL_MS after it began).
 */
export async function sessionPerson(
	db: DbOrTx,
	token: string,
	now = new Date(),
	limits: SessionLimits = {},
): Promise<Person | null> {
	const idleMs = limits.idleMs ?? DEFAULT_SESSION_IDLE_MS;
	const idleEnd = new Date(now.getTime() + idleMs).toISOString();
	const [touched] = await db
		.update(consoleTokens)
		.set({
			expiresAt: sql`least(${consoleTokens.createdAt} + make_interval(secs => ${SESSION_TTL_MS / 1000}), ${idleEnd}::timestamptz)`,
		})
		.where(
			and(
				eq(consoleTokens.tokenHash, hashToken(token)),
				eq(consoleTokens.kind, "session"),
				isNull(consoleTokens.usedAt),
				gt(consoleTokens.expiresAt, now),
			),
		)
		.returning({ personId: consoleTokens.personId });
	if (!touched) return null;
	const [person] = await db
		.select()
		.from(people)
		.where(and(eq(people.id, touched.personId), eq(people.active, true)));
	return person ?? null;
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
