import { and, asc, eq, gt, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { WrittenAnswer } from "../../db/deferred-rows.ts";
import { outbox } from "../../db/schema/index.ts";
import type { Logger } from "../runtime/logger.ts";
import { outboundJobId } from "./job-ids.ts";
import type { OutboundQueue } from "./outbox.ts";
import {
	KEEP_FINISHED,
	OUTBOUND_RETRY,
	type RetryPolicy,
	retryJobOptions,
} from "./retry-policy.ts";

const claimedColumns = {
	id: outbox.id,
	platform: outbox.platform,
	conversationId: outbox.conversationId,
};
const chatOf = (row: WrittenAnswer) =>
	`${row.platform}\u0000${row.conversationId}`;

export interface OutboxRelayOptions {
	db: Db;
	outboundQueue: OutboundQueue;
	/** Safety-net poll; `poke()` is the fast path. */
	intervalMs?: number;
	/** How often to rebuild jobs Redis lost (also once at start). */
	reconcileIntervalMs?: number;
	batchSize?: number;
	retry?: RetryPolicy;
	/** false: no timers, the caller drives `runOnce`/`reconcile` (tests, one-off tools). */
	autoStart?: boolean;
	log?: Logger;
}

export interface OutboxRelay {
	/** Moves new outbox rows to the outbound queue soon; calls coalesce. */
	poke(): void;
	/**
	 * Adds the jobs of rows a transaction wrote as enqueued (the inbound worker's answers), after
	 * its commit. False when Redis did not take them: the rows are the relay's passes' again.
	 */
	handOver(rows: readonly WrittenAnswer[]): Promise<boolean>;
	/** Moves every new outbox row now; returns how many. */
	runOnce(): Promise<number>;
	/**
	 * Re-adds jobs for unsent rows whose job Redis no longer has, or whose job failed for a reason
	 * other than a refusal; returns how many.
	 */
	reconcile(): Promise<number>;
	close(): Promise<void>;
}

/**
 * Moves promised messages from Postgres to BullMQ. Rows are claimed with `for update skip locked`,
 * so any number of relays can run; job ids come from the outbox id, so adding one twice is a no-op.
 * A row is marked enqueued before its job is added: if the add fails the mark is taken back, and if
 * the process dies in between, `reconcile()` (at start, and every minute) adds the missing job.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
	const { db, outboundQueue, log } = options;
	const batchSize = options.batchSize ?? 100;
	const jobOptions = {
		...retryJobOptions(options.retry ?? OUTBOUND_RETRY),
		...KEEP_FINISHED,
	};
	let closed = false;
	let running: Promise<number> | null = null;
	let again = false;

	const jobsFor = (rows: readonly WrittenAnswer[], recovered = false) =>
		rows.map((row) => ({
			name: "send",
			data: {
				outboxId: row.id,
				chat: chatOf(row),
				...(recovered ? { recovered } : {}),
			},
			opts: { ...jobOptions, jobId: outboundJobId(row.id) },
		}));

	// One statement, no transaction around it: a pass that finds nothing costs one round trip.
	async function moveBatch(): Promise<number> {
		const claimed = await db
			.update(outbox)
			.set({ enqueuedAt: sql`now()` })
			.where(
				inArray(
					outbox.id,
					db
						.select({ id: outbox.id })
						.from(outbox)
						.where(and(isNull(outbox.enqueuedAt), isNull(outbox.sentAt)))
						.orderBy(asc(outbox.id))
						.limit(batchSize)
						.for("update", { skipLocked: true }),
				),
			)
			.returning(claimedColumns);
		if (claimed.length === 0) return 0;
		await addOrGiveBack(claimed);
		return claimed.length;
	}

	/** Adds the rows' jobs in outbox order; if Redis does not take them, unmarks the rows. */
	async function addOrGiveBack(rows: readonly WrittenAnswer[]): Promise<void> {
		try {
			await outboundQueue.addBulk(
				jobsFor([...rows].sort((a, b) => a.id - b.id)),
			);
		} catch (error) {
			// Unmarked, the rows are the next pass's; should this fail too, reconcile() adds their jobs.
			await db
				.update(outbox)
				.set({ enqueuedAt: null })
				.where(
					and(
						inArray(
							outbox.id,
							rows.map((row) => row.id),
						),
						isNull(outbox.sentAt),
					),
				);
			throw error;
		}
	}

	async function handOver(rows: readonly WrittenAnswer[]): Promise<boolean> {
		if (rows.length === 0) return true;
		try {
			await addOrGiveBack(rows);
			return true;
		} catch (error) {
			log?.warn("outbound jobs could not be added; the relay will retry", {
				outboxIds: rows.map((row) => row.id),
				error: String(error),
			});
			return false;
		}
	}

	async function runOnce(): Promise<number> {
		let total = 0;
		for (;;) {
			const moved = await moveBatch();
			total += moved;
			if (moved < batchSize) return total;
		}
	}

	async function reconcile(): Promise<number> {
		let readded = 0;
		let afterId = 0;
		for (;;) {
			const rows = await db
				.select(claimedColumns)
				.from(outbox)
				.where(
					and(
						isNotNull(outbox.enqueuedAt),
						isNull(outbox.sentAt),
						isNull(outbox.lastError),
						gt(outbox.id, afterId),
					),
				)
				.orderBy(asc(outbox.id))
				.limit(batchSize);
			if (rows.length === 0) return readded;
			afterId = rows.at(-1)?.id ?? afterId;
			const jobs = await Promise.all(
				rows.map((r) => outboundQueue.getJob(outboundJobId(r.id))),
			);
			const missing: WrittenAnswer[] = [];
			for (const [i, job] of jobs.entries()) {
				const row = rows[i];
				if (row === undefined) continue;
				if (!job) missing.push(row);
				else if (job.finishedOn && job.failedReason) {
					if (job.failedReason.startsWith("rejected"))
						await markGivenUp(row.id, job.failedReason);
					else {
						// Failed only because Postgres or Redis failed the worker for a while: send it after all.
						await job.remove();
						missing.push(row);
					}
				}
			}
			if (missing.length > 0) {
				await outboundQueue.addBulk(jobsFor(missing, true));
				readded += missing.length;
				log?.warn(
					"outbound jobs were missing from Redis and have been re-added",
					{ outboxIds: missing.map((row) => row.id) },
				);
			}
		}
	}

	// A refusal whose worker could not record it (Postgres was away at that moment).
	async function markGivenUp(id: number, reason: string): Promise<void> {
		await db
			.update(outbox)
			.set({ lastError: reason, failedAt: sql`now()` })
			.where(
				and(eq(outbox.id, id), isNull(outbox.sentAt), isNull(outbox.lastError)),
			);
	}

	function poke(): void {
		if (closed) return;
		if (running) {
			again = true;
			return;
		}
		running = runOnce()
			.catch((error) => {
				log?.warn("outbox relay pass failed; will retry", {
					error: String(error),
				});
				return 0;
			})
			.finally(() => {
				running = null;
				if (again) {
					again = false;
					poke();
				}
			});
	}

	let reconciling: Promise<void> | null = null;
	function safeReconcile(): void {
		if (reconciling || closed) return;
		reconciling = reconcile()
			.then(() => {})
			.catch((error) => {
				log?.warn("outbox reconcile failed; will retry", {
					error: String(error),
				});
			})
			.finally(() => {
				reconciling = null;
			});
	}

	const timers: NodeJS.Timeout[] = [];
	if (options.autoStart ?? true) {
		safeReconcile();
		poke();
		timers.push(setInterval(poke, options.intervalMs ?? 1000));
		timers.push(
			setInterval(safeReconcile, options.reconcileIntervalMs ?? 60_000),
		);
	}

	return {
		poke,
		handOver,
		runOnce,
		reconcile,
		async close() {
			closed = true;
			for (const timer of timers) clearInterval(timer);
			await Promise.all([running, reconciling]);
		},
	};
}
