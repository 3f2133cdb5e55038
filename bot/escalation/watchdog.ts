/**
 * Notices wake-ups that are due but not being done — BullMQ workers have been seen not resuming
 * after a Redis outage of more than a few seconds — and restarts the worker.
 */
import { count, lte } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { issues } from "../../db/schema/issues.ts";
import type { Logger } from "../runtime/logger.ts";

export interface WatchdogOptions {
	db: Db;
	/** Replaces the worker. */
	restart(): Promise<void>;
	/** When the worker last finished a job: one that is still working is left alone. */
	lastActivityMs(): number;
	intervalMs?: number;
	/** A wake-up this late means the worker is not working (the sweeper re-arms well before). */
	lateMs?: number;
	clock?: () => Date;
	log?: Logger;
	autoStart?: boolean;
}

export interface Watchdog {
	/** One check; true when it restarted the worker. */
	check(): Promise<boolean>;
	readonly restarts: number;
	close(): Promise<void>;
}

export function createWatchdog(options: WatchdogOptions): Watchdog {
	const { db, log } = options;
	const clock = options.clock ?? (() => new Date());
	const lateMs = options.lateMs ?? 120_000;
	let lastRestartMs = 0;
	let restarts = 0;

	async function check(): Promise<boolean> {
		const now = clock().getTime();
		if (Date.now() - options.lastActivityMs() < lateMs) return false;
		const [row] = await db
			.select({ late: count() })
			.from(issues)
			.where(lte(issues.nextWakeAt, new Date(now - lateMs)));
		const late = Number(row?.late ?? 0);
		// Give a restarted worker as long as a wake-up may be late before judging it again.
		if (late === 0 || Date.now() - lastRestartMs < lateMs) return false;
		log?.warn(
			"due escalation wake-ups are not being processed: restarting the worker",
			{
				late,
				lateMs,
			},
		);
		lastRestartMs = Date.now();
		restarts++;
		await options.restart();
		return true;
	}

	let timer: NodeJS.Timeout | undefined;
	let running: Promise<unknown> | null = null;
	if (options.autoStart !== false) {
		timer = setInterval(() => {
			if (running) return;
			running = check()
				.catch((error: Error) =>
					log?.warn("escalation watchdog check failed", {
						error: error.message,
					}),
				)
				.finally(() => {
					running = null;
				});
		}, options.intervalMs ?? 30_000);
	}

	return {
		check,
		get restarts() {
			return restarts;
		},
		async close() {
			if (timer) clearInterval(timer);
			await running;
		},
	};
}
