/**
 * Pure escalation planning: given an issue (with its policy), the steps already taken, a working
 * calendar and `now`, which steps are due and when the issue must be woken next. Step keys carry
 * the anchor they are timed from (the deadline, the resolution …), so a new deadline (extension,
 * reopening, review) starts a fresh ladder while a retry of the same one skips what is done.
 */
import type { Colour, IssueState, Tier } from "../../db/schema/issues.ts";
import type { WorkingCalendar } from "../calendar/types.ts";
import { elapsedFraction, fractionReachedAt } from "../deadlines/progress.ts";
import { DEFAULT_MILESTONE_STEPS } from "./default-policy.ts";
import type {
	EscalationPolicy,
	NotifySpec,
	TimedStep,
} from "./policy-schema.ts";
import { policyForTier } from "./resolve-policy.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** More progress nudges than this on one silence would mean a bug, not a slow department. */
const MAX_PROGRESS_NUDGES = 1000;

/** What planning reads of an issue. */
export interface EscalationIssue {
	id: number;
	state: IssueState;
	tier: Tier;
	urgency: string;
	acceptDueAt: Date | null;
	acceptedAt: Date | null;
	clockStartedAt: Date | null;
	dueAt: Date | null;
	resolvedAt: Date | null;
	closedAt: Date | null;
	/** The working days the issue is allowed (issues.policy.limit.resolveWorkingDays). */
	resolveWorkingDays: number;
	/** The last progress note, if any. */
	lastProgressAt: Date | null;
	/** When the issue last entered the review pool. */
	reviewStartedAt: Date | null;
	/** The plan's milestones not reached yet; `dueAt` is the end of their day. */
	milestones?: Array<{ position: number; title: string; dueAt: Date }>;
	escalation: EscalationPolicy;
}

export type StepPart =
	| "acceptance"
	| "colour"
	| "sanction"
	| "progress"
	| "review"
	| "rating"
	| "follow_up"
	| "milestone"
	| "event";

export type StepKey = string;

export interface PlannedStep {
	key: StepKey;
	at: Date;
	part: StepPart;
	notify: NotifySpec[];
	/** Colour steps: the policy's colour, the level stored on the issue, the fraction. */
	colour?: { name: string; level: Colour; atFraction: number };
	action?: "auto_confirm";
	/** Progress steps: the days of silence; timed steps: their working days or days. */
	days?: number;
	/** Notices of lifecycle events (not timed): the facts their text needs, e.g. the reason. */
	params?: Record<string, string | number>;
	/** Milestone steps: the milestone that is late. */
	milestone?: { position: number; title: string; dueAt: Date };
}

export interface WakePlan {
	/** When to wake the issue: the earliest step not yet done. */
	at: Date;
	/** The steps due at `at` (or already overdue at `now`), in order. */
	steps: PlannedStep[];
}

const CLOCK_STATES: readonly IssueState[] = [
	"dispatched",
	"accepted",
	"awaiting_info",
	"reopened",
];
const ACCEPTANCE_STATES: readonly IssueState[] = ["dispatched", "reopened"];

const token = (at: Date) => at.getTime().toString(36);

