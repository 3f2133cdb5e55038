/**
 * The intake lookups of a whole batch of inbound messages, loaded in two statements before its
 * messages are handled one by one: for each enterprise and conversation its latest active issue,
 * for each category its latest active issues. A message then decides from memory instead of a round
 * trip of its own.
 *
 * What the batch itself changes is kept in step: an issue it opens is the newest of its
 * conversation and of its category, an issue it follows up is the most recently updated. A
 * lifecycle command can change any issue (state, version, updated_at), so it ends the lookahead:
 * from then on, each message asks Postgres. A question the lookahead cannot answer exactly (a
 * conversation or category not loaded) goes to Postgres too.
 */
import { and, desc, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { type Issue, issues } from "../../db/schema/issues.ts";
import { SIMILAR_CANDIDATES } from "../../workflows/intake/similar-issue.ts";
import { ACTIVE_STATES } from "../../workflows/lifecycle/transition-table.ts";
import type { InboundMessage } from "../messages.ts";
import { ACTIVE_STATES_SQL } from "./active-states-sql.ts";
import { classifyOnce } from "./classify-once.ts";
import type { DirectorySnapshot } from "./directory-cache.ts";
import type {
	IntakeLookup,
	IntakeLookupQuery,
	OpenNeighbour,
} from "./issue-lookup.ts";

/** Loaded per category: enough that an enterprise's own issues among them rarely leave fewer than 20 others. */
const LOADED_PER_CATEGORY = 2 * SIMILAR_CANDIDATES;

const isActive = (state: string) =>
	(ACTIVE_STATES as readonly string[]).includes(state);

interface Lookahead {
	/** Per conversation key: its latest active issue updated since `since`, or null. */
	recent: Map<string, Issue | null>;
	since: Date;
	/** Per category: its latest active issues, newest first (those opened in this batch in front). */
	neighbours: Map<string, { list: OpenNeighbour[]; complete: boolean }>;
}

const lookaheads = new WeakMap<DbOrTx, Lookahead>();

const conversationKey = (
	enterpriseId: number,
	platform: string,
	conversationId: string | null,
) => `${enterpriseId}\u0000${platform}\u0000${conversationId ?? ""}`;

interface WantedConversation {
	enterpriseId: number;
	platform: string;
	conversationId: string;
}

/** Loads what the batch's enterprise messages will ask `lookUpForIntake`, if any. */
export async function prepareIntakeLookups(
	tx: DbOrTx,
	directory: DirectorySnapshot,
	messages: readonly InboundMessage[],
	now: Date,
): Promise<void> {
	const { conversations, categories } = wantedBy(directory, messages);
	// One conversation: its message asks Postgres itself, at the same cost.
	if (conversations.size < 2) return;
	const since = new Date(
		now.getTime() - directory.routing.intake.followUpWindowMinutes * 60_000,
	);
	lookaheads.set(tx, {
		recent: await loadRecentIssues(tx, conversations, since),
		since,
		neighbours: await loadNeighbours(tx, categories),
	});
}

/** The conversations and categories the batch's enterprise messages will ask about. */
function wantedBy(
	directory: DirectorySnapshot,
	messages: readonly InboundMessage[],
) {
	const conversations = new Map<string, WantedConversation>();
	const categories = new Set<string>();
	for (const message of messages) {
		// A room the snapshot does not know yet (bound by topic) is loaded too: harmless if unknown.
		if (message.author.isBot || message.change || message.direct) continue;
		const person = directory.personByIdentity(
			message.platform,
			message.author.externalId,
		);
		if (!person?.roles.includes("enterprise_member") || !person.enterpriseId)
			continue;
		const classification = classifyOnce(message, directory);
		if (
			classification.kind === "chatter" &&
			classification.reason !== "attachment_only"
		)
			continue;
		const { platform, conversationId } = message;
		conversations.set(
			conversationKey(person.enterpriseId, platform, conversationId),
			{ enterpriseId: person.enterpriseId, platform, conversationId },
		);
		if (classification.kind === "issue" && classification.categoryCode)
			categories.add(classification.categoryCode);
	}
	return { conversations, categories };
}

/** Per conversation, its latest active issue updated since `since`, or null. */
async function loadRecentIssues(
	tx: DbOrTx,
	conversations: Map<string, WantedConversation>,
	since: Date,
): Promise<Map<string, Issue | null>> {
	const wanted = [...conversations.values()];
	const column = <T>(value: (c: WantedConversation) => T) =>
		sql.param(wanted.map(value));
	const rows = await tx
		.selectDistinctOn([
			issues.enterpriseId,
			issues.sourceChannel,
			issues.sourceConversationId,
		])
		.from(issues)
		.where(
			and(
				sql`(${issues.enterpriseId}, ${issues.sourceChannel}, ${issues.sourceConversationId}) in (
					select * from unnest(${column((c) => c.enterpriseId)}::integer[],
						${column((c) => c.platform)}::text[], ${column((c) => c.conversationId)}::text[]))`,
				sql`${issues.state} in (${ACTIVE_STATES_SQL})`,
				sql`${issues.updatedAt} >= ${since.toISOString()}::timestamptz`,
			),
		)
		.orderBy(
			issues.enterpriseId,
			issues.sourceChannel,
			issues.sourceConversationId,
			desc(issues.updatedAt),
		);
	const recent = new Map<string, Issue | null>(
		[...conversations.keys()].map((key) => [key, null]),
	);
	for (const issue of rows)
		if (issue.enterpriseId !== null)
			recent.set(
				conversationKey(
					issue.enterpriseId,
					issue.sourceChannel,
					issue.sourceConversationId,
				),
				issue,
			);
	return recent;
}

/** Per category, its latest active issues, newest first; `complete` when there are no more. */
async function loadNeighbours(
	tx: DbOrTx,
	categories: Set<string>,
): Promise<Lookahead["neighbours"]> {
	const neighbours: Lookahead["neighbours"] = new Map(
		[...categories].map((code) => [code, { list: [], complete: true }]),
	);
	if (categories.size === 0) return neighbours;
	const result = await tx.execute(sql`
		select c.code as "categoryCode", n.id, n.number, n.state, n.version,
			n.enterprise_id as "enterpriseId", n.body as text
		from unnest(${sql.param([...categories])}::text[]) as c(code)
		cross join lateral (
			select id, number, state, version, enterprise_id, body, created_at
			from ${issues}
			where ${issues.categoryCode} = c.code and ${issues.state} in (${ACTIVE_STATES_SQL})
			order by ${issues.createdAt} desc
			limit ${sql.raw(String(LOADED_PER_CATEGORY))}) as n
		order by c.code, n.created_at desc`);
	for (const row of (result as unknown as { rows: OpenNeighbour[] }).rows) {
		const entry = neighbours.get(row.categoryCode);
		if (!entry) continue;
		entry.list.push(row);
		if (entry.list.length === LOADED_PER_CATEGORY) entry.complete = false;
	}
	return neighbours;
}

/** The answer to `query` from the batch's lookahead, or undefined when Postgres must be asked. */
export function lookAhead(
	db: DbOrTx,
	query: IntakeLookupQuery,
): IntakeLookup | undefined {
	const ahead = lookaheads.get(db);
	if (!ahead || query.since < ahead.since) return undefined;
	const key = conversationKey(
		query.enterpriseId,
		query.message.platform,
		query.message.conversationId,
	);
	if (!ahead.recent.has(key)) return undefined;
	let neighbours: OpenNeighbour[] = [];
	if (query.categoryCode !== null) {
		const loaded = ahead.neighbours.get(query.categoryCode);
		if (!loaded) return undefined;
		neighbours = loaded.list
			.filter(
				(n) => n.enterpriseId !== null && n.enterpriseId !== query.enterpriseId,
			)
			.slice(0, SIMILAR_CANDIDATES);
		// Others beyond what was loaded might belong in the list: only Postgres knows.
		if (neighbours.length < SIMILAR_CANDIDATES && !loaded.complete)
			return undefined;
	}
	const recent = ahead.recent.get(key) ?? null;
	return {
		recent: recent && recent.updatedAt >= query.since ? recent : null,
		neighbours,
	};
}

/** The batch opened `issue`: the newest of its conversation and, once compared, of its category. */
export function openedInBatch(db: DbOrTx, issue: Issue): void {
	const ahead = lookaheads.get(db);
	if (!ahead || issue.enterpriseId === null) return;
	ahead.recent.set(
		conversationKey(
			issue.enterpriseId,
			issue.sourceChannel,
			issue.sourceConversationId,
		),
		issue,
	);
	const loaded =
		issue.categoryCode === null
			? undefined
			: ahead.neighbours.get(issue.categoryCode);
	loaded?.list.unshift({
		id: issue.id,
		number: issue.number,
		state: issue.state,
		version: issue.version,
		categoryCode: issue.categoryCode as string,
		enterpriseId: issue.enterpriseId,
		text: issue.body,
	});
}

/** The batch followed up `issue` at `now`: the most recently updated of its conversation. */
export function followedUpInBatch(db: DbOrTx, issue: Issue, now: Date): void {
	const ahead = lookaheads.get(db);
	if (!ahead || issue.enterpriseId === null || !isActive(issue.state)) return;
	ahead.recent.set(
		conversationKey(
			issue.enterpriseId,
			issue.sourceChannel,
			issue.sourceConversationId,
		),
		{ ...issue, updatedAt: now },
	);
}

/** Something changed issues in ways the lookahead does not follow (a command): ask Postgres from now on. */
export function endLookahead(db: DbOrTx): void {
	lookaheads.delete(db);
}
