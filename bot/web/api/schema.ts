/** The intake API's request and its validation: every wrong field is named in one answer. */
import { z } from "zod";
import { URGENCIES } from "../../../workflows/deadlines/policy-schema.ts";

export const API_CHANNELS = [
	"hotline_12345",
	"mini_program",
	"visit",
	"face_to_face",
	"superior",
] as const;
export type ApiChannel = (typeof API_CHANNELS)[number];

const text = (max: number) => z.string().trim().min(1).max(max);

export const intakeRequestSchema = z
	.strictObject({
		channel: z.enum(API_CHANNELS).describe("Where the issue came in."),
		enterprise: text(200).describe(
			"The enterprise's code in the directory, or its registered name.",
		),
		reporter: z
			.strictObject({
				code: text(100)
					.optional()
					.describe("A person of the directory (an enterprise member)."),
				name: text(100)
					.optional()
					.describe("Contact name, when not in the directory."),
				phone: z
					.string()
					.trim()
					.regex(/^\+?[0-9][0-9 -]{2,19}$/, "must be a phone number")
					.optional(),
			})
			.refine((r) => r.code || r.name || r.phone, {
				message: "give code, name or phone",
			})
			.optional(),
		title: text(100)
			.optional()
			.describe("Short title; made from the text when absent."),
		text: text(5000).describe("The problem as the enterprise described it."),
		category: text(100)
			.optional()
			.describe(
				"Category code or name (用电, labour …); classified from the text when absent.",
			),
		urgency: z
			.enum(URGENCIES)
			.optional()
			.describe("Detected from the text when absent."),
		handedDown: z
			.strictObject({
				by: text(100).describe(
					"交办单位: the unit that handed the issue down.",
				),
				ref: text(100).describe("文号: its document number."),
				workingDays: z
					.number()
					.int()
					.min(1)
					.max(365)
					.optional()
					.describe(
						"The time limit it set, in working days; the category's when absent.",
					),
			})
			.optional()
			.describe(
				"上级交办: required with channel superior, refused with any other channel.",
			),
	})
	.superRefine((request, ctx) => {
		if ((request.channel === "superior") !== (request.handedDown !== undefined))
			ctx.addIssue({
				code: "custom",
				path: ["handedDown"],
				message:
					request.channel === "superior"
						? "required with channel superior"
						: "only with channel superior",
			});
	});

export type IntakeRequest = z.infer<typeof intakeRequestSchema>;

export interface FieldError {
	field: string;
	message: string;
}

export function fieldErrors(error: z.ZodError): FieldError[] {
	return error.issues.flatMap((issue) => {
		if (issue.code === "unrecognized_keys")
			return issue.keys.map((key) => ({
				field: [...issue.path, key].join("."),
				message: "unknown field",
			}));
		const field = issue.path.join(".") || "(body)";
		const message =
			issue.code === "invalid_type" && issue.input === undefined
				? "required"
				: issue.message;
		return [{ field, message }];
	});
}

/** Same request, same hash: keys sorted, so field order does not matter. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
	if (value && typeof value === "object")
		return `{${Object.keys(value)
			.sort()
			.filter((k) => (value as Record<string, unknown>)[k] !== undefined)
			.map(
				(k) =>
					`${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`,
			)
			.join(",")}}`;
	return JSON.stringify(value);
}
