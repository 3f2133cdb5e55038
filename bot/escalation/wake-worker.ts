/**
 * Runs wake-ups from the escalation queue: one transaction per wake-up (run-wake-up.ts), then,
 * after commit, arms the next one and pokes the outbox relay. Restartable: the watchdog replaces a
 * worker that stopped taking jobs.
 */
import { type Job, Worker } from "bullmq";
import type { Db } from "../../db/client.ts";
import type { PlanContext } from "../../workflows/escalation/plan-wake-up.ts";
import type { Platform } from "../messages.ts";
import { DEFAULT_PREFIX, type RedisConnection } from "../pipeline/redis.ts";
import type { Logger } from "../runtime/logger.ts";
import type { Locale } from "../texts/catalog.ts";
import {
	runWakeUp,
	type WakeUpJob,
	type WakeUpOutcome,
} from "./run-wake-up.ts";
import {
	ESCALATION_QUEUE,
	WAKE_WORKER_OPTIONS,
	type WakeUpArmer,
	wakeJobId,
} from "./wake-queue.ts";

export interface WakeWorkerOptions {
	connection: RedisConnection;
	prefix?: string;
	db: Db;
	armer: WakeUpArmer;
	locale: Locale;
	context?: PlanContext;
	/** The deployment's chat platforms (issues without a thread are reached there). */
	platforms?: readonly Platform[];
	clock?: () => Date;
	concurrency?: number;
	relay?: () => { poke(): void } | undefined;
	log?: Logger;
	/** Test hook, see RunWakeUpOptions.afterStep. */
	afterStep?: (stepKey: string) => void | Promise<void>;
}

export interface WakeWorker {
	isRunning(): boolean;
	/** When the worker last finished a job (or started): the watchdog's sign of life. */
	lastActivityMs(): number;
	/** Closes the current BullMQ worker without waiting for it and starts a fresh one. */
	restart(): Promise<void>;
	close(): Promise<void>;
}

/** Thrown when a job fires before its time: BullMQ retries it shortly. */
class WokeEarlyError extends Error {
	readonly code = "woke_early";
}

export function createWakeWorker(options: WakeWorkerOptions): WakeWorker {
	const { db, armer, log } = options;
	const clock = options.clock ?? (() => new Date());

	async function process(job: Job<WakeUpJob>): Promise<WakeUpOutcome> {
		const outcome = await runWakeUp(db, job.data, {
			now: clock(),
			locale: options.locale,
			context: options.context,
			platforms: options.platforms,
			afterStep: options.afterStep,
		});
		if (outcome.status !== "ran") return outcome;
		if (outcome.steps.length > 0) options.relay?.()?.poke();
		const next = outcome.next;
		if (next) {
			// Same id as this job: it fired early and nothing was due; retry rather than lose it.
			if (wakeJobId(next) === job.id)
				throw new WokeEarlyError(`wake-up ${job.id} fired before its time`);
			await armer.arm(next);
		}
		return outcome;
	}

	function start(): Worker<WakeUpJob> {
		const worker = new Worker<WakeUpJob>(ESCALATION_QUEUE, process, {
			connection: options.connection,
			prefix: options.prefix ?? DEFAULT_PREFIX,
			concurrency: options.concurrency ?? 8,
			...WAKE_WORKER_OPTIONS,
			// A wake-up is one short transaction: a worker that died holding one is noticed soon.
			lockDuration: 15_000,
			stalledInterval: 10_000,
		});
		worker.on("completed", () => {
			lastActivity = Date.now();
		});
		worker.on("failed", (job, error) => {
			lastActivity = Date.now();
			if (!job || error instanceof WokeEarlyError) return;
			log?.warn("escalation wake-up failed; it will be retried or re-armed", {
				jobId: job.id,
				attempt: job.attemptsMade,
				error: error.message,
			});
		});
		worker.on("error", (error) =>
			log?.warn("escalation worker error", { error: error.message }),
		);
		return worker;
	}

	let lastActivity = Date.now();
	let worker = start();
	let closed = false;
	return {
		isRunning: () => !closed && worker.isRunning(),
		lastActivityMs: () => lastActivity,
		async restart() {
			if (closed) return;
			const old = worker;
			lastActivity = Date.now();
			worker = start();
			// Not awaited: closing a worker whose connection is gone can wait for as long as it is gone.
			old.close(true).catch(() => {});
		},
		async close() {
			closed = true;
			await worker.close();
		},
	};
}
