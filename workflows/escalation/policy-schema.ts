/**
 * The escalation policy as data: the directory file's `escalation:` section. Every step names who is
 * told (a role relative to the issue), where (the issue's thread, a direct message, the leaders'
 * group) and which text. Missing parts fall back to DEFAULT_ESCALATION_POLICY (default-policy.ts).
 */
import { z } from "zod";
import { COLOURS, TIERS } from "../../db/schema/issues.ts";
import { ESCALATION_STEP_TEXTS } from "./step-texts.ts";

export const AUDIENCE_ROLES = [
	"lead_officials",
	"co_officials",
	"office",
	"leader",
	"supervisors",
	"district_head",
	"enterprise",
	/** Supervisors and the issue's service office: who decides a refusal review. */
	"reviewers",
	/** The service specialist (暖企专员) of the issue's enterprise. */
	"specialist",
	/** The 包保 leader (三级包保) of the issue's enterprise. */
	"baobao_leader",
] as const;
export type AudienceRole = (typeof AUDIENCE_ROLES)[number];

export const PLACES = ["thread", "direct", "leaders_group"] as const;
export type Place = (typeof PLACES)[number];

const notifySchema = z.object({
	who: z.array(z.enum(AUDIENCE_ROLES)).min(1),
	where: z.enum(PLACES).default("thread"),
	text: z.enum(ESCALATION_STEP_TEXTS),
});
export type NotifySpec = z.infer<typeof notifySchema>;

const stepKeySchema = z
	.string()
	.regex(/^[a-z][a-z0-9_]*$/, "expected a key like remind or office_2");

/** A step timed from an anchor (acceptance deadline, resolution, closing, entering review). */
const timedStepSchema = z
	.object({
		key: stepKeySchema,
		/** Office hours of working days after the anchor (0: at the anchor itself). */
		afterWorkingHours: z.number().min(0).optional(),
		/** Close of office on the Nth working day after the anchor. */
		afterWorkingDays: z.number().int().min(0).optional(),
		/** Calendar days after the anchor. */
		afterDays: z.number().min(0).optional(),
		notify: z.array(notifySchema).default([]),
		/** What the system does besides telling people. */
		action: z.enum(["auto_confirm"]).optional(),
		/** Acceptance steps: the warning level the issue shows from this step on, until accepted. */
		colour: z.enum(COLOURS).optional(),
	})
	.refine(
		(step) =>
			[step.afterWorkingHours, step.afterWorkingDays, step.afterDays].filter(
				(v) => v !== undefined,
			).length === 1,
		{
			message:
				"give exactly one of afterWorkingHours, afterWorkingDays, afterDays",
		},
	);
export type TimedStep = z.infer<typeof timedStepSchema>;

export const COLOUR_NAMES = [
	"yellow",
	"blue",
	"green",
	"orange",
	"red",
] as const;
const STORED: Record<string, (typeof COLOURS)[number]> = {
	yellow: "yellow",
	orange: "orange",
	red: "red",
};

/**
 * A warning colour at a fraction of the allowed time. `level` is what issues.colour shows (the
 * column knows green/yellow/orange/red); it defaults to the colour itself, and a five-colour
 * policy (黄蓝绿橙红) says which level blue and green count as.
 */
const colourStepSchema = z
	.object({
		colour: z.enum(COLOUR_NAMES),
		atFraction: z.number().positive(),
		level: z.enum(COLOURS).optional(),
		notify: z.array(notifySchema).optional(),
	})
	.transform((step, ctx) => {
		const level = step.level ?? STORED[step.colour];
		if (!level) {
			ctx.addIssue({
				code: "custom",
				message: `colour ${step.colour}: say which level it counts as (level: yellow, orange or red)`,
			});
			return z.NEVER;
		}
		return { ...step, level };
	});
export type ColourStep = z.infer<typeof colourStepSchema>;

const coloursSchema = z
	.array(colourStepSchema)
	.min(1)
	.refine(
		(steps) =>
			steps.every(
				(s, i) => i === 0 || s.atFraction > (steps[i - 1]?.atFraction ?? 0),
			),
		{ message: "colours must be in order of rising atFraction" },
	);

