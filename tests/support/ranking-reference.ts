/**
 * The ranking's fold as it stood before issue #20's part 5 (commit 6cae7d3), kept verbatim as the
 * reference the faster computation is compared with (tests/workflows/reports/period-figures.test.ts)
 * and measured against (npm run bench:periods). Not used by the bot.
 */
import { and, asc, eq, gte, lt } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { issueEvents, issues, ratings } from "../../db/schema/issues.ts";
import type {
	DepartmentNumbers,
	PeriodFigures,
} from "../../workflows/reports/ranking.ts";

const SATISFIED_AT_LEAST = 4;

interface FactEvent {
	kind: string;
	toState: string | null;
	payload: unknown;
	createdAt: Date;
}

const REVIEW_OUTCOMES = ["refusal_stands", "should_do", "can_do"] as const;
type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** What one department did on the issue: counted for the department that led it at the time. */
interface ActsFacts {
	/** Said it cannot be done, or passed it on a second time (说不). */
	refusals: number;
	reviews: Record<ReviewOutcome, number>;
	extensions: number;
	/** From its dispatch to its acceptance, per acceptance. */
	acceptMs: number[];
}

interface IssueFacts {
	/** A `resolved` event (办结), at least once. */
	resolved: boolean;
	/** Stands in `done` at `asOf`, put there by the enterprise (confirmed or rated) (办成). */
	done: boolean;
	/** Stands in `done` at `asOf` because nobody answered in time (自动确认): not 办成. */
	autoConfirmed: boolean;
	/** First resolution at or before the deadline in force then. */
	onTime: boolean;
	/**
	 * Resolved after its deadline, or still unresolved past it (超时); also accepted after its
	 * acceptance deadline, or still not accepted past it (签收超时).
	 */
	overdue: boolean;
	/** 办成, but its first resolution came after the deadline (超时办成). */
	doneLate: boolean;
	/** The departments that led it, each with its share of the time it was held (they sum to 1). */
	shares: Array<{ departmentId: number; share: number }>;
	/** The department's own acts, by department; `null` for acts while no department led it. */
	acts: Map<number | null, ActsFacts>;
}

/** One issue as one department (or the totals) counts it. */
interface Counted {
	facts: IssueFacts;
	weight: number;
	results: number[];
}

interface Tally {
	counted: Counted[];
	acts: ActsFacts[];
}

const emptyTally = (): Tally => ({ counted: [], acts: [] });

/** From scratch: the period's issues, their events and ratings up to `asOf`. */
export async function referencePeriodFigures(
	db: DbOrTx,
	from: Date,
	asOf: Date,
): Promise<PeriodFigures> {
	const inPeriod = and(gte(issues.createdAt, from), lt(issues.createdAt, asOf));
	const [cohort, events, rated] = await Promise.all([
		db
			.select({ id: issues.id, departmentId: issues.leadDepartmentId })
			.from(issues)
			.where(inPeriod),
		db
			.select({
				issueId: issueEvents.issueId,
				kind: issueEvents.kind,
				toState: issueEvents.toState,
				payload: issueEvents.payload,
				createdAt: issueEvents.createdAt,
			})
			.from(issueEvents)
			.innerJoin(issues, eq(issues.id, issueEvents.issueId))
			.where(and(inPeriod, lt(issueEvents.createdAt, asOf)))
			.orderBy(asc(issueEvents.issueId), asc(issueEvents.id)),
		db
			.select({ issueId: ratings.issueId, result: ratings.result })
			.from(ratings)
			.innerJoin(issues, eq(issues.id, ratings.issueId))
			.where(and(inPeriod, lt(ratings.createdAt, asOf))),
	]);

	const eventsOf = new Map<number, typeof events>();
	for (const event of events) {
		const list = eventsOf.get(event.issueId) ?? [];
		list.push(event);
		eventsOf.set(event.issueId, list);
	}
	const resultsOf = new Map<number, number[]>();
	for (const r of rated)
		resultsOf.set(r.issueId, [...(resultsOf.get(r.issueId) ?? []), r.result]);

	const total = emptyTally();
	const byDepartment = new Map<number, Tally>();
	const tallyOf = (departmentId: number) => {
		let tally = byDepartment.get(departmentId);
		if (!tally) {
			tally = emptyTally();
			byDepartment.set(departmentId, tally);
		}
		return tally;
	};
	for (const issue of cohort) {
		const facts = issueFacts(
			eventsOf.get(issue.id) ?? [],
			asOf,
			issue.departmentId,
		);
		const results = resultsOf.get(issue.id) ?? [];
		total.counted.push({ facts, weight: 1, results });
		for (const { departmentId, share } of facts.shares)
			tallyOf(departmentId).counted.push({
				facts,
				weight: share,
				results,
			});
		for (const [departmentId, acts] of facts.acts) {
			total.acts.push(acts);
			if (departmentId !== null) tallyOf(departmentId).acts.push(acts);
		}
	}
	return {
		totals: numbersOf(total),
		byDepartment: Object.fromEntries(
			[...byDepartment].map(([id, tally]) => [String(id), numbersOf(tally)]),
		),
	};
}

