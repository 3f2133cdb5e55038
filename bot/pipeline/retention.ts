/**
 * Pruning by age (docs/scale.md "Retention"): the pipeline's bookkeeping tables and BullMQ's
 * finished sets would otherwise grow with every message for as long as the bot runs. Only what has
 * served its purpose goes: sent or long-failed outbox rows, chatter that made no issue, journal rows
 * whose message is recorded, expired console tokens, finished jobs. Unsent outbox rows, unrecorded
 * journal rows, live tokens and waiting or active jobs are never touched. The issues, their audit
 * log and the messages that made an issue are not pruned at all.
 */
import { type Job, Queue } from "bullmq";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { consoleTokens } from "../../db/schema/console.ts";
import {
	inboundJournal,
	inboundMessages,
	outbox,
} from "../../db/schema/pipeline.ts";
import type { Logger } from "../runtime/logger.ts";
import { INBOUND_QUEUE } from "./inbound-queue.ts";
import { OUTBOUND_QUEUE } from "./outbox.ts";
import type { RedisConnection } from "./redis.ts";

const DAY_MS = 24 * 3_600_000;

/** How long each kind of row is kept, in days (completed jobs: hours). */
export interface Retention {
	/** Outbox rows sent this long ago. */
	outboxSentDays: number;
	/** Outbox rows given up (failed, never sent) this long ago: the desk's failed-sends list shows them until then. */
	outboxFailedDays: number;
	/** Inbound messages that made or joined no issue (chatter, thanks), recorded this long ago. */
	inboundDays: number;
	/** Journal rows left behind for a message that is recorded. */
	journalDays: number;
	/** Console sessions and login links, this long after they expired. */
	tokenDays: number;
	/** Completed jobs in BullMQ (hours). */
	completedJobHours: number;
	/** Failed jobs in BullMQ: an operator has this long to re-drive them (`npm run inbound:redrive`). */
	failedJobDays: number;
}

export const DEFAULT_RETENTION: Retention = {
	outboxSentDays: 30,
	outboxFailedDays: 180,
	inboundDays: 365,
	journalDays: 7,
	tokenDays: 7,
	completedJobHours: 24,
	failedJobDays: 90,
};

export interface Pruned {
	outbox: number;
	inboundMessages: number;
	inboundJournal: number;
	consoleTokens: number;
	completedJobs: number;
	failedJobs: number;
}

/** Rows per delete statement: short transactions, no long lock on a busy table. */
const BATCH = 5_000;

async function deleteInBatches(
	db: Db,
	statement: () => ReturnType<typeof sql>,
): Promise<number> {
	let total = 0;
	for (;;) {
		const result = (await db.execute(statement())) as {
			rowCount?: number | null;
			affectedRows?: number;
		};
		const count = result.rowCount ?? result.affectedRows ?? 0;
		total += count;
		if (count < BATCH) return total;
	}
}

/** The Postgres side of the pruning: four tables, each by its own age column and index. */
export async function pruneTables(
	db: Db,
	retention: Retention,
	now: Date,
): Promise<Omit<Pruned, "completedJobs" | "failedJobs">> {
	const before = (days: number) =>
		new Date(now.getTime() - days * DAY_MS).toISOString();
	const sent = before(retention.outboxSentDays);
	const failed = before(retention.outboxFailedDays);
	const outboxRows = await deleteInBatches(
		db,
		() => sql`delete from ${outbox} where id in (
			(select id from ${outbox} where sent_at < ${sent} limit ${BATCH})
			union all
			(select id from ${outbox} where failed_at < ${failed} and sent_at is null limit ${BATCH}))`,
	);
	const chatter = before(retention.inboundDays);
	const inboundRows = await deleteInBatches(
		db,
		() => sql`delete from ${inboundMessages} where id in (
			select id from ${inboundMessages}
			where issue_id is null and processed_at < ${chatter} limit ${BATCH})`,
	);
	const journal = before(retention.journalDays);
	const journalRows = await deleteInBatches(
		db,
		() => sql`delete from ${inboundJournal} j where (j.platform, j.message_id) in (
			select r.platform, r.message_id from ${inboundJournal} r
			where r.received_at < ${journal} and exists (
				select 1 from ${inboundMessages} m
				where m.platform = r.platform and m.message_id = r.message_id)
			limit ${BATCH})`,
	);
	const expired = before(retention.tokenDays);
	const tokenRows = await deleteInBatches(
		db,
		() => sql`delete from ${consoleTokens} where id in (
			select id from ${consoleTokens} where expires_at < ${expired} limit ${BATCH})`,
	);
	return {
		outbox: outboxRows,
		inboundMessages: inboundRows,
		inboundJournal: journalRows,
		consoleTokens: tokenRows,
	};
}

