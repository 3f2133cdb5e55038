/** The shape of a deployment's directory file (YAML). Cross-references are checked separately. */
import { z } from "zod";
import {
	DEPARTMENT_KINDS,
	GROUP_KINDS,
	PERSON_ROLES,
	PLATFORMS,
} from "../../db/schema/directory.ts";
import { parseLocalDate } from "../calendar/local-time.ts";
import {
	calendarSettingsSchema,
	DEFAULT_DEADLINE_POLICY,
	deadlinePolicySchema,
	URGENCIES,
} from "../deadlines/policy-schema.ts";
import { escalationPolicySchema } from "../escalation/policy-schema.ts";
import type { IntakeSettings } from "../intake/routing-types.ts";
import { reportSettingsSchema } from "../reports/lists.ts";
import { LOCALES } from "../shared/locales.ts";
import {
	categoryAreaFields,
	enterpriseOwnersFields,
} from "./owners-and-areas-schema.ts";

const codeSchema = z
	.string()
	.regex(
		/^[A-Za-z0-9][A-Za-z0-9._-]*$/,
		"a code is letters, digits, '.', '_' or '-' (no spaces), e.g. hrss-bureau",
	);
const nameSchema = z.string().trim().min(1, "must not be empty");
const optionalText = z
	.string()
	.trim()
	.min(1, "must not be empty (leave the field out instead)")
	.optional();
const wordsSchema = z.array(nameSchema);

const identitySchema = z.strictObject({
	platform: z.enum(PLATFORMS),
	/** The platform's account id: WeChat contact id, Slack U…/S… id, playground user id. */
	id: nameSchema,
	name: optionalText,
});
export type DirectoryIdentity = z.infer<typeof identitySchema>;

/** A week's duty officers: one person code, or several. */
const dutyWeekSchema = z.union([
	codeSchema,
	z.array(codeSchema).min(1, "a week needs at least one person"),
]);

/**
 * `duty: [shi-lei]` (the same officers every week) or
 * `duty: { rotation: [shi-lei, [wang-qiang, li-na]], from: "2026-11-30" }` (one entry a week, in turn,
 * the first from that local date).
 */
const dutySchema = z.union([
	z.array(codeSchema).min(1, "name at least one duty officer"),
	z.strictObject({
		rotation: z
			.array(dutyWeekSchema)
			.min(1, "a rotation needs at least one week"),
		from: z
			.string()
			.refine(isLocalDate, "expected the rotation's first day as YYYY-MM-DD"),
	}),
]);
export type DirectoryDuty = z.infer<typeof dutySchema>;

function isLocalDate(text: string): boolean {
	try {
		parseLocalDate(text);
		return true;
	} catch {
		return false;
	}
}

const officeSchema = z.strictObject({ code: codeSchema, name: nameSchema });

const departmentSchema = z.strictObject({
	code: codeSchema,
	name: nameSchema,
	aliases: wordsSchema.default([]),
	kind: z.enum(DEPARTMENT_KINDS).default("department"),
	/** Person code of the department's head. */
	head: codeSchema.optional(),
	/** Person code of the leader in charge (分管领导). */
	leader: codeSchema.optional(),
	/** Collective handles: a Slack user group, a WeChat contact for the whole department. */
	identities: z.array(identitySchema).default([]),
	/** Duty officers (首接负责制): mentioned for a new issue instead of every official. */
	duty: dutySchema.optional(),
});

const personSchema = z.strictObject({
	code: codeSchema,
	name: nameSchema,
	title: optionalText,
	roles: z.array(z.enum(PERSON_ROLES)).min(1, "needs at least one role"),
	department: codeSchema.optional(),
	office: codeSchema.optional(),
	enterprise: codeSchema.optional(),
	locale: z.enum(LOCALES).optional(),
	identities: z.array(identitySchema).default([]),
});

const enterpriseSchema = z.strictObject({
	code: codeSchema,
	name: nameSchema,
	sector: optionalText,
	area: optionalText,
	creditCode: z
		.string()
		.regex(
			/^[0-9A-Z]{18}$/,
			"a unified social credit code is 18 digits or capital letters",
		)
		.optional(),
	office: codeSchema.optional(),
	...enterpriseOwnersFields,
});

