/**
 * A Slack workspace for the adapter's tests: the fake Web API, the real adapter (real Bolt), its
 * routes mounted under /slack on a Fastify server on a free port, and deliveries signed with the
 * signing secret the way Slack signs them (v0 HMAC-SHA256 of "v0:<timestamp>:<body>").
 */
import { createHmac, randomBytes } from "node:crypto";
import Fastify, { type FastifyInstance } from "fastify";
import {
	createSlackAdapter,
	type SlackAdapter,
	type SlackAdapterOptions,
} from "../../adapters/slack/index.ts";
import {
	type FakeSlackApi,
	startFakeSlackApi,
} from "../support/fake-slack-api.ts";

export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

export interface Delivery {
	/** Seconds since the epoch to sign with (default: now). */
	timestamp?: number;
	retryNum?: number;
	/** Sign with another secret (a forgery). */
	secret?: string;
}

export function signatureOf(
	secret: string,
	timestamp: number,
	body: string,
): string {
	const hmac = createHmac("sha256", secret).update(`v0:${timestamp}:${body}`);
	return `v0=${hmac.digest("hex")}`;
}

export interface SlackTestbed {
	fake: FakeSlackApi;
	adapter: SlackAdapter;
	/** http://127.0.0.1:port (routes under /slack). */
	url: string;
	deliverEvent(
		event: Record<string, unknown>,
		delivery?: Delivery & { eventId?: string },
	): Promise<Response>;
	deliverInteraction(
		payload: Record<string, unknown>,
		delivery?: Delivery,
	): Promise<Response>;
	deliverCommand(
		fields: Record<string, string>,
		delivery?: Delivery,
	): Promise<Response>;
	close(): Promise<void>;
}

/** Serves the adapter's routes on a server of its own (the bot mounts them on its web server). */
export async function serveSlackRoutes(
	adapter: SlackAdapter,
): Promise<{ server: FastifyInstance; url: string }> {
	if (!adapter.routes) throw new Error("the adapter is not in HTTP mode");
	const server = Fastify({ logger: false });
	await server.register(adapter.routes, { prefix: "/slack" });
	const url = await server.listen({ port: 0, host: "127.0.0.1" });
	return { server, url };
}

export function slackDeliveries(url: string, secret = SIGNING_SECRET) {
	async function post(
		path: string,
		body: string,
		contentType: string,
		delivery: Delivery = {},
	): Promise<Response> {
		const timestamp = delivery.timestamp ?? Math.floor(Date.now() / 1000);
		const headers: Record<string, string> = {
			"content-type": contentType,
			"x-slack-request-timestamp": String(timestamp),
			"x-slack-signature": signatureOf(
				delivery.secret ?? secret,
				timestamp,
				body,
			),
		};
		if (delivery.retryNum !== undefined) {
			headers["x-slack-retry-num"] = String(delivery.retryNum);
			headers["x-slack-retry-reason"] = "http_timeout";
		}
		return fetch(`${url}/slack${path}`, { method: "POST", headers, body });
	}
	return {
		deliverEvent(
			event: Record<string, unknown>,
			delivery: Delivery & { eventId?: string } = {},
		) {
			const envelope = {
				token: "legacy-verification-token",
				team_id: "T0TEAM0001",
				api_app_id: "A0APP00001",
				event,
				type: "event_callback",
				event_id:
					delivery.eventId ??
					`Ev${randomBytes(5).toString("hex").toUpperCase()}`,
				event_time: Math.floor(Date.now() / 1000),
				authorizations: [
					{ team_id: "T0TEAM0001", user_id: "U0BOT00001", is_bot: true },
				],
			};
			return post(
				"/events",
				JSON.stringify(envelope),
				"application/json",
				delivery,
			);
		},
		deliverInteraction(payload: Record<string, unknown>, delivery?: Delivery) {
			const body = new URLSearchParams({
				payload: JSON.stringify(payload),
			}).toString();
			return post(
				"/interactions",
				body,
				"application/x-www-form-urlencoded",
				delivery,
			);
		},
		deliverCommand(fields: Record<string, string>, delivery?: Delivery) {
			const body = new URLSearchParams(fields).toString();
			return post(
				"/commands",
				body,
				"application/x-www-form-urlencoded",
				delivery,
			);
		},
	};
}

export async function startSlackTestbed(
	options: Partial<SlackAdapterOptions> = {},
): Promise<SlackTestbed> {
	const fake = await startFakeSlackApi();
	const adapter = createSlackAdapter({
		botToken: fake.token,
		signingSecret: SIGNING_SECRET,
		apiUrl: fake.apiUrl,
		...options,
	});
	const { server, url } = await serveSlackRoutes(adapter);
	return {
		fake,
		adapter,
		url,
		...slackDeliveries(url),
		async close() {
			await adapter.stop();
			await server.close();
			await fake.close();
		},
	};
}

let clock = Math.floor(Date.now() / 1000);
/** A fresh Slack ts, as Slack mints them (seconds.micro), increasing. */
export function nextTs(): string {
	clock += 1;
	return `${clock}.${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
}

export function userMessage(fields: {
	channel: string;
	user: string;
	text: string;
	ts?: string;
	thread_ts?: string;
	type?: "message" | "app_mention";
}): Record<string, unknown> {
	const ts = fields.ts ?? nextTs();
	return {
		type: fields.type ?? "message",
		channel: fields.channel,
		channel_type: fields.channel.startsWith("D") ? "im" : "channel",
		user: fields.user,
		text: fields.text,
		ts,
		event_ts: ts,
		team: "T0TEAM0001",
		...(fields.thread_ts ? { thread_ts: fields.thread_ts } : {}),
	};
}
