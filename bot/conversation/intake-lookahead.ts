/**
 * The intake lookups of a whole batch of inbound messages, loaded in two statements before its
 * messages are handled one by one: for each enterprise and conversation its latest active issue,
 * for each category its latest active issues. A message then decides from memory instead of a round
 * trip of its own. The batch (intake-batch.ts) holds it.
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
import type { Classification } from "../../workflows/intake/classify-message.ts";
import { SIMILAR_CANDIDATES } from "../../workflows/intake/similar-issue.ts";
import { ACTIVE_STATES } from "../../workflows/lifecycle/transition-table.ts";
import type { InboundMessage } from "../messages.ts";
import { ACTIVE_STATES_SQL } from "./active-states-sql.ts";
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

interface Loaded {
	/** Per conversation key: its latest active issue updated since `since`, or null. */
	recent: Map<string, Issue | null>;
	since: Date;
	/** Per category: its latest active issues, newest first (those opened in this batch in front). */
	neighbours: Map<string, { list: OpenNeighbour[]; complete: boolean }>;
}

export interface IntakeLookahead {
	/** The answer to `query`, or undefined when Postgres must be asked. */
	answer(query: IntakeLookupQuery): IntakeLookup | undefined;
	/** The batch opened `issue`: the newest of its conversation and, once compared, of its category. */
	opened(issue: Issue): void;
	/** The batch followed up `issue` at `now`: the most recently updated of its conversation. */
	followedUp(issue: Issue, now: Date): void;
}

type Classify = (message: InboundMessage) => Classification;

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

/** Loads what the batch's enterprise messages will ask `lookUpForIntake`; none when not worth it. */
export async function loadIntakeLookahead(
	tx: DbOrTx,
	directory: DirectorySnapshot,
	messages: readonly InboundMessage[],
	now: Date,
	classify: Classify,
): Promise<IntakeLookahead | undefined> {
	const { conversations, categories } = wantedBy(directory, messages, classify);
	// One conversation: its message asks Postgres itself, at the same cost.
	if (conversations.size < 2) return undefined;
	const since = new Date(
		now.getTime() - directory.routing.intake.followUpWindowMinutes * 60_000,
	);
	return lookaheadOver({
		recent: await loadRecentIssues(tx, conversations, since),
		since,
		neighbours: await loadNeighbours(tx, categories),
	});
}

/** The conversations and categories the batch's enterprise messages will ask about. */
function wantedBy(
	directory: DirectorySnapshot,
	messages: readonly InboundMessage[],
	classify: Classify,
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
		const classification = classify(message);
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
): Promise<Loaded["neighbours"]> {
	const neighbours: Loaded["neighbours"] = new Map(
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

function lookaheadOver(ahead: Loaded): IntakeLookahead {
	return {
		answer(query) {
			if (query.since < ahead.since) return undefined;
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
						(n) =>
							n.enterpriseId !== null && n.enterpriseId !== query.enterpriseId,
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
		},

		opened(issue) {
			if (issue.enterpriseId === null) return;
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
		},

		followedUp(issue, now) {
			if (issue.enterpriseId === null || !isActive(issue.state)) return;
			ahead.recent.set(
				conversationKey(
					issue.enterpriseId,
					issue.sourceChannel,
					issue.sourceConversationId,
				),
				{ ...issue, updatedAt: now },
			);
		},
	};
}