const groupSchema = z.strictObject({
	code: codeSchema,
	name: nameSchema,
	kind: z.enum(GROUP_KINDS).default("work"),
	office: codeSchema.optional(),
	/** kind `department`: the department whose internal group it is. */
	department: codeSchema.optional(),
	platform: z.enum(PLATFORMS),
	conversationId: optionalText,
	/** A WeChat room known only by its topic; its id is bound the first time the bot sees it. */
	roomTopic: optionalText,
});

const categorySchema = z.strictObject({
	code: codeSchema,
	name: nameSchema,
	keywords: z.array(nameSchema).min(1, "needs at least one keyword"),
	/** Department code of the lead department (牵头单位). */
	lead: codeSchema.optional(),
	/** Department codes of the co-handling departments (协办单位). */
	co: z.array(codeSchema).default([]),
	...categoryAreaFields,
});

/**
 * A labelled message for the intake model: `{ text, category: 用电 }` (a category's code or name, and
 * optionally its urgency) or `{ text, chatter: true }`.
 */
const exampleSchema = z
	.strictObject({
		text: nameSchema,
		category: nameSchema.optional(),
		urgency: z.enum(URGENCIES).optional(),
		chatter: z.literal(true).optional(),
	})
	.refine((e) => (e.category === undefined) !== (e.chatter === undefined), {
		message: "an example has either a category or chatter: true",
	});

export const DEFAULT_INTAKE_SETTINGS: IntakeSettings = {
	chatterPhrases: [
		"你好",
		"您好",
		"谢谢",
		"感谢",
		"收到",
		"好的",
		"好",
		"嗯",
		"OK",
		"ok",
		"👍",
		"🙏",
	],
	minIssueLength: 5,
	followUpWindowMinutes: 120,
	triageDigestMinutes: 60,
};

export const intakeSettingsSchema = z.strictObject({
	chatterPhrases: wordsSchema.default(DEFAULT_INTAKE_SETTINGS.chatterPhrases),
	minIssueLength: z
		.number()
		.int()
		.nonnegative()
		.default(DEFAULT_INTAKE_SETTINGS.minIssueLength),
	followUpWindowMinutes: z
		.number()
		.int()
		.nonnegative()
		.default(DEFAULT_INTAKE_SETTINGS.followUpWindowMinutes),
	triageDigestMinutes: z
		.number()
		.int()
		.positive()
		.default(DEFAULT_INTAKE_SETTINGS.triageDigestMinutes),
}) satisfies z.ZodType<IntakeSettings>;

export const urgencyWordsSchema = z.strictObject({
	urgent: wordsSchema.default([]),
	complex: wordsSchema.default([]),
});

const routingSchema = z.strictObject({
	categories: z.array(categorySchema).default([]),
	urgency: urgencyWordsSchema.prefault({}),
	intake: intakeSettingsSchema.prefault({}),
	examples: z.array(exampleSchema).default([]),
});

export const directoryFileSchema = z.strictObject({
	/** Shown name of the deployment, e.g. 三明市三元区. */
	deployment: optionalText,
	offices: z.array(officeSchema).default([]),
	departments: z.array(departmentSchema).default([]),
	people: z.array(personSchema).default([]),
	enterprises: z.array(enterpriseSchema).default([]),
	groups: z.array(groupSchema).default([]),
	routing: routingSchema.prefault({}),
	deadlines: deadlinePolicySchema.default(DEFAULT_DEADLINE_POLICY),
	calendar: calendarSettingsSchema.prefault({}),
	/** The ranking's minimum number of issues and the red/yellow/black thresholds. */
	reports: reportSettingsSchema.prefault({}),
	/** Checked against the escalation policy's schema, stored as written (see workflows/escalation). */
	escalation: z
		.unknown()
		.optional()
		.superRefine((value, ctx) => {
			if (value === undefined || value === null) return;
			for (const issue of escalationPolicySchema.safeParse(value).error
				?.issues ?? [])
				ctx.addIssue({
					code: "custom",
					message: issue.message,
					path: issue.path,
				});
		}),
});

export type DirectoryFile = z.infer<typeof directoryFileSchema>;
export type DirectoryDepartment = DirectoryFile["departments"][number];
export type DirectoryPerson = DirectoryFile["people"][number];
export type DirectoryGroup = DirectoryFile["groups"][number];
