/** Intake API keys: shown once when made, stored only as a SHA-256 hash. */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { type ApiKey, apiKeys } from "../../../db/schema/console.ts";

export const hashToken = (token: string) =>
	createHash("sha256").update(token).digest("hex");

/** Makes a key for a calling system (the 12345 hotline, the mini-program …); the key is in the result only. */
export async function createApiKey(
	db: DbOrTx,
	name: string,
): Promise<{ id: number; name: string; key: string }> {
	const key = `qq_${randomBytes(32).toString("base64url")}`;
	const [row] = await db
		.insert(apiKeys)
		.values({ name, keyHash: hashToken(key) })
		.returning({ id: apiKeys.id });
	if (!row) throw new Error("api key insert returned nothing");
	return { id: row.id, name, key };
}

/** The key a bearer token names, unless unknown or revoked. */
export async function findApiKey(
	db: DbOrTx,
	key: string,
): Promise<ApiKey | null> {
	const [row] = await db
		.select()
		.from(apiKeys)
		.where(and(eq(apiKeys.keyHash, hashToken(key)), isNull(apiKeys.revokedAt)));
	return row ?? null;
}

export async function revokeApiKey(db: DbOrTx, name: string): Promise<number> {
	const rows = await db
		.update(apiKeys)
		.set({ revokedAt: new Date() })
		.where(and(eq(apiKeys.name, name), isNull(apiKeys.revokedAt)))
		.returning({ id: apiKeys.id });
	return rows.length;
}
