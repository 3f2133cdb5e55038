/**
 * The console's full-text search in Chinese: the text contains the query (ILIKE on title and body),
 * found through the bigram index of migration 0018 (issues_text_bigrams_idx) — an issue can only
 * contain the query if its text holds every two-character piece of it. A one-character query has
 * no bigram and is a plain scan.
 */
import { and, ilike, or, type SQL, sql } from "drizzle-orm";
import { issues } from "../../../db/schema/issues.ts";

export function textContains(q: string): SQL | undefined {
	const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	const contains = or(ilike(issues.title, like), ilike(issues.body, like));
	if ([...q].length < 2) return contains;
	// The expression must be the index's, character for character in meaning.
	return and(
		sql`qq_bigrams(lower(${issues.title} || E'\\n' || ${issues.body})) @> qq_bigrams(lower(${q}))`,
		contains,
	);
}