/** Every step the issue's state calls for that is not done yet, earliest first. */
export function pendingSteps(
	issue: EscalationIssue,
	stepsDone: ReadonlySet<StepKey>,
	calendar: WorkingCalendar,
): PlannedStep[] {
	const policy = policyForTier(issue.escalation, issue.tier);
	const steps: PlannedStep[] = [];
	const timed = (
		part: StepPart,
		list: TimedStep[],
		anchor: Date,
		prefix: string,
	) => {
		for (const step of list)
			steps.push({
				key: `${prefix}-${step.key}-${token(anchor)}`,
				at: timedAt(calendar, anchor, step),
				part,
				notify: step.notify,
				...(step.action ? { action: step.action } : {}),
				days: step.afterWorkingDays ?? step.afterDays ?? 0,
			});
	};

	if (acceptancePending(issue) && issue.acceptDueAt)
		timed("acceptance", policy.acceptance, issue.acceptDueAt, "accept");

	const { clockStartedAt, dueAt } = issue;
	if (CLOCK_STATES.includes(issue.state) && clockStartedAt && dueAt) {
		for (const colour of policy.colours)
			steps.push({
				key: `colour-${colour.colour}-${token(dueAt)}`,
				at: fractionReachedAt(
					calendar,
					clockStartedAt,
					dueAt,
					colour.atFraction,
				),
				part: "colour",
				notify: colour.notify,
				colour: {
					name: colour.colour,
					level: colour.level,
					atFraction: colour.atFraction,
				},
			});
		policy.sanctions.steps.forEach((step, i) => {
			steps.push({
				key: `sanction-${step.key}-${token(dueAt)}`,
				at: calendar.addWorkingHours(
					dueAt,
					(i + 1) * policy.sanctions.everyWorkingHours,
				),
				part: "sanction",
				notify: step.notify,
			});
		});
		const progress = policy.progress;
		if (issue.resolveWorkingDays >= progress.minResolveWorkingDays) {
			const anchor =
				issue.lastProgressAt && issue.lastProgressAt > clockStartedAt
					? issue.lastProgressAt
					: clockStartedAt;
			for (let k = 1; k <= MAX_PROGRESS_NUDGES; k++) {
				const key = `progress-${token(anchor)}-${k}`;
				if (stepsDone.has(key)) continue;
				steps.push({
					key,
					at: new Date(anchor.getTime() + k * progress.afterDays * DAY_MS),
					part: "progress",
					notify: progress.notify,
					days: Math.round(k * progress.afterDays),
				});
				break;
			}
		}
	}

	if (CLOCK_STATES.includes(issue.state))
		for (const milestone of issue.milestones ?? []) {
			// Late from the end of its day; told when the next office period opens.
			const lateAt = calendar.isOfficeHours(milestone.dueAt)
				? milestone.dueAt
				: calendar.nextOfficeOpening(milestone.dueAt);
			for (const step of policy.milestones ?? DEFAULT_MILESTONE_STEPS)
				steps.push({
					key: `milestone-${milestone.position}-${step.key}-${token(milestone.dueAt)}`,
					at: timedAt(calendar, lateAt, step),
					part: "milestone",
					notify: step.notify,
					milestone,
					days: step.afterWorkingDays ?? step.afterDays ?? 0,
				});
		}

	if (issue.state === "under_review" && issue.reviewStartedAt)
		timed("review", policy.review, issue.reviewStartedAt, "review");
	if (issue.state === "resolved" && issue.resolvedAt)
		timed("rating", policy.rating, issue.resolvedAt, "rating");
	if (issue.state === "done" && issue.closedAt)
		timed("follow_up", policy.followUp, issue.closedAt, "followup");

	return steps
		.filter((step) => !stepsDone.has(step.key))
		.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * The next wake-up: the earliest pending step, with every step due by then (or by `now`, when the
 * wake-up is late). Null when nothing is left to do in this state.
 */
export function planNextWake(
	issue: EscalationIssue,
	stepsDone: ReadonlySet<StepKey>,
	calendar: WorkingCalendar,
	now: Date,
): WakePlan | null {
	const pending = pendingSteps(issue, stepsDone, calendar);
	const first = pending[0];
	if (!first) return null;
	const horizon = Math.max(first.at.getTime(), now.getTime());
	return {
		at: first.at,
		steps: pending.filter((step) => step.at.getTime() <= horizon),
	};
}

/** The time limit is running: a colour applies. */
export function clockRuns(issue: EscalationIssue): boolean {
	return (
		CLOCK_STATES.includes(issue.state) &&
		issue.clockStartedAt !== null &&
		issue.dueAt !== null
	);
}

/** Handed to a department that has not accepted it yet: the acceptance ladder applies. */
export function acceptancePending(
	issue: Pick<EscalationIssue, "state" | "acceptedAt" | "acceptDueAt">,
): boolean {
	return (
		ACCEPTANCE_STATES.includes(issue.state) &&
		issue.acceptedAt === null &&
		issue.acceptDueAt !== null
	);
}

/** Either ladder gives the issue a colour: the time limit, or an acceptance that is late. */
export function colourApplies(issue: EscalationIssue): boolean {
	return clockRuns(issue) || acceptancePending(issue);
}

const LEVELS: readonly Colour[] = ["green", "yellow", "orange", "red"];
const higher = (a: Colour, b: Colour) =>
	LEVELS.indexOf(b) > LEVELS.indexOf(a) ? b : a;

/**
 * The warning level the issue shows at `now`: the last colour of the time limit reached, or of the
 * acceptance ladder while the issue waits to be accepted, whichever is higher; green otherwise.
 */
export function colourAt(
	issue: EscalationIssue,
	calendar: WorkingCalendar,
	now: Date,
): Colour {
	let level: Colour = "green";
	const policy = policyForTier(issue.escalation, issue.tier);
	if (acceptancePending(issue) && issue.acceptDueAt)
		for (const step of policy.acceptance)
			if (step.colour && timedAt(calendar, issue.acceptDueAt, step) <= now)
				level = higher(level, step.colour);
	const { clockStartedAt, dueAt } = issue;
	if (!CLOCK_STATES.includes(issue.state) || !clockStartedAt || !dueAt)
		return level;
	const fraction = elapsedFraction(calendar, clockStartedAt, dueAt, now);
	for (const colour of policy.colours)
		if (fraction >= colour.atFraction) level = higher(level, colour.level);
	return level;
}

function timedAt(
	calendar: WorkingCalendar,
	anchor: Date,
	step: TimedStep,
): Date {
	if (step.afterWorkingDays !== undefined)
		return calendar.addWorkingDays(anchor, step.afterWorkingDays);
	if (step.afterDays !== undefined)
		return new Date(anchor.getTime() + step.afterDays * DAY_MS);
	const hours = step.afterWorkingHours ?? 0;
	return hours === 0 ? anchor : calendar.addWorkingHours(anchor, hours);
}
