/**
 * A local stand-in for Slack's Web API over real HTTP: the methods the adapter calls, answered the
 * way Slack answers them, with every call recorded so a test reads what the bot did on Slack. It can
 * be told to answer the next call of a method with a 429 + Retry-After or a Slack error.
 * Point the adapter at `apiUrl` (SLACK_API_URL).
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseQuery } from "node:querystring";

export interface RecordedCall {
	method: string;
	args: Record<string, unknown>;
	token: string | null;
	/** What the fake answered (absent for an injected HTTP failure). */
	result?: Record<string, unknown>;
}

export type InjectedFailure =
	| { kind: "rate_limited"; retryAfterSeconds: number }
	| { kind: "error"; error: string };

export interface FakeSlackApi {
	/** http://127.0.0.1:port/api/ */
	apiUrl: string;
	token: string;
	botUserId: string;
	botId: string;
	calls(method?: string): RecordedCall[];
	/** The messages the bot posted, oldest first. */
	posts(): Array<{
		channel: string;
		ts: string;
		text: string;
		thread_ts?: string;
		blocks?: unknown[];
	}>;
	failNext(method: string, failure: InjectedFailure): void;
	close(): Promise<void>;
}

export interface FakeSlackOptions {
	token?: string;
	botUserId?: string;
	botId?: string;
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString("utf8");
}

/** The WebClient sends form fields, with objects (blocks, view) as JSON strings; or a JSON body. */
function parseArgs(
	raw: string,
	contentType: string | undefined,
): Record<string, unknown> {
	if (contentType?.startsWith("application/json"))
		return raw === "" ? {} : (JSON.parse(raw) as Record<string, unknown>);
	const args: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(parseQuery(raw))) {
		const text = Array.isArray(value) ? value[0] : value;
		if (text === undefined) continue;
		args[key] = /^[[{]/.test(text) ? safeJson(text) : text;
	}
	return args;
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

export async function startFakeSlackApi(
	options: FakeSlackOptions = {},
): Promise<FakeSlackApi> {
	const token = options.token ?? "xoxb-test-token";
	const botUserId = options.botUserId ?? "U0BOT00001";
	const botId = options.botId ?? "B0BOT00001";
	const calls: RecordedCall[] = [];
	const failures = new Map<string, InjectedFailure[]>();
	const clock = 1_760_000_000;
	let sequence = 0;
	const nextTs = () => {
		sequence += 1;
		return `${clock + sequence}.${String(sequence).padStart(6, "0")}`;
	};
	const messages = new Map<string, { channel: string; ts: string }>();

	function answer(
		method: string,
		args: Record<string, unknown>,
	): Record<string, unknown> {
		switch (method) {
			case "auth.test":
				return {
					ok: true,
					user_id: botUserId,
					bot_id: botId,
					team_id: "T0TEAM0001",
					user: "qinqing",
				};
			case "chat.postMessage": {
				const channel = String(args.channel ?? "");
				if (!channel) return { ok: false, error: "channel_not_found" };
				const ts = nextTs();
				messages.set(`${channel}/${ts}`, { channel, ts });
				return {
					ok: true,
					channel,
					ts,
					message: { text: args.text, ts, bot_id: botId, user: botUserId },
				};
			}
			case "chat.update": {
				const channel = String(args.channel ?? "");
				const ts = String(args.ts ?? "");
				if (!messages.has(`${channel}/${ts}`))
					return { ok: false, error: "message_not_found" };
				return { ok: true, channel, ts, text: args.text };
			}
			case "chat.postEphemeral":
				return { ok: true, message_ts: nextTs() };
			case "conversations.open": {
				const user = String(args.users ?? "").split(",")[0] ?? "";
				return { ok: true, channel: { id: `D${user.slice(1)}` } };
			}
			case "views.open":
				return {
					ok: true,
					view: { id: `V${String(++sequence).padStart(9, "0")}` },
				};
			case "views.publish":
				return {
					ok: true,
					view: { id: `V${String(++sequence).padStart(9, "0")}` },
				};
			default:
				return { ok: false, error: "unknown_method" };
		}
	}

	const server: Server = createServer(async (request, response) => {
		const method =
			(request.url ?? "").replace(/^\/api\//, "").split("?")[0] ?? "";
		const args = parseArgs(
			await readBody(request),
			request.headers["content-type"],
		);
		const bearer =
			request.headers.authorization?.replace(/^Bearer /, "") ?? null;
		const callToken =
			bearer ?? (typeof args.token === "string" ? args.token : null);
		const call: RecordedCall = { method, args, token: callToken };
		calls.push(call);
		const reply = (
			status: number,
			body: unknown,
			headers: Record<string, string> = {},
		) => {
			response.writeHead(status, {
				"content-type": "application/json",
				...headers,
			});
			response.end(JSON.stringify(body));
		};
		const failure = failures.get(method)?.shift();
		if (failure?.kind === "rate_limited")
			return reply(
				429,
				{ ok: false, error: "ratelimited" },
				{ "retry-after": String(failure.retryAfterSeconds) },
			);
		if (failure?.kind === "error")
			call.result = { ok: false, error: failure.error };
		else if (callToken !== token)
			call.result = { ok: false, error: "invalid_auth" };
		else call.result = answer(method, args);
		return reply(200, call.result);
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;

	return {
		apiUrl: `http://127.0.0.1:${port}/api/`,
		token,
		botUserId,
		botId,
		calls: (method) =>
			calls.filter((call) => method === undefined || call.method === method),
		posts: () =>
			calls
				.filter(
					(call) =>
						call.method === "chat.postMessage" && call.result?.ok === true,
				)
				.map((call) => ({
					channel: String(call.args.channel),
					ts: String(call.result?.ts),
					text: String(call.args.text ?? ""),
					...(typeof call.args.thread_ts === "string"
						? { thread_ts: call.args.thread_ts }
						: {}),
					...(Array.isArray(call.args.blocks)
						? { blocks: call.args.blocks }
						: {}),
				})),
		failNext(method, failure) {
			failures.set(method, [...(failures.get(method) ?? []), failure]);
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
