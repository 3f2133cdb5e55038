/**
 * Statements whose SQL text drizzle builds once per database handle instead of on every call.
 *
 * Drizzle renders a query's text each time it runs, checking every column and parameter chunk by
 * chunk: 50–250 µs for one of our issue statements, a quarter of the intake worker's CPU. A
 * prepared query (values as `sql.placeholder(…)`) keeps its text and takes new values. Drizzle binds
 * it to the handle it was built on — the pool, or one transaction's connection — so it is kept per
 * handle: the pool's for the life of the process, a transaction's for the batch of messages it
 * handles.
 */
import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "./client.ts";

export function reusableStatement<Statement>(
	build: (db: DbOrTx) => Statement,
): (db: DbOrTx) => Statement {
	const built = new WeakMap<DbOrTx, Statement>();
	return (db) => {
		let statement = built.get(db);
		if (statement === undefined) {
			statement = build(db);
			built.set(db, statement);
		}
		return statement;
	};
}

/**
 * Placeholders for an insert's values (named `key + suffix`, for a statement of several rows) that
 * the driver fills as given — a Date, null, an object as JSON — not through drizzle's column
 * encoders, which fail on null (a timestamp's) or turn it into JSON `null` (a jsonb's).
 */
export function valuePlaceholders<Key extends string>(
	keys: readonly Key[],
	suffix = "",
): Record<Key, SQL> {
	return Object.fromEntries(
		keys.map((key) => [key, sql`${sql.placeholder(key + suffix)}`]),
	) as Record<Key, SQL>;
}
