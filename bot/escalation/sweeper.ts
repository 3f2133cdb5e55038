/**
 * The safety net under the wake-up jobs. Every tick it re-arms issues whose wake-up is due and has
 * not run (a job lost, never armed, or armed with an old generation), releases quiet-hours digests,
 * and — when Redis has lost its data (the sentinel key is gone) — re-arms every planned wake-up.
 */
import { and, asc, gt, isNotNull, lte } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { issues } from "../../db/schema/issues.ts";
import type { WorkingCalendar } from "../../workflows/calendar/types.ts";
import type { WakeUp } from "../../workflows/escalation/plan-wake-up.ts";
import { openRedis, type RedisConnection } from "../pipeline/redis.ts";
import type { Logger } from "../runtime/logger.ts";
import type { Locale } from "../texts/catalog.ts";
import { releaseHeldNotifications } from "./digest.ts";
import { sendMonthlyReports } from "./monthly-report.ts";
import type { WakeUpArmer } from "./wake-queue.ts";

export interface SweeperOptions {
	db: Db;
	armer: WakeUpArmer;
	/** For the sentinel key, beside the queue's own keys. */
	connection: RedisConnection;
	prefix: string;
	locale: Locale;
	intervalMs?: number;
	/** A wake-up this late is re-armed (the job had time to run on its own). */
	graceMs?: number;
	batchSize?: number;
	clock?: () => Date;
	log?: Logger;
	/** false: no timer; the caller drives `tick`. */
	autoStart?: boolean;
	/** 一月一通报: send each enterprise its monthly status (monthly-report.ts) on this calendar. */
	monthlyReports?: { calendar: () => Promise<WorkingCalendar> };
}

export interface SweepResult {
	rebuilt: number;
	rearmed: number;
	digests: number;
	/** Enterprises sent their monthly status on this tick. */
	monthly?: number;
}

export interface Sweeper {
	tick(): Promise<SweepResult>;
	/** Re-arms every planned wake-up (after Redis lost its data); returns how many. */
	rebuildAll(): Promise<number>;
	close(): Promise<void>;
}

export function createSweeper(options: SweeperOptions): Sweeper {
	const { db, armer, log } = options;
	const clock = options.clock ?? (() => new Date());
	const graceMs = options.graceMs ?? 5_000;
	const batchSize = options.batchSize ?? 1000;
	const sentinelKey = `${options.prefix}:escalation:sentinel`;
	const redis = openRedis(options.connection);
	// Outages are the sweeper's business to survive: a failed tick is retried by the next one.
	redis.on("error", () => {});

	const wakeUpOf = (row: {
		id: number;
		wakeGeneration: number;
		nextWakeAt: Date | null;
	}): WakeUp => ({
		issueId: row.id,
		generation: row.wakeGeneration,
		at: row.nextWakeAt ?? clock(),
	});
	const columns = {
		id: issues.id,
		wakeGeneration: issues.wakeGeneration,
		nextWakeAt: issues.nextWakeAt,
	};

	async function rebuildAll(): Promise<number> {
		let after = 0;
		let total = 0;
		for (;;) {
			const rows = await db
				.select(columns)
				.from(issues)
				.where(and(isNotNull(issues.nextWakeAt), gt(issues.id, after)))
				.orderBy(asc(issues.id))
				.limit(batchSize);
			if (rows.length === 0) return total;
			await armer.armMany(rows.map(wakeUpOf));
			total += rows.length;
			after = rows.at(-1)?.id ?? after;
		}
	}

	async function rearmLate(): Promise<number> {
		const late = new Date(clock().getTime() - graceMs);
		const rows = await db
			.select(columns)
			.from(issues)
			.where(lte(issues.nextWakeAt, late))
			.orderBy(asc(issues.nextWakeAt))
			.limit(batchSize);
		await armer.armMany(rows.map(wakeUpOf));
		return rows.length;
	}

	async function tick(): Promise<SweepResult> {
		let rebuilt = 0;
		if (!(await redis.exists(sentinelKey))) {
			rebuilt = await rebuildAll();
			await redis.set(sentinelKey, clock().toISOString());
			if (rebuilt > 0)
				log?.warn(
					"Redis had no escalation sentinel: wake-ups rebuilt from Postgres",
					{
						rebuilt,
					},
				);
		}
		const rearmed = await rearmLate();
		if (rearmed > 0) log?.info("late wake-ups re-armed", { rearmed });
		const digests = await releaseHeldNotifications(db, clock(), options.locale);
		if (!options.monthlyReports) return { rebuilt, rearmed, digests };
		const monthly = await sendMonthlyReports(db, {
			now: clock(),
			calendar: await options.monthlyReports.calendar(),
			locale: options.locale,
		});
		if (monthly > 0) log?.info("monthly status sent", { enterprises: monthly });
		return { rebuilt, rearmed, digests, monthly };
	}

	let timer: NodeJS.Timeout | undefined;
	let running: Promise<unknown> | null = null;
	if (options.autoStart !== false) {
		const loop = () => {
			running = tick()
				.catch((error: Error) =>
					log?.warn("escalation sweep failed; next tick retries", {
						error: error.message,
					}),
				)
				.finally(() => {
					running = null;
				});
		};
		loop();
		timer = setInterval(() => {
			if (!running) loop();
		}, options.intervalMs ?? 60_000);
	}

	return {
		tick,
		rebuildAll,
		async close() {
			if (timer) clearInterval(timer);
			// A tick waiting for a Redis that is away would hold the close for as long as it is away.
			await settleWithin(running, 2000);
			redis.disconnect();
		},
	};
}

/** Waits for `promise` to settle, but no longer than `ms`. */
export async function settleWithin(
	promise: Promise<unknown> | null,
	ms: number,
): Promise<void> {
	if (!promise) return;
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([
		promise.catch(() => {}),
		new Promise((resolve) => {
			timer = setTimeout(resolve, ms);
		}),
	]);
	clearTimeout(timer);
}
