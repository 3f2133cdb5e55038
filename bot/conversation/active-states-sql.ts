/**
 * ACTIVE_STATES as a literal SQL list, not parameters: a statement that repeats the predicate of the
 * partial index `issues_open_category_created_idx` (migration 0007) word for word can use it even in
 * a generic plan.
 */
import { sql } from "drizzle-orm";
import { ACTIVE_STATES } from "../../workflows/lifecycle/transition-table.ts";

export const ACTIVE_STATES_SQL = sql.raw(
	ACTIVE_STATES.map((state) => `'${state}'`).join(", "),
);
