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
	"followup_specialist",
	"milestone_overdue",
	"milestone_overdue_leader",
	"milestone_overdue_supervisors",
	"warn_red_baobao",
	"specialist_new_issue",
	"refused_supervisors",
	"return_refused_supervisors",
	"review_can_do_supervisors",
] as const;
export type EscalationStepText = (typeof ESCALATION_STEP_TEXTS)[number];
