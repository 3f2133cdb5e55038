/**
 * The wake-up calls: one delayed BullMQ job per issue and planned wake-up. The job carries ids and
 * the generation only, and its id is derived from them and the wake-up time, so arming the same
 * wake-up twice (after commit, by the sweeper, after Redis lost everything) adds one job.
 *
 * Only wake-ups due within `armAheadMs` (6 hours) are armed; a later one stays planned in Postgres
 * (`issues.next_wake_at`) and the sweeper arms it when it comes within reach. Redis then holds the
 * next few hours of a province's timers, not all of them: memory and the rebuild after Redis lost its
 * data grow with what falls due soon, not with every open issue.
 */
import { Queue } from "bullmq";
import type { WakeUp } from "../../workflows/escalation/plan-wake-up.ts";
import { createMicroBatcher } from "../pipeline/micro-batcher.ts";
import { DEFAULT_PREFIX, type RedisConnection } from "../pipeline/redis.ts";
import type { WakeUpJob } from "./run-wake-up.ts";

export const ESCALATION_QUEUE = "escalation";
const JOB_NAME = "wake";
const BULK_SIZE = 1000;
const DEFAULT_ARM_AHEAD_MS = 6 * 3600_000;

/** `wake-42-g3-tm1abc`: issue, generation, time (base 36) — no ":" and never a bare integer. */
export function wakeJobId(wakeUp: WakeUp): string {
	return `wake-${wakeUp.issueId}-g${wakeUp.generation}-t${wakeUp.at.getTime().toString(36)}`;
}

/** The wake-up time (ms) a job id names; null for an id of another form. */
export function wakeTimeOf(jobId: string | undefined): number | null {
	const match = /-t([0-9a-z]+)$/.exec(jobId ?? "");
	return match?.[1] ? Number.parseInt(match[1], 36) : null;
}

export type WakeQueue = Queue<WakeUpJob>;

export interface WakeUpArmer {
	readonly queue: WakeQueue;
	/** How far ahead wake-ups are armed; later ones are left to the sweeper. */
	readonly armAheadMs: number;
	/**
	 * Arms one wake-up if it is due within `armAheadMs`; call after the transaction that planned it
	 * has committed.
	 */
	arm(wakeUp: WakeUp): Promise<void>;
	/** Arms many at once, however far ahead: the sweeper has chosen them. */
	armMany(wakeUps: readonly WakeUp[]): Promise<void>;
	/**
	 * Runs now the armed wake-ups that are due by the bot's clock but wait for a later real time
	 * (after the demo clock moved forward); returns how many.
	 */
	promoteDue(): Promise<number>;
	close(): Promise<void>;
}

/**
 * Kept small: every byte here is stored once per pending wake-up. Completed and failed jobs are
 * removed by the worker (its removeOnComplete/removeOnFail), so the sweeper can re-arm their ids.
 */
const JOB_OPTIONS = {
	attempts: 8,
	backoff: { type: "exponential", delay: 500 },
} as const;

/** The worker's part of the job options. */
export const WAKE_WORKER_OPTIONS = {
	removeOnComplete: { count: 0 },
	removeOnFail: { count: 0 },
} as const;

export function createWakeUpArmer(options: {
	connection: RedisConnection;
	prefix?: string;
	armAheadMs?: number;
	/** The bot's clock (the demo clock in demo mode): a wake-up's delay counts from it. */
	clock?: () => Date;
}): WakeUpArmer {
	const armAheadMs = options.armAheadMs ?? DEFAULT_ARM_AHEAD_MS;
	const now = () => (options.clock ? options.clock().getTime() : Date.now());
	const withinReach = (wakeUp: WakeUp) =>
		wakeUp.at.getTime() - now() <= armAheadMs;
	const queue: WakeQueue = new Queue<WakeUpJob>(ESCALATION_QUEUE, {
		connection: options.connection,
		prefix: options.prefix ?? DEFAULT_PREFIX,
	});
	// A lost connection is reported here; BullMQ reconnects by itself.
	queue.on("error", () => {});
	const jobOf = (wakeUp: WakeUp) => ({
		name: JOB_NAME,
		data: { issueId: wakeUp.issueId, generation: wakeUp.generation },
		opts: {
			...JOB_OPTIONS,
			jobId: wakeJobId(wakeUp),
			delay: Math.max(0, wakeUp.at.getTime() - now()),
		},
	});
	// The wake-ups of a batch's new issues are armed together after its commit: those that wait
	// while an add is on its way go to Redis in one pipeline, not one round trip each.
	const arms = createMicroBatcher<WakeUp, void>({
		maxSize: BULK_SIZE,
		maxInFlight: 1,
		async run(wakeUps) {
			await queue.addBulk(wakeUps.map(jobOf));
			return wakeUps.map(() => ({ status: "fulfilled", value: undefined }));
		},
	});
	return {
		queue,
		armAheadMs,
		async arm(wakeUp) {
			if (withinReach(wakeUp)) await arms.add(wakeUp);
		},
		async armMany(wakeUps) {
			for (let i = 0; i < wakeUps.length; i += BULK_SIZE)
				await queue.addBulk(wakeUps.slice(i, i + BULK_SIZE).map(jobOf));
		},
		async promoteDue() {
			const due = now();
			let promoted = 0;
			for (const job of await queue.getDelayed()) {
				const at = wakeTimeOf(job.id);
				if (at === null || at > due) continue;
				// A job that started meanwhile is no longer delayed: nothing to do.
				await job.promote().then(
					() => promoted++,
					() => {},
				);
			}
			return promoted;
		},
		close: () => queue.close(),
	};
}
