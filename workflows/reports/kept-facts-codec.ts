/**
 * A kept fold as stored in `issue_fact_states.facts` (issue-fact-states.ts): a compact JSON array,
 * since a quarter's folds are read on every view of its ranking.
 */
import { type FoldedFacts, REVIEW_OUTCOMES } from "./issue-facts.ts";
import type { RatingsSum } from "./period-tally.ts";

/** A kept fold: of all the events, and its ratings. */
export interface KeptFacts {
	fold: FoldedFacts;
	ratings: RatingsSum;
}

/** The first element of the stored array; a kept fold of another format is not used. */
const FORMAT = 1;
/** How a kept fold of this format starts: others are not read (readServingFolds). */
export const KEPT_FACTS_PREFIX = `[${FORMAT},`;
const RESOLVED = 1;
const ON_TIME = 2;
const DONE_BY_ENTERPRISE = 4;
const DONE_BY_AUTO = 8;
const ACCEPTED = 16;
const ACCEPT_LATE = 32;
const READ_CURRENT_LEAD = 64;
const ACTS_WIDTH = 8;

/** JSON has no NaN: a deadline that did not parse is kept as the string "NaN". */
const time = (value: number | null) =>
	value !== null && Number.isNaN(value) ? "NaN" : value;

/** A compact JSON array: a quarter's folds are read on every view of its ranking. */
export function encodeKeptFacts(kept: KeptFacts): string {
	const { fold, ratings } = kept;
	const flags =
		(fold.resolved ? RESOLVED : 0) |
		(fold.onTime ? ON_TIME : 0) |
		(fold.doneBy === "enterprise" ? DONE_BY_ENTERPRISE : 0) |
		(fold.doneBy === "auto" ? DONE_BY_AUTO : 0) |
		(fold.accepted ? ACCEPTED : 0) |
		(fold.acceptLate ? ACCEPT_LATE : 0) |
		(fold.readCurrentLead ? READ_CURRENT_LEAD : 0);
	const held: number[] = [];
	for (const h of fold.held) held.push(h.departmentId, h.ms);
	const acts: Array<number | null> = [];
	for (const a of fold.acts)
		acts.push(
			a.departmentId,
			a.refusals,
			...REVIEW_OUTCOMES.map((o) => a.reviews[o]),
			a.extensions,
			a.acceptCount,
			a.acceptMsTotal,
		);
	return JSON.stringify([
		FORMAT,
		flags,
		time(fold.due),
		fold.dispatchedAt,
		fold.endedAt,
		time(fold.acceptDue),
		fold.lead,
		fold.holding?.departmentId ?? null,
		fold.holding?.since ?? null,
		held,
		acts,
		ratings.count,
		ratings.total,
		ratings.satisfied,
	]);
}

/** A kept fold of FORMAT (readServingFolds reads only those). No closures: this runs for every issue. */
export function decodeKeptFacts(text: string): KeptFacts {
	const a = JSON.parse(text) as unknown[];
	if (a[0] !== FORMAT) throw new Error(`a kept fold of format ${a[0]}`);
	const flags = a[1] as number;
	const heldFlat = a[9] as number[];
	const held: FoldedFacts["held"] = [];
	for (let i = 0; i < heldFlat.length; i += 2)
		held.push({
			departmentId: heldFlat[i] as number,
			ms: heldFlat[i + 1] as number,
		});
	const actsFlat = a[10] as number[];
	const acts: FoldedFacts["acts"] = [];
	for (let i = 0; i < actsFlat.length; i += ACTS_WIDTH)
		acts.push({
			departmentId: actsFlat[i] as number | null,
			refusals: actsFlat[i + 1] as number,
			reviews: {
				refusal_stands: actsFlat[i + 2] as number,
				should_do: actsFlat[i + 3] as number,
				can_do: actsFlat[i + 4] as number,
			},
			extensions: actsFlat[i + 5] as number,
			acceptCount: actsFlat[i + 6] as number,
			acceptMsTotal: actsFlat[i + 7] as number,
		});
	const holdingDepartment = a[7] as number | null;
	const doneBy =
		(flags & DONE_BY_ENTERPRISE) !== 0
			? "enterprise"
			: (flags & DONE_BY_AUTO) !== 0
				? "auto"
				: null;
	return {
		fold: {
			resolved: (flags & RESOLVED) !== 0,
			onTime: (flags & ON_TIME) !== 0,
			doneBy,
			due: a[2] === "NaN" ? Number.NaN : (a[2] as number | null),
			dispatchedAt: a[3] as number | null,
			endedAt: a[4] as number | null,
			acceptDue: a[5] === "NaN" ? Number.NaN : (a[5] as number | null),
			accepted: (flags & ACCEPTED) !== 0,
			acceptLate: (flags & ACCEPT_LATE) !== 0,
			lead: a[6] as number | null,
			holding:
				holdingDepartment === null
					? null
					: { departmentId: holdingDepartment, since: a[8] as number },
			held,
			acts,
			readCurrentLead: (flags & READ_CURRENT_LEAD) !== 0,
		},
		ratings: {
			count: a[11] as number,
			total: a[12] as number,
			satisfied: a[13] as number,
		},
	};
}
