/**
 * What the reports need to know of one issue, read from its audit log as it stood at a counting
 * time. The events are folded one by one, oldest first (`foldEvent`), into plain data that does not
 * depend on the counting time; `finishFacts` then reads the facts at that time. The fold of all of
 * an issue's events can therefore be kept and finished again later (issue-fact-states.ts). The
 * definitions are in docs/figures.md.
 */

/** One audit event as the fold reads it. */
export interface FactEvent {
	kind: string;
	toState: string | null;
	payload: unknown;
	/** `created_at` in ms since 1970, truncated to the millisecond as a JavaScript Date would be. */
	at: number;
}

export const REVIEW_OUTCOMES = [
	"refusal_stands",
	"should_do",
	"can_do",
] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** What one department did on the issue: counted for the department that led it at the time. */
export interface ActsFacts {
	/** `null` for acts while no department led the issue. */
	departmentId: number | null;
	/** Said it cannot be done, or passed it on a second time (说不). */
	refusals: number;
	reviews: Record<ReviewOutcome, number>;
	extensions: number;
	/** Acceptances, and the sum of their times from dispatch (ms). */
	acceptCount: number;
	acceptMsTotal: number;
}

/** The fold of some of an issue's events. Plain data (JSON), independent of the counting time. */
export interface FoldedFacts {
	resolved: boolean;
	onTime: boolean;
	doneBy: "enterprise" | "auto" | null;
	/** The deadline in force (ms; NaN for a date that does not parse). */
	due: number | null;
	dispatchedAt: number | null;
	accepted: boolean;
	endedAt: number | null;
	acceptDue: number | null;
	acceptLate: boolean;
	lead: number | null;
	holding: { departmentId: number; since: number } | null;
	/** Time held so far, by department, in the order they first stopped holding it. */
	held: Array<{ departmentId: number; ms: number }>;
	/** In the order the departments (or nobody) first led it during an event. */
	acts: ActsFacts[];
	/** A dispatch named no department and was read as to `currentLead` (the lead when folded). */
	readCurrentLead: boolean;
}

