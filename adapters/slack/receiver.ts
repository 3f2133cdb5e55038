/**
 * Bolt's receiver for the bot's own web server: `POST /slack/events`, `/slack/interactions` and
 * `/slack/commands` as a Fastify plugin. The request signature is checked on the raw body (forged or
 * older than 5 minutes → 401, nothing processed); Bolt then runs the listeners, which only hand the
 * message to the inbound queue. Slack gets its answer once that is done, or a 503 at `ackTimeoutMs`
 * (Slack's limit is 3 s) so it delivers again; the pipeline drops the copy if the first one landed.
 */
import { parse as parseQuery } from "node:querystring";
import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import { verifySlackRequest } from "@slack/bolt";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "../../bot/runtime/logger.ts";

export interface FastifyReceiverOptions {
	signingSecret: string;
	log?: Logger;
	ackTimeoutMs?: number;
	/** For tests of the 5-minute rule; defaults to the clock. */
	nowMs?: () => number;
}

export interface FastifyReceiver extends Receiver {
	routes: FastifyPluginAsync;
}

const MAX_SKEW_SECONDS = 5 * 60;

type Outcome =
	| { kind: "done" }
	| { kind: "failed"; error: unknown }
	| { kind: "timeout" };

export function createFastifyReceiver(
	options: FastifyReceiverOptions,
): FastifyReceiver {
	const ackTimeoutMs = options.ackTimeoutMs ?? 2500;
	const nowMs = options.nowMs ?? Date.now;
	let app: App | undefined;

	function verified(request: FastifyRequest, raw: string): boolean {
		const signature = request.headers["x-slack-signature"];
		const timestamp = Number(request.headers["x-slack-request-timestamp"]);
		if (typeof signature !== "string" || !Number.isFinite(timestamp))
			return false;
		// Bolt rejects only the past; a timestamp far in the future is as suspicious.
		if (timestamp - nowMs() / 1000 > MAX_SKEW_SECONDS) return false;
		try {
			verifySlackRequest({
				signingSecret: options.signingSecret,
				body: raw,
				headers: {
					"x-slack-signature": signature,
					"x-slack-request-timestamp": timestamp,
				},
				nowMilliseconds: nowMs(),
			});
			return true;
		} catch {
			return false;
		}
	}

	async function handle(request: FastifyRequest, reply: FastifyReply) {
		const raw = typeof request.body === "string" ? request.body : "";
		if (!verified(request, raw)) {
			options.log?.warn("Slack request with a bad or stale signature refused", {
				url: request.url,
			});
			return reply.status(401).send();
		}
		let body: Record<string, unknown>;
		try {
			body = parseBody(raw, request.headers["content-type"]);
		} catch {
			return reply.status(400).send();
		}
		if (body.ssl_check) return reply.status(200).send();
		if (body.type === "url_verification")
			return reply.status(200).send({ challenge: body.challenge });
		if (!app) return reply.status(503).send();

		let acked = false;
		let response: unknown;
		const retryNum = Number(request.headers["x-slack-retry-num"]);
		const retryReason = request.headers["x-slack-retry-reason"];
		const event: ReceiverEvent = {
			body,
			ack: async (answer?: unknown) => {
				acked = true;
				response = answer;
			},
			...(Number.isFinite(retryNum) ? { retryNum } : {}),
			...(typeof retryReason === "string" ? { retryReason } : {}),
		};
		let timer: NodeJS.Timeout | undefined;
		const outcome = await Promise.race<Outcome>([
			app.processEvent(event).then(
				(): Outcome => ({ kind: "done" }),
				(error: unknown): Outcome => ({ kind: "failed", error }),
			),
			new Promise<Outcome>((resolve) => {
				timer = setTimeout(() => resolve({ kind: "timeout" }), ackTimeoutMs);
			}),
		]);
		clearTimeout(timer);
		if (outcome.kind === "timeout") {
			options.log?.warn(
				"Slack request not handled in time; Slack will deliver it again",
			);
			return reply.status(503).send();
		}
		if (outcome.kind === "failed") {
			options.log?.error("Slack request failed; Slack will deliver it again", {
				error: String(outcome.error),
			});
			return reply.status(500).send();
		}
		if (!acked) return reply.status(404).send();
		if (response === undefined || response === "")
			return reply.status(200).send();
		return reply.status(200).send(response);
	}

	const routes: FastifyPluginAsync = async (fastify) => {
		// The signature covers the exact bytes Slack sent: keep the body as a string.
		fastify.removeAllContentTypeParsers();
		fastify.addContentTypeParser(
			["application/json", "application/x-www-form-urlencoded"],
			{ parseAs: "string" },
			(_request, body, done) => done(null, body),
		);
		for (const path of ["/events", "/interactions", "/commands"]) {
			fastify.post(path, handle);
		}
	};

	return {
		routes,
		init(bolt: App) {
			app = bolt;
		},
		async start() {},
		async stop() {
			app = undefined;
		},
	};
}

function parseBody(
	raw: string,
	contentType: string | undefined,
): Record<string, unknown> {
	if (contentType?.startsWith("application/x-www-form-urlencoded")) {
		const fields = parseQuery(raw);
		if (typeof fields.payload === "string")
			return JSON.parse(fields.payload) as Record<string, unknown>;
		return fields as Record<string, unknown>;
	}
	return JSON.parse(raw) as Record<string, unknown>;
}