/**
 * BullMQ's completed and failed sets, by the time each job finished. A failed inbound job holds an
 * enterprise's message the bot could not handle: it is logged in full before it goes.
 */
export async function pruneQueue(
	queue: Queue,
	retention: Retention,
	now: Date,
	log?: Logger,
): Promise<{ completed: number; failed: number }> {
	// clean() counts its grace back from the clock; `now` may differ from it (tests, the bench).
	const completed = await queue.clean(
		Math.max(
			0,
			Date.now() - now.getTime() + retention.completedJobHours * 3_600_000,
		),
		100_000,
		"completed",
	);
	const failedBefore = now.getTime() - retention.failedJobDays * DAY_MS;
	let failed = 0;
	for (let start = 0; ; ) {
		const jobs: Job[] = await queue.getFailed(start, start + 499);
		if (jobs.length === 0) break;
		let kept = 0;
		for (const job of jobs) {
			if ((job.finishedOn ?? now.getTime()) >= failedBefore) {
				kept++;
				continue;
			}
			log?.warn("failed job pruned", {
				queue: queue.name,
				jobId: job.id,
				failedReason: job.failedReason,
				data: job.data,
			});
			await job.remove();
			failed++;
		}
		start += kept;
		if (jobs.length < 500) break;
	}
	return { completed: completed.length, failed };
}

export interface Pruner {
	/** One pass now (the timer calls it; tests and the bench too). */
	run(now?: Date): Promise<Pruned>;
	close(): Promise<void>;
}

/** In the worker role: one pass a little after start, then every `everyMs` (default an hour). */
export function createPruner(options: {
	db: Db;
	connection: RedisConnection;
	prefix: string;
	retention?: Partial<Retention>;
	everyMs?: number;
	/** Default: the inbound and outbound queues. */
	queueNames?: string[];
	log: Logger;
}): Pruner {
	const retention = { ...DEFAULT_RETENTION, ...options.retention };
	const queues = (options.queueNames ?? [INBOUND_QUEUE, OUTBOUND_QUEUE]).map(
		(name) =>
			new Queue(name, {
				connection: options.connection,
				prefix: options.prefix,
			}),
	);
	let running: Promise<Pruned> | undefined;
	const run = async (now = new Date()): Promise<Pruned> => {
		const tables = await pruneTables(options.db, retention, now);
		let completedJobs = 0;
		let failedJobs = 0;
		for (const queue of queues) {
			const pruned = await pruneQueue(queue, retention, now, options.log);
			completedJobs += pruned.completed;
			failedJobs += pruned.failed;
		}
		const result = { ...tables, completedJobs, failedJobs };
		if (Object.values(result).some((n) => n > 0))
			options.log.info("pruned by age", { ...result });
		return result;
	};
	const tick = () => {
		if (running) return;
		running = run()
			.catch((error: unknown) => {
				options.log.warn("pruning failed", { error: String(error) });
				return undefined as unknown as Pruned;
			})
			.finally(() => {
				running = undefined;
			});
	};
	const everyMs = options.everyMs ?? 3_600_000;
	const first = setTimeout(tick, Math.min(everyMs, 60_000));
	const timer = setInterval(tick, everyMs);
	first.unref();
	timer.unref();
	return {
		run,
		async close() {
			clearTimeout(first);
			clearInterval(timer);
			await running;
			await Promise.allSettled(queues.map((q) => q.close()));
		},
	};
}
