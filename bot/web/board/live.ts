/**
 * Live rows for the board: one poller per server reads the database every few seconds while anyone
 * watches, and pushes the rows to every open event stream when they change.
 */
import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { Db } from "../../../db/client.ts";
import { overdueBoard } from "../../../workflows/reports/overdue-board.ts";
import { formatDateTime } from "../../conversation/format.ts";
import type { Logger } from "../../runtime/logger.ts";
import type { Locale } from "../../texts/catalog.ts";
import {
	type BoardVisibility,
	type PublicRow,
	toPublicRows,
} from "./public-rows.ts";

export interface BoardSnapshot {
	rows: PublicRow[];
	/** A hash of the rows: equal rows, equal version. */
	version: string;
	updatedAt: string;
}

export interface BoardLive {
	snapshot(): Promise<BoardSnapshot>;
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
	now: () => Date;
}

const HEARTBEAT_MS = 15_000;

export function createBoardLive(options: BoardLiveOptions): BoardLive {
	const clients = new Set<ServerResponse>();
	let timer: NodeJS.Timeout | null = null;
	let heartbeat: NodeJS.Timeout | null = null;
	let lastVersion = "";

	async function snapshot(): Promise<BoardSnapshot> {
		const now = options.now();
		const rows = toPublicRows(
			await overdueBoard(options.db, now),
			options.locale,
			options.visibility,
			now,
		);
		const version = createHash("sha256")
			.update(JSON.stringify(rows))
			.digest("hex")
			.slice(0, 16);
		return { rows, version, updatedAt: formatDateTime(options.locale, now) };
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
