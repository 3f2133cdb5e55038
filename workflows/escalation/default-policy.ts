/**
 * The default escalation policy, from docs/domain.md: 钱塘区's three colours at 60/80/100 %, a widening
 * sanctions ladder after the deadline, an acceptance ladder up to the supervisors, 半月一更新, rating
 * reminders with auto-confirmation, 回访.
 *
 * Warnings, reminders to officials and sanctions are direct messages: the work group is read by
 * every enterprise in it, and a department's colour is not theirs to watch (docs/noise.md). Only
 * what the enterprise must read or do is said in the issue's thread.
 */
import type { EscalationPolicy, NotifySpec } from "./policy-schema.ts";

const thread = (
	who: NotifySpec["who"],
	text: NotifySpec["text"],
): NotifySpec => ({ who, where: "thread", text });
const direct = (
	who: NotifySpec["who"],
	text: NotifySpec["text"],
): NotifySpec => ({ who, where: "direct", text });

/** What each colour says when a policy lists a colour without its own `notify`. */
export const DEFAULT_COLOUR_NOTIFY: Record<string, NotifySpec[]> = {
	yellow: [direct(["lead_officials"], "warn_colour")],
	blue: [direct(["lead_officials"], "warn_colour")],
	green: [direct(["lead_officials"], "warn_colour")],
	orange: [
		direct(["lead_officials"], "warn_colour"),
		direct(["leader"], "warn_orange_leader"),
	],
	red: [
		direct(["office"], "warn_red"),
		direct(["supervisors"], "warn_red_supervisors"),
		direct(["baobao_leader"], "warn_red_baobao"),
	],
};

/** A milestone missed: the department the next working morning, then its leader, then supervision. */
export const DEFAULT_MILESTONE_STEPS: EscalationPolicy["followUp"] = [
	{
		key: "remind",
		afterWorkingHours: 0,
		notify: [thread(["lead_officials"], "milestone_overdue")],
	},
	{
		key: "leader",
		afterWorkingDays: 2,
		notify: [direct(["leader"], "milestone_overdue_leader")],
	},
	{
		key: "supervision",
		afterWorkingDays: 5,
		notify: [direct(["supervisors"], "milestone_overdue_supervisors")],
	},
];

/** A department's second transfer of one issue goes to review (说不评议), as 路桥区 does. */
export const DEFAULT_PASSING_THE_BUCK = { transfers: 2 };

export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = {
	acceptance: [
		{
			key: "remind",
			afterWorkingHours: 0,
			colour: "yellow",
			notify: [direct(["lead_officials"], "accept_overdue")],
		},
		{
			key: "office",
			afterWorkingHours: 2,
			colour: "orange",
			notify: [direct(["office"], "accept_overdue_office")],
		},
		{
			key: "leader",
			afterWorkingHours: 8,
			colour: "orange",
			notify: [direct(["leader"], "accept_overdue_leader")],
		},
		{
			key: "supervision",
			afterWorkingHours: 16,
			colour: "red",
			notify: [
				direct(["supervisors"], "accept_overdue_supervisors"),
				direct(["baobao_leader"], "warn_red_baobao"),
			],
		},
	],
	colours: [
		{
			colour: "yellow",
			level: "yellow",
			atFraction: 0.6,
			notify: DEFAULT_COLOUR_NOTIFY.yellow ?? [],
		},
		{
			colour: "orange",
			level: "orange",
			atFraction: 0.8,
			notify: DEFAULT_COLOUR_NOTIFY.orange ?? [],
		},
		{
			colour: "red",
			level: "red",
			atFraction: 1,
			notify: DEFAULT_COLOUR_NOTIFY.red ?? [],
		},
	],
	sanctions: {
		everyWorkingHours: 8,
		steps: [
			{
				key: "notice",
				notify: [
					direct(["lead_officials"], "sanction_notice"),
					direct(["leader"], "sanction_notice_leader"),
				],
			},
			{
				key: "briefing",
				notify: [
					{
						who: ["supervisors"],
						where: "leaders_group",
						text: "sanction_briefing",
					},
				],
			},
			{
				key: "interview",
				notify: [direct(["district_head"], "sanction_interview")],
			},
		],
	},
	progress: {
		minResolveWorkingDays: 10,
		afterDays: 15,
		notify: [
			direct(["lead_officials"], "progress_due"),
			thread(["enterprise"], "progress_due_enterprise"),
		],
	},
	review: [
		{
			key: "remind",
			afterWorkingHours: 8,
			notify: [direct(["reviewers"], "review_waiting")],
		},
		{
			key: "again",
			afterWorkingDays: 3,
			notify: [direct(["supervisors"], "review_waiting")],
		},
	],
	rating: [
		{
			key: "remind",
			afterWorkingDays: 1,
			notify: [direct(["enterprise"], "rating_reminder")],
		},
		{
			key: "auto_confirm",
			afterWorkingDays: 5,
			action: "auto_confirm",
			notify: [thread(["enterprise", "lead_officials"], "auto_confirmed")],
		},
	],
	followUp: [
		{
			key: "visit",
			afterDays: 7,
			notify: [
				thread(["enterprise"], "followup_visit"),
				direct(["specialist"], "followup_specialist"),
			],
		},
	],
	milestones: DEFAULT_MILESTONE_STEPS,

	tiers: {
		// A joint-meeting issue (联席会议) is chaired by the district head: the head hears of orange too.
		joint_meeting: {
			colours: [
				{
					colour: "yellow",
					level: "yellow",
					atFraction: 0.6,
					notify: DEFAULT_COLOUR_NOTIFY.yellow ?? [],
				},
				{
					colour: "orange",
					level: "orange",
					atFraction: 0.8,
					notify: [
						...(DEFAULT_COLOUR_NOTIFY.orange ?? []),
						direct(["district_head"], "warn_orange_leader"),
					],
				},
				{
					colour: "red",
					level: "red",
					atFraction: 1,
					notify: DEFAULT_COLOUR_NOTIFY.red ?? [],
				},
			],
		},
	},
	quietHours: { enabled: true, urgentBypasses: true },
	retrospective: {
		urgencies: ["complex"],
		categories: ["policy"],
		// 上级交办 (庆元县 一案一报告): every issue handed down closes with its report.
		channels: ["superior"],
	},
	passingTheBuck: DEFAULT_PASSING_THE_BUCK,
};
