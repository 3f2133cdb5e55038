import { z } from "zod";

export const URGENCIES = ["urgent", "normal", "complex"] as const;
export type Urgency = (typeof URGENCIES)[number];

const limitSchema = z.object({
	/** Time to accept (签收), counted in office hours of working days. */
	acceptWorkingHours: z.number().positive(),
	/** Time to resolve (限时办结), in working days. */
	resolveWorkingDays: z.number().int().positive(),
});
export type DeadlineLimit = z.infer<typeof limitSchema>;

const byUrgencySchema = z.object({
	urgent: limitSchema,
	normal: limitSchema,
	complex: limitSchema,
});

/** Category × urgency → time limits. A category may override some urgencies; the rest fall back. */
export const deadlinePolicySchema = z.object({
	clockStartsAt: z.enum(["acceptance", "dispatch"]).default("acceptance"),
	byUrgency: byUrgencySchema,
	byCategory: z.record(z.string(), byUrgencySchema.partial()).default({}),
});
export type DeadlinePolicy = z.infer<typeof deadlinePolicySchema>;

const dateSchema = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD");
const clockTimeSchema = z
	.string()
	.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a time as HH:MM");

/** The working-day calendar's settings: office hours and local overrides of the national calendar. */
export const calendarSettingsSchema = z.object({
	officeHours: z
		.array(z.tuple([clockTimeSchema, clockTimeSchema]))
		.min(1)
		.default([
			["09:00", "12:00"],
			["13:30", "17:30"],
		]),
	/** Extra days off (e.g. a local holiday). */
	holidays: z.array(dateSchema).default([]),
	/** Extra working days (e.g. a 调休 Saturday the package does not know yet). */
	workdays: z.array(dateSchema).default([]),
});
export type CalendarSettings = z.infer<typeof calendarSettingsSchema>;

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = {
	clockStartsAt: "acceptance",
	byUrgency: {
		urgent: { acceptWorkingHours: 1, resolveWorkingDays: 1 },
		normal: { acceptWorkingHours: 4, resolveWorkingDays: 5 },
		complex: { acceptWorkingHours: 8, resolveWorkingDays: 15 },
	},
	byCategory: {},
};

/**
 * What is copied onto an issue when it is planned (issues.policy), so that editing the directory
 * does not change issues in flight. The escalation engine adds its own part later.
 */
export interface IssuePolicySnapshot {
	clockStartsAt: DeadlinePolicy["clockStartsAt"];
	limit: DeadlineLimit;
}
