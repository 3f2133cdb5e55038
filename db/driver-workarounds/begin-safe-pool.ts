/**
 * Works around drizzle-team/drizzle-orm#6023 (open; also reported as #6114, #6241, #6341, fixes
 * proposed in #6030, #6242): a node-postgres pool whose transaction clients come back when BEGIN fails.
 *
 * drizzle's node-postgres transaction (drizzle-orm 0.45) sends BEGIN before the `try` whose
 * `finally` releases its client. When BEGIN fails — the connection died just then — the client stays
 * checked out for good, and a pool of a few clients runs dry: the worker waits forever for a
 * connection while the messages wait in Redis. Only drizzle's transactions ask the pool for a client
 * by promise (its own `pool.query` passes a callback), so a client handed out that way releases
 * itself, as broken, if its first query fails.
 *
 * Delete when tests/db/driver-workarounds.test.ts "a plain pg.Pool…" fails: drizzle then releases
 * the client itself; use `pg.Pool` in db/client.ts again.
 */
import pg from "pg";

export class BeginSafePool extends pg.Pool {
	// pg.Pool.connect has a promise and a callback overload; this forwards both.
	// biome-ignore lint/suspicious/noExplicitAny: the overloads' union
	override connect(...args: any[]): any {
		if (args.length > 0) return super.connect(...(args as [never]));
		return super.connect().then(releasedIfFirstQueryFails);
	}
}

function releasedIfFirstQueryFails(client: pg.PoolClient): pg.PoolClient {
	const own = client as pg.PoolClient & { query: pg.PoolClient["query"] };
	// biome-ignore lint/suspicious/noExplicitAny: the overloads' union
	own.query = ((...args: any[]) => {
		// From the second query on, the class's own method answers again.
		delete (own as Partial<pg.PoolClient>).query;
		const result = client.query(...(args as [string]));
		if (result instanceof Promise)
			result.catch((error: Error) => {
				client.release(error);
				// A drizzle that released it too (BEGIN inside its try) would find nothing left to do.
				client.release = () => {};
			});
		return result;
	}) as pg.PoolClient["query"];
	return client;
}
