/**
 * A period's numbers summed as its issues come, one at a time: the totals count each issue once,
 * each department by its share (docs/figures.md). Nothing of an issue is kept once it is added.
 */
import type { ActsFacts, IssueFacts, ReviewOutcome } from "./issue-facts.ts";
import type { DepartmentNumbers, PeriodFigures } from "./ranking.ts";

/** A rating's result at or above this is 满意. */
export const SATISFIED_AT_LEAST = 4;

/** An issue's ratings up to the counting time. */
export interface RatingsSum {
	count: number;
	/** The sum of their results. */
	total: number;
	/** Those with a result of SATISFIED_AT_LEAST or more. */
	satisfied: number;
}

export const NO_RATINGS: RatingsSum = { count: 0, total: 0, satisfied: 0 };

export function addRating(sum: RatingsSum, result: number): RatingsSum {
	return {
		count: sum.count + 1,
		total: sum.total + result,
		satisfied: sum.satisfied + (result >= SATISFIED_AT_LEAST ? 1 : 0),
	};
}

class Sums {
	received = 0;
	resolved = 0;
	done = 0;
	autoConfirmed = 0;
	onTime = 0;
	overdue = 0;
	doneLate = 0;
	ratings = 0;
	satisfied = 0;
	resultTotal = 0;
	refusals = 0;
	reviews: Record<ReviewOutcome, number> = {
		refusal_stands: 0,
		should_do: 0,
		can_do: 0,
	};
	extensions = 0;
	acceptCount = 0;
	acceptMsTotal = 0;

	addIssue(facts: IssueFacts, weight: number, rated: RatingsSum): void {
		this.received += weight;
		if (facts.resolved) this.resolved += weight;
		if (facts.done) this.done += weight;
		if (facts.autoConfirmed) this.autoConfirmed += weight;
		if (facts.onTime) this.onTime += weight;
		if (facts.overdue) this.overdue += weight;
		if (facts.doneLate) this.doneLate += weight;
		this.ratings += rated.count * weight;
		this.satisfied += rated.satisfied * weight;
		this.resultTotal += rated.total * weight;
	}

	addActs(acts: ActsFacts): void {
		this.refusals += acts.refusals;
		this.reviews.refusal_stands += acts.reviews.refusal_stands;
		this.reviews.should_do += acts.reviews.should_do;
		this.reviews.can_do += acts.reviews.can_do;
		this.extensions += acts.extensions;
		this.acceptCount += acts.acceptCount;
		this.acceptMsTotal += acts.acceptMsTotal;
	}

	numbers(): DepartmentNumbers {
		const { received, resolved, done, autoConfirmed, onTime, overdue } = this;
		const { doneLate, ratings, satisfied } = this;
		return {
			received,
			resolved,
			done,
			autoConfirmed,
			onTime,
			overdue,
			doneLate,
			refusals: this.refusals,
			reviews: { ...this.reviews },
			extensions: this.extensions,
			avgAcceptMs:
				this.acceptCount === 0 ? null : this.acceptMsTotal / this.acceptCount,
			ratings,
			satisfied,
			meanResult: ratings === 0 ? null : this.resultTotal / ratings,
			resolveRate: ratio(resolved, received),
			doneRate: ratio(done, received),
			autoConfirmedRate: ratio(autoConfirmed, received),
			doneLateRate: ratio(doneLate, received),
			onTimeRate: ratio(onTime, resolved),
			overdueRate: ratio(overdue, received),
			satisfaction: ratio(satisfied, ratings),
		};
	}
}

const ratio = (part: number, whole: number) =>
	whole === 0 ? null : part / whole;

/** The numbers of a department with no issue and no act. */
export const emptyNumbers = (): DepartmentNumbers => new Sums().numbers();

export class PeriodTally {
	readonly #totals = new Sums();
	readonly #departments = new Map<number, Sums>();

	#of(departmentId: number): Sums {
		let sums = this.#departments.get(departmentId);
		if (!sums) {
			sums = new Sums();
			this.#departments.set(departmentId, sums);
		}
		return sums;
	}

	/** One issue of the cohort: its facts at the counting time and its ratings until then. */
	add(facts: IssueFacts, rated: RatingsSum): void {
		this.#totals.addIssue(facts, 1, rated);
		for (const { departmentId, share } of facts.shares)
			this.#of(departmentId).addIssue(facts, share, rated);
		for (const acts of facts.acts) {
			this.#totals.addActs(acts);
			if (acts.departmentId !== null) this.#of(acts.departmentId).addActs(acts);
		}
	}

	figures(): PeriodFigures {
		const byDepartment: PeriodFigures["byDepartment"] = {};
		for (const [id, sums] of this.#departments)
			byDepartment[String(id)] = sums.numbers();
		return { totals: this.#totals.numbers(), byDepartment };
	}
}
