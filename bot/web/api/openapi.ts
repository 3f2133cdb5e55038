/** The OpenAPI 3.1 document of the intake API; the request schema is generated from the zod schema. */
import { z } from "zod";
import { ISSUE_STATES } from "../../../db/schema/issues.ts";
import { intakeRequestSchema } from "./schema.ts";

const nullableString = { type: ["string", "null"] };
const codeAndName = (description: string) => ({
	description,
	type: ["object", "null"],
	properties: { code: { type: "string" }, name: { type: "string" } },
	required: ["code", "name"],
});

const issueSchema = {
	type: "object",
	properties: {
		number: { type: "string", examples: ["2026-000123"] },
		title: { type: "string" },
		state: { type: "string", enum: [...ISSUE_STATES] },
		colour: { type: "string", enum: ["green", "yellow", "orange", "red"] },
		tier: { type: "string" },
		category: codeAndName("null until a category is known"),
		urgency: { type: "string", enum: ["urgent", "normal", "complex"] },
		leadDepartment: codeAndName("null while the service office triages it"),
		deadline: {
			type: "object",
			properties: {
				acceptDueAt: { ...nullableString, format: "date-time" },
				dueAt: { ...nullableString, format: "date-time" },
			},
			required: ["acceptDueAt", "dueAt"],
		},
		createdAt: { type: "string", format: "date-time" },
	},
	required: [
		"number",
		"title",
		"state",
		"category",
		"urgency",
		"leadDepartment",
		"deadline",
	],
};

const errorSchema = {
	type: "object",
	properties: {
		error: { type: "string" },
		message: { type: "string" },
		fields: {
			type: "array",
			items: {
				type: "object",
				properties: { field: { type: "string" }, message: { type: "string" } },
				required: ["field", "message"],
			},
		},
	},
	required: ["error"],
};

const json = (schema: unknown) => ({ "application/json": { schema } });
const errorResponse = (description: string) => ({
	description,
	content: json({ $ref: "#/components/schemas/Error" }),
});

export function openApiDocument(): Record<string, unknown> {
	return {
		openapi: "3.1.0",
		info: {
			title: "Qinqing intake API",
			version: "1.0.0",
			description:
				"Issues from the 12345 hotline, the mini-program, visits and face-to-face sessions. They follow the same lifecycle as issues raised in the work groups and are announced in the enterprise's group.",
		},
		servers: [{ url: "/api" }],
		security: [{ bearer: [] }],
		paths: {
			"/v1/issues": {
				post: {
					operationId: "createIssue",
					summary: "Register an issue",
					parameters: [
						{
							name: "Idempotency-Key",
							in: "header",
							required: true,
							description:
								"Unique per request of the calling system: a repeat returns the same issue (200); the same key with a different body is refused (409).",
							schema: { type: "string", minLength: 1, maxLength: 200 },
						},
					],
					requestBody: {
						required: true,
						content: json({ $ref: "#/components/schemas/IntakeRequest" }),
					},
					responses: {
						"201": {
							description: "Registered and routed",
							content: json({
								allOf: [
									{ $ref: "#/components/schemas/Issue" },
									{
										type: "object",
										properties: { announced: { type: "boolean" } },
									},
								],
							}),
						},
						"200": {
							description: "A repeat of an earlier request: the same issue",
							content: json({ $ref: "#/components/schemas/Issue" }),
						},
						"400": errorResponse("Invalid fields; each one is named"),
						"401": errorResponse("Missing, unknown or revoked API key"),
						"409": errorResponse("Idempotency-Key reused with another body"),
					},
				},
			},
			"/v1/issues/{number}": {
				get: {
					operationId: "getIssue",
					summary: "An issue's state, routing and deadlines",
					description:
						"Only issues registered with the calling key; any other number answers 404.",
					parameters: [
						{
							name: "number",
							in: "path",
							required: true,
							schema: { type: "string" },
						},
					],
					responses: {
						"200": {
							description: "The issue",
							content: json({ $ref: "#/components/schemas/Issue" }),
						},
						"401": errorResponse("Missing, unknown or revoked API key"),
						"404": errorResponse("No such issue"),
					},
				},
			},
		},
		components: {
			securitySchemes: {
				bearer: {
					type: "http",
					scheme: "bearer",
					description:
						"A key made with `npx tsx bot/cli/api-key.ts create NAME`.",
				},
			},
			schemas: {
				IntakeRequest: z.toJSONSchema(intakeRequestSchema, {
					target: "draft-2020-12",
					io: "input",
				}),
				Issue: issueSchema,
				Error: errorSchema,
			},
		},
	};
}
