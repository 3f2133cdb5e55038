/**
 * A node-postgres client that sends each query with parameters as a named prepared statement, named
 * after its text, so Postgres parses and plans it once per connection instead of on every call
 * (drizzle sends its queries unnamed). On the intake bench this halves Postgres' CPU per message.
 * Queries without parameters (migrations, BEGIN/COMMIT) stay unnamed, and one connection names at
 * most `maxNamed` distinct statements (lists of varying length make new texts); later ones run
 * unnamed. Behind a transaction-mode pooler without prepared-statement support, turn this off.
 *
 * A statement whose best plan depends on its values carries `planPerCall` and stays unnamed: after
 * five runs Postgres may keep one generic plan for every value, and for the console's issue list that
 * plan read every issue holding a common word, or walked every issue looking for a rare state
 * (docs/scale.md, part 5).
 */
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import pg from "pg";

export const DEFAULT_MAX_NAMED = 1_000;

const PLAN_PER_CALL = "/* qq:plan-per-call */";

/** A condition that is always true and has its statement planned for its values on every call. */
export const planPerCall = sql`${sql.raw(PLAN_PER_CALL)} true`;

interface QueryConfig {
	text?: string;
	name?: string;
	values?: unknown[];
}

/** Names already computed: hashing the text on every call cost more than the lookup it names. */
const NAMES_KEPT = 10_000;
const names = new Map<string, string>();

function statementName(text: string): string {
	const known = names.get(text);
	if (known !== undefined) return known;
	const name = `qq_${createHash("sha1").update(text).digest("base64url")}`;
	if (names.size < NAMES_KEPT) names.set(text, name);
	return name;
}

/** The client class for `new pg.Pool({ Client })`. */
export function preparingClient(
	maxNamed: number = DEFAULT_MAX_NAMED,
): typeof pg.Client {
	return class PreparingClient extends pg.Client {
		readonly #named = new Set<string>();

		// pg.Client.query has many overloads; this forwards every one of them.
		// biome-ignore lint/suspicious/noExplicitAny: the overloads' union
		override query(...args: any[]): any {
			const [config, values] = args as [unknown, unknown];
			const text =
				typeof config === "string"
					? config
					: (config as QueryConfig | null)?.name === undefined
						? (config as QueryConfig | null)?.text
						: undefined;
			const params =
				typeof config === "object" && config !== null
					? ((config as QueryConfig).values ?? values)
					: values;
			if (
				text !== undefined &&
				Array.isArray(params) &&
				params.length > 0 &&
				!text.includes(PLAN_PER_CALL)
			) {
				const name = statementName(text);
				if (this.#named.has(name) || this.#named.size < maxNamed) {
					this.#named.add(name);
					args[0] =
						typeof config === "string"
							? { text, name }
							: { ...(config as object), name };
				}
			}
			return super.query(...(args as Parameters<pg.Client["query"]>));
		}
	};
}

/**
 * DATABASE_PREPARED_STATEMENTS=off: every query runs unnamed, including the few the code prepares
 * by name itself (db/driver-workarounds/reusable-statement.ts), for poolers that cannot keep a statement between
 * transactions.
 */
export function unnamedClient(): typeof pg.Client {
	return class UnnamedClient extends pg.Client {
		// biome-ignore lint/suspicious/noExplicitAny: the overloads' union
		override query(...args: any[]): any {
			const [config] = args as [QueryConfig | string | null];
			if (typeof config === "object" && config?.name !== undefined) {
				const { name: _unnamed, ...rest } = config;
				args[0] = rest;
			}
			return super.query(...(args as Parameters<pg.Client["query"]>));
		}
	};
}
