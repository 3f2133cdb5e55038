import type { BackoffStrategy, JobsOptions } from "bullmq";

/** Our backoff: exponential from `delay`, capped, with jitter, so a long outage is retried steadily. */
export const CAPPED_BACKOFF = "capped-exponential";
export const BACKOFF_CAP_MS = 60_000;

export interface RetryPolicy {
	attempts: number;
	/** First retry delay; each next one doubles, up to `BACKOFF_CAP_MS`. */
	backoffMs: number;
}

/** Inbound: ~26 minutes of retries, so a Postgres restart or failover loses no message. */
export const INBOUND_RETRY: RetryPolicy = { attempts: 30, backoffMs: 1000 };
/**
 * Outbound jobs: these attempts are spent only when Postgres or Redis fail the worker itself (~10
 * minutes; the relay's reconcile then adds the job again). A failed send does not spend them: it is
 * delayed (sendRetryDelay) and tried again for as long as the platform is away.
 */
export const OUTBOUND_RETRY: RetryPolicy = { attempts: 15, backoffMs: 1000 };

/** Waits between tries of a send that failed for a passing reason: doubling from `firstMs` up to `capMs`. */
export interface SendBackoff {
	firstMs: number;
	capMs: number;
}
/**
 * Capped at 30 s: a failed try while a platform is down costs one local check, and a platform that
 * comes back unannounced (an adapter the bot did not create, a puppet's quiet reconnect) is used
 * within half a minute.
 */
export const DEFAULT_SEND_BACKOFF: SendBackoff = {
	firstMs: 1000,
	capMs: 30 * 1000,
};

/** The wait before try `attempt + 1` of a send (attempt counts from 1), with jitter. */
export function sendRetryDelay(attempt: number, backoff: SendBackoff): number {
	const exponential = Math.min(
		backoff.firstMs * 2 ** Math.min(30, Math.max(0, attempt - 1)),
		backoff.capMs,
	);
	return Math.max(1, Math.round(exponential * (0.8 + Math.random() * 0.2)));
}

export const cappedBackoff: BackoffStrategy = (
	attemptsMade,
	_type,
	_err,
	job,
) => {
	const base =
		job?.opts.backoff && typeof job.opts.backoff === "object"
			? (job.opts.backoff.delay ?? 1000)
			: 1000;
	const exponential = Math.min(
		base * 2 ** Math.max(0, attemptsMade - 1),
		BACKOFF_CAP_MS,
	);
	return Math.round(exponential * (0.8 + Math.random() * 0.2));
};

export function retryJobOptions(
	policy: RetryPolicy,
): Pick<JobsOptions, "attempts" | "backoff"> {
	return {
		attempts: policy.attempts,
		backoff: { type: CAPPED_BACKOFF, delay: policy.backoffMs },
	};
}

/** Completed jobs go after a day (at most 10 000 kept); failed ones stay for an operator to inspect or retry. */
export const KEEP_FINISHED: Pick<
	JobsOptions,
	"removeOnComplete" | "removeOnFail"
> = {
	removeOnComplete: { age: 24 * 3600, count: 10_000 },
	removeOnFail: false,
};
