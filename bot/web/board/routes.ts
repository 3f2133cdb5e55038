/** `/board`: the public, read-only overdue board (以督促效 通报栏) with live updates. */
import type { FastifyPluginAsync } from "fastify";
import type { Db } from "../../../db/client.ts";
import { decodeBoardCursor } from "../../../workflows/reports/overdue-board-page.ts";
import type { Logger } from "../../runtime/logger.ts";
import type { Locale } from "../../texts/catalog.ts";
import { webSecurityText } from "../../texts/web-security.ts";
import { createRateLimit } from "../rate-limit.ts";
import { BOARD_SCRIPT } from "./client-script.ts";
import { createBoardLive } from "./live.ts";
import { boardPage } from "./page.ts";
import type { BoardVisibility } from "./public-rows.ts";

export interface BoardOptions extends Partial<BoardVisibility> {
	db: Db;
	log: Logger;
	locale: Locale;
	/** Seconds each page of the table stays up (the source: about a minute). */
	rotateSeconds?: number;
	/** Rows per page. */
	pageSize?: number;
	/** How often the server looks for changes while a screen is watching. */
	pollMs?: number;
	now?: () => Date;
	/** Requests per minute from one address (default 120: a wall screen needs a few). */
	requestsPerMinute?: number;
}

export function createBoardRoutes(options: BoardOptions): FastifyPluginAsync {
	return async (app) => {
		app.addHook(
			"onRequest",
			createRateLimit({
				perMinute: options.requestsPerMinute ?? 120,
				message: (seconds) =>
					webSecurityText(options.locale, "too_many_requests", { seconds }),
			}),
		);
		const live = createBoardLive({
			db: options.db,
			log: options.log,
			locale: options.locale,
			visibility: {
				maskEnterprises: options.maskEnterprises ?? true,
				showLeaders: options.showLeaders ?? true,
			},
			pollMs: options.pollMs ?? 5_000,
			pageSize: options.pageSize ?? 8,
			now: options.now ?? (() => new Date()),
		});
		// Open event streams would keep the server from closing.
		app.addHook("preClose", async () => live.close());
		const base = app.prefix;
		const pageConfig = {
			rotateMs: (options.rotateSeconds ?? 60) * 1000,
			pageSize: options.pageSize ?? 8,
			eventsUrl: `${base}/events`,
			rowsUrl: `${base}/rows.json`,
			scriptUrl: `${base}/board.js`,
		};

		app.get("/", async (_request, reply) => {
			reply
				.type("text/html; charset=utf-8")
				.header("cache-control", "no-store")
				.send(boardPage(options.locale, await live.snapshot(), pageConfig));
		});
		app.get("/board.js", async (_request, reply) => {
			reply.type("text/javascript; charset=utf-8").send(BOARD_SCRIPT);
		});
		// Without `after`: the first page, as the page and the event stream give it. With it: the
		// page after that cursor, which the screen asks for when it turns.
		app.get("/rows.json", async (request, reply) => {
			const after = (request.query as { after?: unknown }).after;
			if (after === undefined) return live.snapshot();
			const cursor =
				typeof after === "string" ? decodeBoardCursor(after) : null;
			if (!cursor) return reply.code(400).send({ error: "bad cursor" });
			reply.header("cache-control", "no-store");
			return live.page(cursor);
		});
		app.get("/events", async (request, reply) => {
			reply.hijack();
			await live.attach(reply.raw);
			request.raw.on("close", () => reply.raw.end());
		});
	};
}
