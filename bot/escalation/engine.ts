/**
 * The escalation engine of the `worker` role: the wake-up queue, its worker, the sweeper and the
 * watchdog. `wakeUps.arm` is what the conversation layer calls after a commit that re-planned.
 */
import type { Db } from "../../db/client.ts";
import { createWorkingCalendar } from "../../workflows/calendar/working-calendar.ts";
import { loadCalendarSettings } from "../../workflows/directory/queries.ts";
import type { PlanContext } from "../../workflows/escalation/plan-wake-up.ts";
import type { Platform } from "../messages.ts";
import { DEFAULT_PREFIX, type RedisConnection } from "../pipeline/redis.ts";
import type { Logger } from "../runtime/logger.ts";
import type { Locale } from "../texts/catalog.ts";
import { createSweeper, type Sweeper, settleWithin } from "./sweeper.ts";
import { createWakeUpArmer, type WakeUpArmer } from "./wake-queue.ts";
import { createWakeWorker, type WakeWorker } from "./wake-worker.ts";
import { createWatchdog, type Watchdog } from "./watchdog.ts";

export interface EscalationEngineOptions {
	db: Db;
	connection: RedisConnection;
	prefix?: string;
	locale: Locale;
	log?: Logger;
	/** The outbox relay, to send a step's messages at once (else its next poll sends them). */
	relay?: () => { poke(): void } | undefined;
	context?: PlanContext;
	/** The deployment's chat platforms, in order of preference (see deliver.ts). */
	platforms?: readonly Platform[];
	clock?: () => Date;
	concurrency?: number;
	/** Wake-ups due further ahead are armed by the sweeper when they come within reach (6 hours). */
	armAheadMs?: number;
	sweepIntervalMs?: number;
	graceMs?: number;
	watchdogIntervalMs?: number;
	lateMs?: number;
	afterStep?: (stepKey: string) => void | Promise<void>;
	/** 一月一通报 from the sweeper (the deployment's worker turns it on). */
	monthlyReports?: boolean;
}

export interface EscalationEngine {
	readonly wakeUps: WakeUpArmer;
	readonly worker: WakeWorker;
	readonly sweeper: Sweeper;
	readonly watchdog: Watchdog;
	/**
	 * After the bot's clock jumped forward (the demo clock): arms what came within reach and runs
	 * at once the wake-ups now due. Returns how many ran early.
	 */
	catchUp(): Promise<number>;
	close(): Promise<void>;
}

export function createEscalationEngine(
	options: EscalationEngineOptions,
): EscalationEngine {
	const prefix = options.prefix ?? DEFAULT_PREFIX;
	const log = options.log;
	const wakeUps = createWakeUpArmer({
		connection: options.connection,
		prefix,
		armAheadMs: options.armAheadMs,
		clock: options.clock,
	});
	const worker = createWakeWorker({
		connection: options.connection,
		prefix,
		db: options.db,
		armer: wakeUps,
		locale: options.locale,
		context: options.context,
		platforms: options.platforms,
		clock: options.clock,
		concurrency: options.concurrency,
		relay: options.relay,
		log: log?.child("worker"),
		afterStep: options.afterStep,
	});
	const sweeper = createSweeper({
		db: options.db,
		armer: wakeUps,
		connection: options.connection,
		prefix,
		locale: options.locale,
		intervalMs: options.sweepIntervalMs,
		graceMs: options.graceMs,
		clock: options.clock,
		log: log?.child("sweeper"),
		...(options.monthlyReports
			? {
					monthlyReports: {
						calendar: async () =>
							options.context?.calendar ??
							createWorkingCalendar(await loadCalendarSettings(options.db)),
					},
				}
			: {}),
	});
	const watchdog = createWatchdog({
		db: options.db,
		restart: () => worker.restart(),
		lastActivityMs: () => worker.lastActivityMs(),
		intervalMs: options.watchdogIntervalMs,
		lateMs: options.lateMs,
		clock: options.clock,
		log: log?.child("watchdog"),
	});
	return {
		wakeUps,
		worker,
		sweeper,
		watchdog,
		async catchUp() {
			await sweeper.tick();
			return wakeUps.promoteDue();
		},
		async close() {
			await watchdog.close();
			await sweeper.close();
			// BullMQ waits for its connection to close; a Redis that is away must not hold a shutdown.
			await settleWithin(worker.close(), 5000);
			await settleWithin(wakeUps.close(), 5000);
		},
	};
}
