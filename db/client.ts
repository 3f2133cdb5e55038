import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { BeginSafePool } from "./driver-workarounds/begin-safe-pool.ts";
import { preparingClient, unnamedClient } from "./preparing-client.ts";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
/** The one database type the rest of the code sees, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; every query helper takes `Db | Tx`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export type DatabaseDriver = "postgres" | "pglite";

export interface Database {
	db: Db;
	driver: DatabaseDriver;
	close(): Promise<void>;
}

export interface DatabaseOptions {
	/** postgres://… — node-postgres. Unset: PGlite. */
	url?: string;
	/** PGlite data directory; unset means in memory. */
	pgliteDir?: string;
	poolSize?: number;
	/** node-postgres: send queries with parameters as named prepared statements (default true). */
	prepareStatements?: boolean;
}

/**
 * Set on every connection the bot opens. JIT off: our statements are short and index-driven, but a
 * LIMIT over a large table can carry an estimated cost past jit_above_cost, and compiling then took
 * 15–30 ms of a page that executes in a few (docs/scale.md). A pooler that drops startup options
 * (PgBouncer's ignore_startup_parameters) loses this; `ALTER ROLE … SET jit = off` does the same.
 */
export const SESSION_OPTIONS = "-c jit=off";

export async function openDatabase(
	options: DatabaseOptions,
): Promise<Database> {
	if (options.url) {
		const pool = new BeginSafePool({
			connectionString: options.url,
			options: SESSION_OPTIONS,
			max: options.poolSize ?? 10,
			Client:
				options.prepareStatements === false
					? unnamedClient()
					: preparingClient(),
			// A server that drops packets instead of refusing would otherwise hold a transaction (and
			// the messages of its batch) until TCP gives up; this fails it fast so BullMQ retries.
			connectionTimeoutMillis: 10_000,
		});
		// An idle client that loses its server emits 'error'; without a listener that kills the process.
		pool.on("error", () => {});
		// The same for a checked-out client between two queries (pg-pool removes its idle listener
		// then): its next query fails instead, and the pool discards it on release.
		pool.on("connect", (client) => client.on("error", () => {}));
		const db = drizzlePg(pool, {
			schema,
			casing: "snake_case",
		}) as unknown as Db;
		return { db, driver: "postgres", close: () => pool.end() };
	}
	if (options.pgliteDir) mkdirSync(options.pgliteDir, { recursive: true });
	const client = options.pgliteDir
		? new PGlite(options.pgliteDir)
		: new PGlite();
	await client.waitReady;
	const db = drizzlePglite(client, {
		schema,
		casing: "snake_case",
	}) as unknown as Db;
	return { db, driver: "pglite", close: () => client.close() };
}
