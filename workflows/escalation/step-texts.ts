/**
 * The texts a policy step may name in its `text` field, as codes. The runtime renders each code in
 * the deployment's language (bot/texts/escalation.ts, which has every one of them).
 */
export const ESCALATION_STEP_TEXTS = [
	"accept_overdue",
	"accept_overdue_office",
	"accept_overdue_leader",
	"accept_overdue_supervisors",
	"warn_colour",
	"warn_orange_leader",
	"warn_red",
	"warn_red_supervisors",
	"sanction_notice",
	"sanction_notice_leader",
	"sanction_briefing",
	"sanction_interview",
	"progress_due",
	"progress_due_enterprise",
	"review_waiting",
	"rating_reminder",
	"auto_confirmed",
	"followup_visit",
] as const;
export type EscalationStepText = (typeof ESCALATION_STEP_TEXTS)[number];
