/**
 * A period's figures from scratch: its cohort (the issues registered in [from, asOf)) and each
 * issue's facts at `asOf`. An issue's kept fold (issue-fact-states.ts) gives them when it is clean
 * and dated before `asOf`; the other issues' events and ratings are read and folded here.
 *
 * The cohort goes in chunks, in registration order, and the sums are added in that order whichever
 * issues were kept. While one chunk is added, the next CHUNKS_AHEAD chunks' kept folds and events
 * are read; no more chunks' rows are held at a time.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { rowsOf } from "../../db/raw-rows.ts";
import {
	foldHistories,
	readHistories,
	readServingFolds,
} from "./issue-fact-states.ts";
import { finishFacts, type IssueFacts } from "./issue-facts.ts";
import { decodeKeptFacts } from "./kept-facts-codec.ts";
import { NO_RATINGS, PeriodTally, type RatingsSum } from "./period-tally.ts";
import type { PeriodFigures } from "./ranking.ts";

const CHUNK = 2_000;
/** Chunks read while one is added (on connections of their own, outside a transaction). */
const CHUNKS_AHEAD = 2;

interface CohortIssue {
	id: number;
	lead: number | null;
}

/**
 * One chunk, read: its issues' clean kept folds that serve, and the facts of the others, folded
 * from their events. The kept folds are parsed as they are added, so nothing of them outlives it.
 */
interface ReadChunk {
	issues: CohortIssue[];
	/** The kept folds (text) that serve, by issue id. */
	kept: Map<number, string>;
	folded: Map<number, { facts: IssueFacts; ratings: RatingsSum }>;
}

export async function computePeriodFigures(
	db: DbOrTx,
	from: Date,
	asOf: Date,
	/** Issues per chunk (the tests use small ones). */
	chunkSize = CHUNK,
): Promise<PeriodFigures> {
	const asOfMs = asOf.getTime();
	// Read backwards along issues_created_idx, which carries the lead department (migration 0028).
	const cohort = rowsOf<CohortIssue>(
		await db.execute(sql`
			select id, lead_department_id as lead from issues
			where created_at >= ${from.toISOString()}::timestamptz and created_at < ${asOf.toISOString()}::timestamptz
			order by created_at, id`),
	);
	const tally = new PeriodTally();
	const chunkAt = (start: number) => {
		const chunk = readChunk(db, cohort.slice(start, start + chunkSize), asOf);
		// Read ahead: a failure is thrown where it is awaited, not as an unhandled rejection.
		chunk.catch(() => {});
		return chunk;
	};
	const ahead: Array<Promise<ReadChunk>> = [];
	let read = 0;
	const readAhead = () => {
		for (
			;
			ahead.length < CHUNKS_AHEAD && read < cohort.length;
			read += chunkSize
		)
			ahead.push(chunkAt(read));
	};
	readAhead();
	for (let current = ahead.shift(); current; current = ahead.shift()) {
		readAhead();
		const { issues, kept, folded } = await current;
		for (const issue of issues) {
			const text = kept.get(issue.id);
			if (text !== undefined) {
				const facts = decodeKeptFacts(text);
				tally.add(finishFacts(facts.fold, asOfMs, issue.lead), facts.ratings);
			} else {
				const fromEvents = folded.get(issue.id);
				if (!fromEvents) throw new Error(`issue ${issue.id} was not folded`);
				tally.add(fromEvents.facts, fromEvents.ratings);
			}
		}
	}
	return tally.figures();
}

async function readChunk(
	db: DbOrTx,
	issues: CohortIssue[],
	asOf: Date,
): Promise<ReadChunk> {
	const asOfMs = asOf.getTime();
	const kept = await readServingFolds(db, issues, asOf);
	const unkept = issues.filter((issue) => !kept.has(issue.id));
	const folded: ReadChunk["folded"] = new Map();
	if (unkept.length > 0) {
		unkept.sort((a, b) => a.id - b.id);
		const histories = await readHistories(
			db,
			unkept.map((issue) => issue.id),
			asOf,
		);
		foldHistories(unkept, histories.events, asOfMs, (index, fold) => {
			const issue = unkept[index] as CohortIssue;
			folded.set(issue.id, {
				facts: finishFacts(fold, asOfMs, issue.lead),
				ratings: histories.ratings.get(issue.id) ?? NO_RATINGS,
			});
		});
	}
	return { issues, kept, folded };
}
