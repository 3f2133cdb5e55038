/**
 * Works around drizzle-team/drizzle-orm#1113 (closed as implemented in the 1.0 beta; 0.45 still has
 * it) and #5044: a `sql.placeholder` given as a column's value goes through the column's encoder,
 * which throws on a timestamp's null ("value.toISOString is not a function") and turns a jsonb's
 * null into JSON `null` instead of SQL NULL.
 *
 * Delete when tests/db/driver-workarounds.test.ts "a placeholder as a column's value…" fails: the
 * plain `sql.placeholder(key)` then passes null through, and the statements can use it directly.
 */
import { type SQL, sql } from "drizzle-orm";

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
