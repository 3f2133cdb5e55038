import { readFile } from "node:fs/promises";
import type { FastifyPluginAsync } from "fastify";
import { createRateLimit } from "../../bot/web/rate-limit.ts";
import { findConversation } from "./conversations.ts";
import {
	demoClockMarkup,
	type PlaygroundDemoClock,
	registerDemoClockRoutes,
} from "./demo-clock.ts";
import { openEventStream } from "./event-stream.ts";
import type { History } from "./history.ts";
import type { PlaygroundBot, PlaygroundDirectory } from "./types.ts";

export type PostOutcome =
	| { status: 200; messageId: string }
	| {
			status: 400 | 503;
			error: { code: string; message: string };
			cause?: unknown;
	  };

export interface PlaygroundRoutesContext {
	directory: PlaygroundDirectory;
	bot: PlaygroundBot;
	history: History;
	/** Closers of the open event streams, so stopping the adapter or the server ends them. */
	streams: Set<() => void>;
	heartbeatMs: number;
	/** The demo notice written into the page (plain text). */
	notice: string;
	/** Posts per minute from one address. */
	postsPerMinute: number;
	post(conversationId: string, body: unknown): Promise<PostOutcome>;
	closeStreams(): void;
	/** Demo mode only: the bot's clock and its 快进 button. */
	demoClock?: PlaygroundDemoClock;
}

const STATIC_FILES = {
	"app.js": "text/javascript; charset=utf-8",
	"render.js": "text/javascript; charset=utf-8",
	"style.css": "text/css; charset=utf-8",
} as const;

const PAGE_SECURITY =
	"default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

const escapeHtml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readPublic(name: string): Promise<string> {
	return readFile(new URL(`./public/${name}`, import.meta.url), "utf8");
}

export function createPlaygroundRoutes(
	context: PlaygroundRoutesContext,
): FastifyPluginAsync {
	const { directory, bot, history } = context;

	/** A group, or a person's direct chat with the bot. */
	async function isConversation(conversationId: string): Promise<boolean> {
		const [groups, people] = await Promise.all([
			directory.listGroups(),
			directory.listPeople(),
		]);
		return findConversation(conversationId, groups, people) !== null;
	}

	return async (app) => {
		const page = (await readPublic("index.html"))
			.replace("<!--demo-notice-->", escapeHtml(context.notice))
			.replace("<!--demo-clock-->", demoClockMarkup(context.demoClock));
		const assets = new Map<string, string>();
		for (const name of Object.keys(STATIC_FILES))
			assets.set(name, await readPublic(name));

		// An open event stream would keep the server from closing.
		app.addHook("preClose", async () => context.closeStreams());

		app.get("/", async (request, reply) => {
			const [path, query] = request.url.split("?", 2);
			// The page loads its script and API with relative URLs, which need the trailing slash.
			if (!path?.endsWith("/"))
				return reply.redirect(`${path}/${query ? `?${query}` : ""}`);
			return reply
				.header("content-type", "text/html; charset=utf-8")
				.header("content-security-policy", PAGE_SECURITY)
				.header("cache-control", "no-cache")
				.send(page);
		});

		for (const [name, type] of Object.entries(STATIC_FILES)) {
			app.get(`/${name}`, async (_request, reply) =>
				reply
					.header("content-type", type)
					.header("cache-control", "no-cache")
					.send(assets.get(name)),
			);
		}

		if (context.demoClock) registerDemoClockRoutes(app, context.demoClock);

		app.get("/api/state", async () => {
			const [groups, people] = await Promise.all([
				directory.listGroups(),
				directory.listPeople(),
			]);
			return { bot, groups, people };
		});

		app.get<{ Params: { id: string } }>(
			"/api/conversations/:id/messages",
			async (request, reply) => {
				if (!(await isConversation(request.params.id))) {
					return reply.code(404).send({
						error: {
							code: "unknown_group",
							message: `unknown group "${request.params.id}"`,
						},
					});
				}
				return { messages: history.list(request.params.id) };
			},
		);

		app.post<{ Params: { id: string } }>(
			"/api/conversations/:id/messages",
			{
				onRequest: createRateLimit({ perMinute: context.postsPerMinute }),
			},
			async (request, reply) => {
				const outcome = await context.post(request.params.id, request.body);
				if (outcome.status === 200) return { messageId: outcome.messageId };
				if (outcome.cause)
					request.log.error(
						{ err: outcome.cause },
						"playground: the inbound sink failed",
					);
				return reply.code(outcome.status).send({ error: outcome.error });
			},
		);

		app.get<{ Querystring: { conversation?: string } }>(
			"/api/events",
			async (request, reply) => {
				const conversationId = request.query.conversation;
				if (!conversationId || !(await isConversation(conversationId))) {
					const message = conversationId
						? `unknown group "${conversationId}"`
						: "conversation is required";
					return reply
						.code(400)
						.send({ error: { code: "unknown_group", message } });
				}
				openEventStream(reply, {
					heartbeatMs: context.heartbeatMs,
					subscribe: (listener) => history.subscribe(conversationId, listener),
					streams: context.streams,
				});
			},
		);
	};
}
