/**
 * Live rows for the board: one poller per server reads the first page and the count every few
 * seconds while anyone watches, and pushes them to every open event stream when they change. Later
 * pages are read when the screen turns to them (rows.json?after=…), so they are never stale either.
 */
import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { Db } from "../../../db/client.ts";
import {
	type BoardCursor,
	encodeBoardCursor,
	overdueBoardCount,
	overdueBoardPage,
} from "../../../workflows/reports/overdue-board-page.ts";
import { formatDateTime } from "../../conversation/format.ts";
import type { Logger } from "../../runtime/logger.ts";
import type { Locale } from "../../texts/catalog.ts";
import {
	type BoardVisibility,
	type PublicRow,
	toPublicRows,
} from "./public-rows.ts";

export interface BoardRowsPage {
	/** One screen's rows. */
	rows: PublicRow[];
	/** The cursor of the next page (rows.json?after=…); null on the last page. */
	next: string | null;
	/** Rows on the whole board. */
	total: number;
}

export interface BoardSnapshot extends BoardRowsPage {
	/** A hash of the first page and the count: equal rows, equal version. */
	version: string;
	updatedAt: string;
}

export interface BoardLive {
	/** The first page, the count and when. */
	snapshot(): Promise<BoardSnapshot>;
	/** The page after the cursor. */
	page(after: BoardCursor | null): Promise<BoardRowsPage>;
	/** Streams snapshots to an SSE response until it closes. */
	attach(response: ServerResponse): Promise<void>;
	close(): void;
}

export interface BoardLiveOptions {
	db: Db;
	log: Logger;
	locale: Locale;
	visibility: BoardVisibility;
	pollMs: number;
	/** Rows per screen. */
	pageSize: number;
	now: () => Date;
}

const HEARTBEAT_MS = 15_000;

export function createBoardLive(options: BoardLiveOptions): BoardLive {
	const clients = new Set<ServerResponse>();
	let timer: NodeJS.Timeout | null = null;
	let heartbeat: NodeJS.Timeout | null = null;
	let lastVersion = "";

	async function readPage(
		after: BoardCursor | null,
		now: Date,
	): Promise<BoardRowsPage> {
		const [found, total] = await Promise.all([
			overdueBoardPage(options.db, now, { after, limit: options.pageSize }),
			overdueBoardCount(options.db, now),
		]);
		return {
			rows: toPublicRows(found.rows, options.locale, options.visibility, now),
			next: found.next ? encodeBoardCursor(found.next) : null,
			total,
		};
	}

	async function snapshot(): Promise<BoardSnapshot> {
		const now = options.now();
		const first = await readPage(null, now);
		const version = createHash("sha256")
			.update(JSON.stringify([first.rows, first.total, first.next]))
			.digest("hex")
			.slice(0, 16);
		return {
			...first,
			version,
			updatedAt: formatDateTime(options.locale, now),
		};
	}

	const send = (client: ServerResponse, data: BoardSnapshot) =>
		client.write(
			`event: rows\nid: ${data.version}\ndata: ${JSON.stringify(data)}\n\n`,
		);

	async function poll(): Promise<void> {
		try {
			const data = await snapshot();
			if (data.version === lastVersion) return;
			lastVersion = data.version;
			for (const client of clients) send(client, data);
		} catch (error) {
			options.log.warn("board poll failed", {
				error: (error as Error).message,
			});
		}
	}

	function stopIfIdle(): void {
		if (clients.size > 0) return;
		if (timer) clearInterval(timer);
		if (heartbeat) clearInterval(heartbeat);
		timer = heartbeat = null;
	}

	return {
		snapshot,
		page: (after) => readPage(after, options.now()),
		async attach(response) {
			response.writeHead(200, {
				"content-type": "text/event-stream; charset=utf-8",
				"cache-control": "no-cache",
				connection: "keep-alive",
				"x-accel-buffering": "no",
			});
			clients.add(response);
			response.on("close", () => {
				clients.delete(response);
				stopIfIdle();
			});
			const data = await snapshot();
			lastVersion = clients.size === 1 ? data.version : lastVersion;
			send(response, data);
			timer ??= setInterval(poll, options.pollMs);
			heartbeat ??= setInterval(() => {
				for (const client of clients) client.write(": keep-alive\n\n");
			}, HEARTBEAT_MS);
		},
		close() {
			for (const client of clients) client.end();
			clients.clear();
			stopIfIdle();
		},
	};
}