const sanctionsSchema = z.object({
	/** After the deadline, step i fires at (i + 1) × this many working hours. */
	everyWorkingHours: z.number().positive(),
	steps: z.array(
		z.object({ key: stepKeySchema, notify: z.array(notifySchema).min(1) }),
	),
});
export type Sanctions = z.infer<typeof sanctionsSchema>;

const progressSchema = z.object({
	/** Only issues allowed at least this many working days are nudged (a "long" issue). */
	minResolveWorkingDays: z.number().int().min(0),
	/** Calendar days without a progress note before the department is asked (半月一更新). */
	afterDays: z.number().positive(),
	notify: z.array(notifySchema).min(1),
});

/**
 * Passing the buck (推诿): a department's Nth transfer of one issue goes to the review pool
 * (说不评议) instead of to the department it names. Transfers by the office do not count as a
 * department's, but every transfer counts towards N.
 */
const passingTheBuckSchema = z.object({
	transfers: z.number().int().min(1),
});

/** What a tier changes: its own colours and sanctions. */
const tierOverrideSchema = z.object({
	colours: coloursSchema.optional(),
	sanctions: sanctionsSchema.optional(),
});

const quietHoursSchema = z.object({
	enabled: z.boolean().default(true),
	/** Urgent issues reach leaders and supervisors at any hour. */
	urgentBypasses: z.boolean().default(true),
});

/** Which issues need a retrospective (复盘) before they can be resolved or closed. */
const retrospectiveSchema = z.object({
	urgencies: z.array(z.string()).default([]),
	/** Category codes that expose policy gaps (e.g. policy: 政策兑现). */
	categories: z.array(z.string()).default([]),
	/** Source channels that mean "handed down from a higher level". */
	channels: z.array(z.string()).default([]),
});

/** The section as written: every part optional. */
export const escalationPolicySchema = z.object({
	acceptance: z.array(timedStepSchema).optional(),
	colours: coloursSchema.optional(),
	/** Default notifications of a colour step that lists none, by colour name. */
	colourNotify: z
		.partialRecord(z.enum(COLOUR_NAMES), z.array(notifySchema))
		.optional(),
	sanctions: sanctionsSchema.optional(),
	progress: progressSchema.optional(),
	review: z.array(timedStepSchema).optional(),
	rating: z.array(timedStepSchema).optional(),
	followUp: z.array(timedStepSchema).optional(),
	/** A plan's milestone not reached by its date: steps timed from the office opening after that day. */
	milestones: z.array(timedStepSchema).optional(),
	tiers: z.partialRecord(z.enum(TIERS), tierOverrideSchema).optional(),
	quietHours: quietHoursSchema.optional(),
	retrospective: retrospectiveSchema.optional(),
	passingTheBuck: passingTheBuckSchema.optional(),
});
export type EscalationPolicyInput = z.input<typeof escalationPolicySchema>;

/** The complete policy, as copied onto an issue (issues.policy.escalation). */
export interface EscalationPolicy {
	acceptance: TimedStep[];
	colours: Array<ColourStep & { notify: NotifySpec[] }>;
	sanctions: Sanctions;
	progress: z.infer<typeof progressSchema>;
	review: TimedStep[];
	rating: TimedStep[];
	followUp: TimedStep[];
	/** Absent in policies copied onto issues before it existed: DEFAULT_MILESTONE_STEPS. */
	milestones?: TimedStep[];
	tiers: Partial<
		Record<
			(typeof TIERS)[number],
			{
				colours?: Array<ColourStep & { notify: NotifySpec[] }>;
				sanctions?: Sanctions;
			}
		>
	>;
	quietHours: z.infer<typeof quietHoursSchema>;
	retrospective: z.infer<typeof retrospectiveSchema>;
	/** Absent in policies copied onto issues before it existed: DEFAULT_PASSING_THE_BUCK. */
	passingTheBuck?: z.infer<typeof passingTheBuckSchema>;
}