const ratio = (part: number, whole: number) =>
	whole === 0 ? null : part / whole;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
type Flag =
	| "resolved"
	| "done"
	| "autoConfirmed"
	| "onTime"
	| "overdue"
	| "doneLate";

function numbersOf(tally: Tally): DepartmentNumbers {
	const { counted, acts } = tally;
	const weighted = (flag: Flag) =>
		sum(counted.map((c) => (c.facts[flag] ? c.weight : 0)));
	const received = sum(counted.map((c) => c.weight));
	const resolved = weighted("resolved");
	const done = weighted("done");
	const autoConfirmed = weighted("autoConfirmed");
	const onTime = weighted("onTime");
	const overdue = weighted("overdue");
	const doneLate = weighted("doneLate");
	const ratingCount = sum(counted.map((c) => c.results.length * c.weight));
	const satisfied = sum(
		counted.map(
			(c) => c.results.filter((r) => r >= SATISFIED_AT_LEAST).length * c.weight,
		),
	);
	const resultSum = sum(counted.map((c) => sum(c.results) * c.weight));
	const accepts = acts.flatMap((a) => a.acceptMs);
	const reviews = { refusal_stands: 0, should_do: 0, can_do: 0 };
	for (const a of acts)
		for (const key of Object.keys(reviews) as ReviewOutcome[])
			reviews[key] += a.reviews[key];
	return {
		received,
		resolved,
		done,
		autoConfirmed,
		onTime,
		overdue,
		doneLate,
		refusals: sum(acts.map((a) => a.refusals)),
		reviews,
		extensions: sum(acts.map((a) => a.extensions)),
		avgAcceptMs: accepts.length === 0 ? null : sum(accepts) / accepts.length,
		ratings: ratingCount,
		satisfied,
		meanResult: ratingCount === 0 ? null : resultSum / ratingCount,
		resolveRate: ratio(resolved, received),
		doneRate: ratio(done, received),
		autoConfirmedRate: ratio(autoConfirmed, received),
		doneLateRate: ratio(doneLate, received),
		onTimeRate: ratio(onTime, resolved),
		overdueRate: ratio(overdue, received),
		satisfaction: ratio(satisfied, ratingCount),
	};
}

const DISPATCH_KINDS = new Set(["dispatched", "redispatched", "transferred"]);
const REFUSAL_KINDS = new Set([
	"refused",
	"transfer_sent_to_review",
	"return_refused",
]);
/** Events that end a department's wait to accept (a new dispatch opens another). */
const ACCEPTANCE_ENDS = new Set([
	"accepted",
	"returned",
	"refused",
	"transfer_sent_to_review",
	"transferred",
]);
const TERMINAL_STATES = new Set(["done", "withdrawn", "closed"]);
const ENDING_STATES = new Set(["withdrawn", "closed"]);

const emptyActs = (): ActsFacts => ({
	refusals: 0,
	reviews: { refusal_stands: 0, should_do: 0, can_do: 0 },
	extensions: 0,
	acceptMs: [],
});

/**
 * `currentLead` is the issue's lead department now: dispatch events written before the event carried
 * its department (and seeded ones) are read as dispatches to it.
 */
