/**
 * Works around drizzle-team/drizzle-orm#2826 (open; older: #613): a prepared query cannot be used
 * across transactions — it is bound to the handle it was built on. Statements whose SQL text drizzle
 * builds once per connection instead of on every call.
 *
 * Drizzle renders a query's text each time it runs, checking every column and parameter chunk by
 * chunk: 50–250 µs for one of our issue statements, a quarter of the intake worker's CPU. A
 * prepared query (values as `sql.placeholder(…)`) keeps its text and takes new values.
 *
 * Drizzle binds a prepared query to the connection it was built on: the pool, or the client a
 * transaction holds. So it is kept per connection, read from the handle's session (`client`, a field
 * drizzle keeps private): node-postgres hands its few pooled clients to transaction after
 * transaction, and each builds the statement once for the life of the process instead of once per
 * batch. A handle without that field gets a statement of its own.
 *
 * Delete when tests/db/driver-workarounds.test.ts "a query prepared on the pool…" fails: a statement
 * prepared once on `db` then runs inside the caller's transaction, so one per process is enough.
 * If "the transaction's handle names its client" fails instead, drizzle renamed its private field:
 * `connectionOf` must follow it, or every call builds its statement anew (correct, but slower).
 */
import type { DbOrTx } from "../client.ts";

export function reusableStatement<Statement>(
	build: (db: DbOrTx) => Statement,
): (db: DbOrTx) => Statement {
	const built = new WeakMap<object, Statement>();
	return (db) => {
		const connection = connectionOf(db);
		let statement = built.get(connection);
		if (statement === undefined) {
			statement = build(db);
			built.set(connection, statement);
		}
		return statement;
	};
}

function connectionOf(db: DbOrTx): object {
	const client = (db._.session as unknown as { client?: unknown }).client;
	return typeof client === "object" && client !== null ? client : db;
}
