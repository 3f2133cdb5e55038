/**
 * What the reports need to know of one issue, read from its audit log as it stood at `asOf`.
 * Pure: the events are given oldest first. The definitions are in docs/figures.md.
 */
export interface FactEvent {
	kind: string;
	toState: string | null;
	payload: unknown;
	createdAt: Date;
}

export const REVIEW_OUTCOMES = [
	"refusal_stands",
	"should_do",
	"can_do",
] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** What one department did on the issue: counted for the department that led it at the time. */
export interface ActsFacts {
	/** Said it cannot be done, or passed it on a second time (说不). */
	refusals: number;
	reviews: Record<ReviewOutcome, number>;
	extensions: number;
	/** From its dispatch to its acceptance, per acceptance. */
	acceptMs: number[];
}

export interface IssueFacts {
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

export const emptyActs = (): ActsFacts => ({
	refusals: 0,
	reviews: { refusal_stands: 0, should_do: 0, can_do: 0 },
	extensions: 0,
	acceptMs: [],
});

/**
 * `currentLead` is the issue's lead department now: dispatch events written before the event carried
 * its department (and seeded ones) are read as dispatches to it.
 */
export function issueFacts(
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