function issueFacts(
	events: readonly FactEvent[],
	asOf: Date,
	currentLead: number | null = null,
): IssueFacts {
	let resolved = false;
	let onTime = false;
	let doneBy: "enterprise" | "auto" | null = null;
	let due: Date | null = null;
	let dispatchedAt: Date | null = null;
	let accepted = false;
	let endedAt: Date | null = null;
	let acceptDue: Date | null = null;
	let acceptLate = false;
	let lead: number | null = null;
	let holding: { departmentId: number; since: Date } | null = null;
	const held = new Map<number, number>();
	const acts = new Map<number | null, ActsFacts>();
	const actsOf = (department: number | null) => {
		const found = acts.get(department);
		if (found) return found;
		const fresh = emptyActs();
		acts.set(department, fresh);
		return fresh;
	};
	const stopHolding = (at: Date) => {
		if (!holding) return;
		const ms = Math.max(0, at.getTime() - holding.since.getTime());
		held.set(holding.departmentId, (held.get(holding.departmentId) ?? 0) + ms);
		holding = null;
	};

	for (const event of events) {
		if (event.createdAt >= asOf) break;
		const payload = (event.payload ?? {}) as Record<string, unknown>;
		if (
			acceptDue &&
			(ACCEPTANCE_ENDS.has(event.kind) ||
				event.toState === "closed" ||
				event.toState === "withdrawn")
		) {
			acceptLate ||= event.createdAt > acceptDue;
			acceptDue = null;
		}
		if (typeof payload.acceptDueAt === "string")
			acceptDue = new Date(payload.acceptDueAt);
		if ("dueAt" in payload)
			due = typeof payload.dueAt === "string" ? new Date(payload.dueAt) : due;
		if (DISPATCH_KINDS.has(event.kind)) {
			stopHolding(event.createdAt);
			lead =
				typeof payload.departmentId === "number"
					? payload.departmentId
					: currentLead;
			dispatchedAt = event.createdAt;
			accepted = false;
			if (lead !== null)
				holding = { departmentId: lead, since: event.createdAt };
		}
		if (event.kind === "returned") {
			stopHolding(event.createdAt);
			lead = null;
		}
		const own = actsOf(lead);
		if (event.kind === "accepted" && !accepted && dispatchedAt) {
			own.acceptMs.push(event.createdAt.getTime() - dispatchedAt.getTime());
			accepted = true;
		}
		if (event.kind === "resolved" && !resolved) {
			resolved = true;
			onTime = due === null || event.createdAt <= due;
		}
		if (REFUSAL_KINDS.has(event.kind)) own.refusals += 1;
		if (event.kind === "review_decided") {
			const outcome = payload.outcome as ReviewOutcome;
			if (outcome in own.reviews) own.reviews[outcome] += 1;
		}
		if (event.kind === "extension_approved") own.extensions += 1;

		const to = event.toState;
		if (to === "done")
			doneBy = event.kind === "auto_confirmed" ? "auto" : "enterprise";
		else if (to !== null) doneBy = null;
		if (to && TERMINAL_STATES.has(to)) stopHolding(event.createdAt);
		else if (to && !holding && lead !== null)
			holding = { departmentId: lead, since: event.createdAt };
		if (to && ENDING_STATES.has(to)) endedAt ??= event.createdAt;
	}
	stopHolding(asOf);

	const late = resolved ? !onTime : due !== null && due < (endedAt ?? asOf);
	const acceptanceLate =
		acceptLate || (acceptDue !== null && acceptDue < (endedAt ?? asOf));
	const overdue = late || acceptanceLate;
	const done = doneBy === "enterprise";
	return {
		resolved,
		done,
		autoConfirmed: doneBy === "auto",
		onTime: resolved && onTime,
		overdue,
		// 超时办成 is about the resolution: a late acceptance alone does not make it.
		doneLate: done && resolved && !onTime,
		shares: sharesOf(held, lead ?? currentLead),
		acts,
	};
}

/** Time held, as shares of one; an issue held for no measurable time belongs to its lead. */
function sharesOf(
	held: Map<number, number>,
	lead: number | null,
): IssueFacts["shares"] {
	const total = [...held.values()].reduce((a, b) => a + b, 0);
	if (total === 0)
		return lead === null ? [] : [{ departmentId: lead, share: 1 }];
	return [...held]
		.filter(([, ms]) => ms > 0)
		.map(([departmentId, ms]) => ({ departmentId, share: ms / total }));
}

/**
 * The same keys, nulls where the other has nulls, and numbers equal to `relative` of their size: a
 * department's count is a sum of fractional shares, and the reference adds its issues in the order
 * Postgres returns the cohort (physical order, which updates change), the computation in
 * registration order.
 */
export function expectSameFigures(
	actual: PeriodFigures,
	expected: PeriodFigures,
	relative = 1e-12,
) {
	const close = (a: unknown, b: unknown, path: string): void => {
		if (typeof a === "number" && typeof b === "number") {
			const scale = Math.max(1, Math.abs(a), Math.abs(b));
			if (Math.abs(a - b) > relative * scale)
				throw new Error(`${path}: ${a} ≠ ${b}`);
			return;
		}
		if (
			a !== null &&
			b !== null &&
			typeof a === "object" &&
			typeof b === "object"
		) {
			const keys = Object.keys(a).sort().join();
			if (keys !== Object.keys(b).sort().join())
				throw new Error(
					`${path}: keys ${keys} ≠ ${Object.keys(b).sort().join()}`,
				);
			for (const key of Object.keys(a))
				close(
					(a as Record<string, unknown>)[key],
					(b as Record<string, unknown>)[key],
					`${path}.${key}`,
				);
			return;
		}
		if (a !== b) throw new Error(`${path}: ${String(a)} ≠ ${String(b)}`);
	};
	close(actual, expected, "figures");
}