export interface IssueFacts {
	/** A `resolved` event (办结), at least once. */
	resolved: boolean;
	/** Stands in `done` at the counting time, put there by the enterprise (confirmed or rated) (办成). */
	done: boolean;
	/** Stands in `done` at the counting time because nobody answered in time (自动确认): not 办成. */
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
	/** The departments' own acts (and those while nobody led it). */
	acts: ActsFacts[];
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

export function startFold(): FoldedFacts {
	return {
		resolved: false,
		onTime: false,
		doneBy: null,
		due: null,
		dispatchedAt: null,
		accepted: false,
		endedAt: null,
		acceptDue: null,
		acceptLate: false,
		lead: null,
		holding: null,
		held: [],
		acts: [],
		readCurrentLead: false,
	};
}

function stopHolding(fold: FoldedFacts, at: number): void {
	const { holding } = fold;
	if (!holding) return;
	addHeld(fold.held, holding.departmentId, Math.max(0, at - holding.since));
	fold.holding = null;
}

function addHeld(
	held: FoldedFacts["held"],
	departmentId: number,
	ms: number,
): void {
	for (const entry of held)
		if (entry.departmentId === departmentId) {
			entry.ms += ms;
			return;
		}
	held.push({ departmentId, ms });
}

function actsOf(fold: FoldedFacts, departmentId: number | null): ActsFacts {
	for (const acts of fold.acts)
		if (acts.departmentId === departmentId) return acts;
	const fresh: ActsFacts = {
		departmentId,
		refusals: 0,
		reviews: { refusal_stands: 0, should_do: 0, can_do: 0 },
		extensions: 0,
		acceptCount: 0,
		acceptMsTotal: 0,
	};
	fold.acts.push(fresh);
	return fresh;
}

const isReviewOutcome = (value: unknown): value is ReviewOutcome =>
	value === "refusal_stands" || value === "should_do" || value === "can_do";

/**
 * Adds one event (the next by id) to the fold. `currentLead` is the issue's lead department now:
 * dispatch events written before the event carried its department (and seeded ones) are read as
 * dispatches to it.
 */
export function foldEvent(
	fold: FoldedFacts,
	event: FactEvent,
	currentLead: number | null,
): void {
	const { kind, at } = event;
	const to = event.toState;
	const payload = (event.payload ?? {}) as Record<string, unknown>;
	if (
		fold.acceptDue !== null &&
		(ACCEPTANCE_ENDS.has(kind) || to === "closed" || to === "withdrawn")
	) {
		fold.acceptLate ||= at > fold.acceptDue;
		fold.acceptDue = null;
	}
	if (typeof payload.acceptDueAt === "string")
		fold.acceptDue = Date.parse(payload.acceptDueAt);
	if (typeof payload.dueAt === "string") fold.due = Date.parse(payload.dueAt);
	if (DISPATCH_KINDS.has(kind)) {
		stopHolding(fold, at);
		if (typeof payload.departmentId === "number")
			fold.lead = payload.departmentId;
		else {
			fold.lead = currentLead;
			fold.readCurrentLead = true;
		}
		fold.dispatchedAt = at;
		fold.accepted = false;
		if (fold.lead !== null)
			fold.holding = { departmentId: fold.lead, since: at };
	}
	if (kind === "returned") {
		stopHolding(fold, at);
		fold.lead = null;
	}
	const own = actsOf(fold, fold.lead);
	if (kind === "accepted" && !fold.accepted && fold.dispatchedAt !== null) {
		own.acceptCount += 1;
		own.acceptMsTotal += at - fold.dispatchedAt;
		fold.accepted = true;
	}
	if (kind === "resolved" && !fold.resolved) {
		fold.resolved = true;
		fold.onTime = fold.due === null || at <= fold.due;
	}
	if (REFUSAL_KINDS.has(kind)) own.refusals += 1;
	if (kind === "review_decided" && isReviewOutcome(payload.outcome))
		own.reviews[payload.outcome] += 1;
	if (kind === "extension_approved") own.extensions += 1;

	if (to === "done")
		fold.doneBy = kind === "auto_confirmed" ? "auto" : "enterprise";
	else if (to !== null) fold.doneBy = null;
	if (to && TERMINAL_STATES.has(to)) stopHolding(fold, at);
	else if (to && !fold.holding && fold.lead !== null)
		fold.holding = { departmentId: fold.lead, since: at };
	if (to && ENDING_STATES.has(to)) fold.endedAt ??= at;
}

/** The facts at `asOf` (ms) of a fold of the events before it. Leaves the fold as it was. */
export function finishFacts(
	fold: FoldedFacts,
	asOf: number,
	currentLead: number | null,
): IssueFacts {
	let held = fold.held;
	if (fold.holding) {
		held = [];
		for (const h of fold.held)
			held.push({ departmentId: h.departmentId, ms: h.ms });
		addHeld(
			held,
			fold.holding.departmentId,
			Math.max(0, asOf - fold.holding.since),
		);
	}
	const { resolved, onTime, due, acceptDue } = fold;
	const until = fold.endedAt ?? asOf;
	const late = resolved ? !onTime : due !== null && due < until;
	const acceptanceLate =
		fold.acceptLate || (acceptDue !== null && acceptDue < until);
	const done = fold.doneBy === "enterprise";
	return {
		resolved,
		done,
		autoConfirmed: fold.doneBy === "auto",
		onTime: resolved && onTime,
		overdue: late || acceptanceLate,
		// 超时办成 is about the resolution: a late acceptance alone does not make it.
		doneLate: done && resolved && !onTime,
		shares: sharesOf(held, fold.lead ?? currentLead),
		acts: fold.acts,
	};
}

/** Time held, as shares of one; an issue held for no measurable time belongs to its lead. */
function sharesOf(
	held: FoldedFacts["held"],
	lead: number | null,
): IssueFacts["shares"] {
	let total = 0;
	for (const h of held) total += h.ms;
	if (total === 0)
		return lead === null ? [] : [{ departmentId: lead, share: 1 }];
	const shares: IssueFacts["shares"] = [];
	for (const h of held)
		if (h.ms > 0)
			shares.push({ departmentId: h.departmentId, share: h.ms / total });
	return shares;
}
