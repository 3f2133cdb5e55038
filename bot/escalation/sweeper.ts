/**
 * The safety net under the wake-up jobs, and their reach. Every tick it
 * - arms the wake-ups that came within the armer's reach (`armAheadMs`) since the last tick: a
 *   wake-up planned further ahead was left in Postgres (see wake-queue.ts);
 * - re-arms issues whose wake-up is due and has not run (a job lost, never armed, or armed with an
 *   old generation);
 * - releases quiet-hours digests;
 * - and, when Redis has lost its data (the sentinel key is gone), re-arms every wake-up within reach.
 * Each pass reads a range of the `next_wake_at` index, so its cost follows how many wake-ups fall
 * due in the range, not how many are planned.
 */
import { and, asc, gt, lte, sql } from "drizzle-orm";
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
	/** Wake-ups per page of the index, armed together (see `armBetween`). */
	pageSize?: number;
	clock?: () => Date;
	log?: Logger;
	/** false: no timer; the caller drives `tick`. */
	autoStart?: boolean;
	/** 一月一通报: send each enterprise its monthly status (monthly-report.ts) on this calendar. */
	monthlyReports?: { calendar: () => Promise<WorkingCalendar> };
}

export interface SweepResult {
	rebuilt: number;
	/** Wake-ups that came within reach and were armed. */
	armed: number;
	rearmed: number;
	digests: number;
	/** Enterprises sent their monthly status on this tick. */
	monthly?: number;
}

export interface Sweeper {
	tick(): Promise<SweepResult>;
	/** Re-arms every planned wake-up within reach (after Redis lost its data); returns how many. */
	rebuildAll(): Promise<number>;
	close(): Promise<void>;
}

/** How far back each tick's range reaches into the last one's (see `armComingDue`). */
const REACH_OVERLAP_MS = 5 * 60_000;
/** Pages being armed at once (see `armBetween`). */
const ARMING_IN_FLIGHT = 2;
/** Overdue wake-ups re-armed per pass, the oldest first. */
const LATE_PER_PASS = 1000;

export function createSweeper(options: SweeperOptions): Sweeper {
	const { db, armer, log } = options;
	const clock = options.clock ?? (() => new Date());
	const graceMs = options.graceMs ?? 5_000;
	const pageSize = options.pageSize ?? 250;
	const sentinelKey = `${options.prefix}:escalation:sentinel`;
	/** Wake-ups up to this time (ms) have been armed: the next tick arms from there. */
	const reachKey = `${options.prefix}:escalation:armed-through`;
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

	/** One page of the `next_wake_at` index: due after `from` (ms; null: any time), up to `until`. */
	function readPage(
		from: number | null,
		until: Date,
		after: { at: string; id: number } | null,
	) {
		return db
			.select({
				...columns,
				// The page boundary is kept as Postgres wrote it (microseconds), not as a JS Date (milliseconds).
				exactAt: sql<string>`${issues.nextWakeAt}::text`,
			})
			.from(issues)
			.where(
				and(
					lte(issues.nextWakeAt, until),
					from === null ? undefined : gt(issues.nextWakeAt, new Date(from)),
					after
						? sql`(${issues.nextWakeAt}, ${issues.id}) > (${after.at}::timestamptz, ${after.id})`
						: undefined,
				),
			)
			.orderBy(asc(issues.nextWakeAt), asc(issues.id))
			.limit(pageSize);
	}

	/**
	 * Arms the wake-ups due after `from` and up to `until`, earliest first. Two pages are on their way
	 * to Redis while the next is read: Node prepares one page's jobs while Redis stores the other's.
	 * Pages are small because preparing one holds the event loop: with pages of 1 000, the wake-ups this
	 * process runs meanwhile waited up to a second; with 250, no longer than without a rebuild.
	 */
	async function armBetween(from: number | null, until: Date): Promise<number> {
		const arming: Promise<void>[] = [];
		let after: { at: string; id: number } | null = null;
		let total = 0;
		try {
			for (;;) {
				const rows = await readPage(from, until, after);
				if (rows.length > 0) {
					if (arming.length === ARMING_IN_FLIGHT) await arming.shift();
					const armed = armer.armMany(rows.map(wakeUpOf));
					// Awaited below; until then a failure must not count as unhandled.
					armed.catch(() => {});
					arming.push(armed);
					total += rows.length;
				}
				const last = rows.at(-1);
				if (!last || rows.length < pageSize) return total;
				after = { at: last.exactAt, id: last.id };
			}
		} finally {
			await Promise.all(arming);
		}
	}

	const reach = () => new Date(clock().getTime() + armer.armAheadMs);

	async function rebuildAll(): Promise<number> {
		const until = reach();
		const rebuilt = await armBetween(null, until);
		await redis.set(reachKey, String(until.getTime()));
		return rebuilt;
	}

	/**
	 * Arms what came within reach since the last tick. The range starts a little before the last
	 * tick's end: a transaction that planned a wake-up there before that tick's read, and committed
	 * after it, is armed now (arming twice adds one job).
	 */
	async function armComingDue(): Promise<number> {
		const until = reach();
		const through = Number(await redis.get(reachKey));
		const from =
			Number.isFinite(through) && through > 0 ? through : clock().getTime();
		const armed = await armBetween(from - REACH_OVERLAP_MS, until);
		await redis.set(reachKey, String(until.getTime()));
		return armed;
	}

	async function rearmLate(): Promise<number> {
		const late = new Date(clock().getTime() - graceMs);
		const rows = await db
			.select(columns)
			.from(issues)
			.where(lte(issues.nextWakeAt, late))
			.orderBy(asc(issues.nextWakeAt))
			.limit(LATE_PER_PASS);
		await armer.armMany(rows.map(wakeUpOf));
		return rows.length;
	}

	async function tick(): Promise<SweepResult> {
		let rebuilt = 0;
		let armed = 0;
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
		} else {
			armed = await armComingDue();
		}
		const rearmed = await rearmLate();
		if (rearmed > 0) log?.info("late wake-ups re-armed", { rearmed });
		const digests = await releaseHeldNotifications(db, clock(), options.locale);
		if (!options.monthlyReports) return { rebuilt, armed, rearmed, digests };
		const monthly = await sendMonthlyReports(db, {
			now: clock(),
			calendar: await options.monthlyReports.calendar(),
			locale: options.locale,
		});
		if (monthly > 0) log?.info("monthly status sent", { enterprises: monthly });
		return { rebuilt, armed, rearmed, digests, monthly };
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
