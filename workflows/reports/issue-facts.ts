/**
 * What the reports need to know of one issue, read from its audit log as it stood at `asOf`.
 * Pure: the events are given oldest first.
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

export interface IssueFacts {
	/** A `resolved` event (办结), at least once. */
	resolved: boolean;
	/** Reached `done`: the enterprise confirmed or rated it satisfied (办成). */
	done: boolean;
	/** First resolution at or before the deadline in force then. */
	onTime: boolean;
	/**
	 * Resolved after its deadline, or still unresolved past it (超时); also accepted after its
	 * acceptance deadline, or still not accepted past it (签收超时).
	 */
	overdue: boolean;
	/** Said it cannot be done, or passed it on a second time (说不). */
	refusals: number;
	reviews: Record<ReviewOutcome, number>;
	extensions: number;
	/** From the dispatch before the first acceptance to that acceptance; null if never accepted. */
	acceptMs: number | null;
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
const ENDING_STATES = new Set(["withdrawn", "closed"]);

export function issueFacts(
	events: readonly FactEvent[],
	asOf: Date,
): IssueFacts {
	const facts: IssueFacts = {
		resolved: false,
		done: false,
		onTime: false,
		overdue: false,
		refusals: 0,
		reviews: { refusal_stands: 0, should_do: 0, can_do: 0 },
		extensions: 0,
		acceptMs: null,
	};
	let due: Date | null = null;
	let dispatchedAt: Date | null = null;
	let endedAt: Date | null = null;
	let acceptDue: Date | null = null;
	let acceptLate = false;
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
		if (DISPATCH_KINDS.has(event.kind)) dispatchedAt = event.createdAt;
		if (event.kind === "accepted" && facts.acceptMs === null && dispatchedAt)
			facts.acceptMs = event.createdAt.getTime() - dispatchedAt.getTime();
		if (event.kind === "resolved" && !facts.resolved) {
			facts.resolved = true;
			facts.onTime = due === null || event.createdAt <= due;
		}
		if (event.toState === "done") facts.done = true;
		if (REFUSAL_KINDS.has(event.kind)) facts.refusals += 1;
		if (event.kind === "review_decided") {
			const outcome = payload.outcome as ReviewOutcome;
			if (outcome in facts.reviews) facts.reviews[outcome] += 1;
		}
		if (event.kind === "extension_approved") facts.extensions += 1;
		if (event.toState && ENDING_STATES.has(event.toState))
			endedAt ??= event.createdAt;
	}
	facts.overdue =
		(facts.resolved
			? !facts.onTime
			: due !== null && due < (endedAt ?? asOf)) ||
		acceptLate ||
		(acceptDue !== null && acceptDue < (endedAt ?? asOf));
	return facts;
}
