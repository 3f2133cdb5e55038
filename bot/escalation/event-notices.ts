/**
 * Direct messages that lifecycle events owe to people outside the thread, delivered as escalation
 * steps are (bot/escalation/deliver.ts): in office hours for supervisors and the enterprise's own
 * people, held for the next digest otherwise, one outbox row per person and event.
 *
 * - supervisors: a refusal (不能办), a refused return (驳回退单) and a "can do" review outcome
 *   (能够办理, reported to supervision);
 * - the enterprise's service specialist (暖企专员): each new issue of the enterprise.
 */
import type { DbOrTx } from "../../db/client.ts";
import type { Issue, IssueEvent } from "../../db/schema/issues.ts";
import type { WorkingCalendar } from "../../workflows/calendar/types.ts";
import { DEFAULT_ESCALATION_POLICY } from "../../workflows/escalation/default-policy.ts";
import type { PlannedStep } from "../../workflows/escalation/plan.ts";
import type { NotifySpec } from "../../workflows/escalation/policy-schema.ts";
import { escalationOf } from "../../workflows/escalation/resolve-policy.ts";
import type { Platform } from "../messages.ts";
import type { Locale } from "../texts/catalog.ts";
import { type Delivered, deliverStep } from "./deliver.ts";

export interface EventNoticeContext {
	db: DbOrTx;
	issue: Issue;
	calendar: WorkingCalendar;
	locale: Locale;
	now: Date;
	platforms?: readonly Platform[];
}

/** The supervisors' notice an event owes, if any. */
function supervisorsNotice(event: IssueEvent): NotifySpec | null {
	const payload = event.payload as Record<string, unknown>;
	const text =
		event.kind === "refused"
			? "refused_supervisors"
			: event.kind === "return_refused"
				? "return_refused_supervisors"
				: event.kind === "review_decided" && payload.outcome === "can_do"
					? "review_can_do_supervisors"
					: null;
	return text ? { who: ["supervisors"], where: "direct", text } : null;
}

/** After a lifecycle command: the supervisors' direct messages the event calls for. */
export async function deliverEventNotices(
	ctx: EventNoticeContext,
	event: IssueEvent,
): Promise<Delivered | null> {
	const spec = supervisorsNotice(event);
	if (!spec) return null;
	const payload = event.payload as Record<string, unknown>;
	const reason = [payload.reason, payload.note].find(
		(v): v is string => typeof v === "string" && v.length > 0,
	);
	return deliverOnce(ctx, {
		key: `event-${event.id}`,
		at: ctx.now,
		part: "event",
		notify: [spec],
		params: { reason: reason ?? "—" },
	});
}

/** After a new issue is opened: its enterprise's service specialist is told. */
export function tellSpecialist(ctx: EventNoticeContext): Promise<Delivered> {
	return deliverOnce(ctx, {
		key: "opened",
		at: ctx.now,
		part: "event",
		notify: [
			{ who: ["specialist"], where: "direct", text: "specialist_new_issue" },
		],
	});
}

function deliverOnce(
	ctx: EventNoticeContext,
	step: PlannedStep,
): Promise<Delivered> {
	return deliverStep(
		{
			db: ctx.db,
			issue: ctx.issue,
			escalation: escalationOf(ctx.issue.policy) ?? DEFAULT_ESCALATION_POLICY,
			calendar: ctx.calendar,
			now: ctx.now,
			locale: ctx.locale,
			platforms: ctx.platforms,
		},
		step,
	);
}
