/**
 * Quiet hours: leaders and supervisors are pinged (direct messages, the leaders' group) only in
 * office hours of working days, unless the issue is urgent. What is held is released as one digest
 * per person when the next office period opens. Messages in an issue's own thread are never held.
 */
import type { WorkingCalendar } from "../calendar/types.ts";
import type { AudienceRole, EscalationPolicy, Place } from "./policy-schema.ts";

/** The roles whose pings wait for office hours. */
export const QUIET_ROLES: readonly AudienceRole[] = [
	"leader",
	"supervisors",
	"district_head",
	"reviewers",
	"specialist",
	"baobao_leader",
];

export type Delivery = { kind: "now" } | { kind: "hold"; until: Date };

export interface DeliveryInput {
	role: AudienceRole;
	where: Place;
	urgent: boolean;
	quietHours: EscalationPolicy["quietHours"];
	calendar: WorkingCalendar;
	now: Date;
}

export function deliveryFor(input: DeliveryInput): Delivery {
	const { role, where, urgent, quietHours, calendar, now } = input;
	const quiet =
		quietHours.enabled &&
		where !== "thread" &&
		QUIET_ROLES.includes(role) &&
		!(urgent && quietHours.urgentBypasses) &&
		!calendar.isOfficeHours(now);
	return quiet
		? { kind: "hold", until: calendar.nextOfficeOpening(now) }
		: { kind: "now" };
}
