/** `/api`: the intake API for the other channels, with API keys and idempotency keys. */
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { Db } from "../../../db/client.ts";
import type { ApiKey } from "../../../db/schema/console.ts";
import { idempotencyKeys } from "../../../db/schema/console.ts";
import { issues } from "../../../db/schema/issues.ts";
import { storedWakeUp } from "../../../workflows/escalation/plan-wake-up.ts";
import type { DirectoryCache } from "../../conversation/directory-cache.ts";
import type { WakeUpScheduler } from "../../escalation/conversation-hooks.ts";
import type { Logger } from "../../runtime/logger.ts";
import type { Locale } from "../../texts/catalog.ts";
import { webSecurityText } from "../../texts/web-security.ts";
import { createRateLimit } from "../rate-limit.ts";
import { createIssueFromApi } from "./intake.ts";
import { issueResource } from "./issue-resource.ts";
import { findApiKey } from "./keys.ts";
import { openApiDocument } from "./openapi.ts";
import {
	canonicalJson,
	type FieldError,
	fieldErrors,
	intakeRequestSchema,
} from "./schema.ts";

export interface ApiOptions {
	db: Db;
	log: Logger;
	locale: Locale;
	directory: DirectoryCache;
	/** Called after an issue is committed (the outbox relay's poke). */
	onCommitted?: () => void;
	/** Arms a new issue's first escalation wake-up (absent in a web-only process: the sweeper arms it when due). */
	wakeUps?: WakeUpScheduler;
	now?: () => Date;
	/** Intake requests per minute from one address (default 60). */
	writesPerMinute?: number;
}

class Rejected extends Error {
	constructor(
		readonly status: number,
		readonly body: Record<string, unknown>,
	) {
		super("rejected");
	}
}

const MAX_IDEMPOTENCY_KEY = 200;

export function createApiRoutes(options: ApiOptions): FastifyPluginAsync {
	const { db } = options;
	const now = options.now ?? (() => new Date());

	async function authenticate(
		request: FastifyRequest,
		reply: FastifyReply,
	): Promise<ApiKey | null> {
		const header = request.headers.authorization ?? "";
		const match = /^Bearer\s+(\S+)$/i.exec(header);
		const key = match?.[1] ? await findApiKey(db, match[1]) : null;
		if (!key) {
			reply
				.status(401)
				.header("www-authenticate", 'Bearer realm="qinqing"')
				.send({
					error: "unauthorized",
					message: "send a valid API key as Authorization: Bearer <key>",
				});
		}
		return key;
	}

	return async (app) => {
		// Before the key is checked: guessing keys counts too.
		app.addHook(
			"onRequest",
			createRateLimit({
				perMinute: options.writesPerMinute ?? 60,
				methods: ["POST"],
				message: (seconds) =>
					webSecurityText(options.locale, "too_many_requests", { seconds }),
			}),
		);
		app.get("/openapi.json", async () => openApiDocument());

		app.post("/v1/issues", async (request, reply) => {
			const apiKey = await authenticate(request, reply);
			if (!apiKey) return reply;
			const idempotencyKey = request.headers["idempotency-key"];
			const fields: FieldError[] = [];
			if (
				typeof idempotencyKey !== "string" ||
				idempotencyKey.trim() === "" ||
				idempotencyKey.length > MAX_IDEMPOTENCY_KEY
			)
				fields.push({
					field: "Idempotency-Key",
					message: `required header, 1–${MAX_IDEMPOTENCY_KEY} characters`,
				});
			const parsed = intakeRequestSchema.safeParse(request.body ?? undefined);
			if (!parsed.success) fields.push(...fieldErrors(parsed.error));
			if (!parsed.success || fields.length > 0)
				return reply.status(400).send({ error: "invalid_request", fields });
			const key = (idempotencyKey as string).trim();
			const requestHash = createHash("sha256")
				.update(canonicalJson(parsed.data))
				.digest("hex");
			try {
				const outcome = await db.transaction(async (tx) => {
					const [claimed] = await tx
						.insert(idempotencyKeys)
						.values({ apiKeyId: apiKey.id, key, requestHash })
						.onConflictDoNothing()
						.returning({ key: idempotencyKeys.key });
					if (!claimed) {
						const [earlier] = await tx
							.select()
							.from(idempotencyKeys)
							.where(
								and(
									eq(idempotencyKeys.apiKeyId, apiKey.id),
									eq(idempotencyKeys.key, key),
								),
							);
						if (earlier?.requestHash !== requestHash)
							throw new Rejected(409, {
								error: "idempotency_key_reused",
								message:
									"this Idempotency-Key was used with a different request",
							});
						return {
							status: 200,
							body: earlier.response,
							created: false,
							wakeUp: null,
						};
					}
					const directory = await options.directory.get(tx);
					const result = await createIssueFromApi(
						{ tx, directory, locale: options.locale, now: now() },
						parsed.data,
					);
					if (!result.ok)
						throw new Rejected(400, {
							error: "invalid_request",
							fields: result.fields,
						});
					const body = {
						...(await issueResource(tx, directory, result.issue)),
						announced: result.announced,
					};
					await tx
						.update(idempotencyKeys)
						.set({ issueId: result.issue.id, response: body })
						.where(
							and(
								eq(idempotencyKeys.apiKeyId, apiKey.id),
								eq(idempotencyKeys.key, key),
							),
						);
					return {
						status: 201,
						body,
						created: true,
						wakeUp: storedWakeUp(result.issue),
					};
				});
				if (outcome.created) {
					options.onCommitted?.();
					if (outcome.wakeUp)
						await options.wakeUps
							?.arm(outcome.wakeUp)
							.catch((error) =>
								options.log.warn(
									"could not arm the new issue's wake-up; the sweeper will",
									{ error: String(error) },
								),
							);
					options.log.info("issue from the intake API", {
						apiKey: apiKey.name,
						number: (outcome.body as { number: string }).number,
					});
				}
				return reply
					.status(outcome.status)
					.header("idempotent-replayed", String(!outcome.created))
					.send(outcome.body);
			} catch (error) {
				if (error instanceof Rejected)
					return reply.status(error.status).send(error.body);
				throw error;
			}
		});

		app.get<{ Params: { number: string } }>(
			"/v1/issues/:number",
			async (request, reply) => {
				const apiKey = await authenticate(request, reply);
				if (!apiKey) return reply;
				// A channel reads the issues it registered (every registration has its idempotency
				// key), not other channels' or the chat groups': another's is "not found", as if absent.
				const [row] = await db
					.select({ issue: issues })
					.from(issues)
					.innerJoin(
						idempotencyKeys,
						and(
							eq(idempotencyKeys.issueId, issues.id),
							eq(idempotencyKeys.apiKeyId, apiKey.id),
						),
					)
					.where(eq(issues.number, request.params.number))
					.limit(1);
				const issue = row?.issue;
				if (!issue)
					return reply.status(404).send({
						error: "not_found",
						message: "no issue with this number registered with this key",
					});
				return issueResource(db, await options.directory.get(db), issue);
			},
		);
	};
}
