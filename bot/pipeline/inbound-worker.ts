import { type Job, Worker } from "bullmq";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import { deferStatement, withDeferredRows } from "../../db/deferred-rows.ts";
import { inboundMessages } from "../../db/schema/index.ts";
import type { InboundMessage, Platform } from "../messages.ts";
import type { Logger } from "../runtime/logger.ts";
import { releaseFromJournal } from "./inbound-journal.ts";
import { INBOUND_QUEUE, type InboundJobData } from "./inbound-queue.ts";
import { createMicroBatcher } from "./micro-batcher.ts";
import { DEFAULT_PREFIX, type RedisConnection } from "./redis.ts";
import { cappedBackoff } from "./retry-policy.ts";

export interface HandleResult {
	/** What the bot made of the message: new_issue, follow_up, command, chatter, refused … */
	outcome: string;
	issueId?: number | null;
	/** Runs once the transaction has committed (arm a timer, poke a relay); a failure here is logged, not retried. */
	afterCommit?: () => Promise<void> | void;
}

/** The bot's handling of one message, inside the transaction that records it. */
export type InboundHandler = ((
	tx: Tx,
	message: InboundMessage,
	inboundId: number,
) => Promise<HandleResult>) & {
	/**
	 * Runs once per batch, in its transaction, before its new messages are handled one by one: to
	 * load together what each would otherwise load alone.
	 */
	prepareBatch?: (tx: Tx, messages: InboundMessage[]) => Promise<void>;
};

export type InboundJobResult =
	| { status: "duplicate" }
	| { status: "processed"; inboundId: number; outcome: string };

/**
 * Transactions one worker runs at once: while one waits on Postgres the next is being built. More
 * record messages no faster on two cores and starve the sending of the answers (on the intake bench,
 * four in flight recorded as many issues per second as two but sent their acknowledgements at 120/s
 * instead of 300/s).
 */
const BATCHES_IN_FLIGHT = 2;

export interface InboundWorkerOptions {
	connection: RedisConnection;
	prefix?: string;
	db: Db;
	handle: InboundHandler;
	/** Messages held at once (BullMQ's concurrency); they are handled in batches. */
	concurrency?: number;
	/** The most messages one transaction handles. */
	batchSize?: number;
	/** Woken after each commit, so the messages the handler put in the outbox leave at once. */
	relay?: { poke(): void };
	/** Told of a message that failed its last attempt (it stays in the failed set). */
	onGivenUp?: (message: InboundJobData) => void;
	log?: Logger;
}

export interface InboundWorker {
	readonly worker: Worker<InboundJobData, InboundJobResult>;
	close(): Promise<void>;
}

type InboundJob = Job<InboundJobData, InboundJobResult>;

interface Handled {
	inboundId: number;
	result: HandleResult;
}

/**
 * Records each message and runs the handler, many messages to a transaction: the messages that
 * arrive while one batch is being handled go together in the next (group commit). A redelivered
 * message id (the row exists) is dropped before any side effect. If a batch fails, each of its
 * messages is handled again alone, so one bad message cannot hold back the others; a message that
 * fails alone — Postgres away, a handler bug — is retried by BullMQ with backoff and waits in Redis.
 */
export function createInboundWorker(
	options: InboundWorkerOptions,
): InboundWorker {
	const { db, handle, relay, log } = options;
	const concurrency = options.concurrency ?? 128;
	const batchSize = options.batchSize ?? 32;

	/** One transaction: the inbound rows, the handler for each new one in order, their outcomes. */
	async function handleTogether(
		jobs: readonly InboundJob[],
	): Promise<Array<Handled | null>> {
		const handled = await db.transaction(async (tx) => {
			const ids = await recordInbound(tx, jobs);
			await releaseFromJournal(
				tx,
				jobs.map((job) => job.data),
			);
			// The handlers' audit events, links and answers, and the outcomes, are written together at the end.
			const done = await withDeferredRows(tx, async () => {
				await handle.prepareBatch?.(
					tx,
					jobs
						.filter((job) => ids.has(keyOf(job.data)))
						.map((job) => job.data as InboundMessage),
				);
				const results: Array<Handled | null> = [];
				for (const job of jobs) {
					const inboundId = ids.get(keyOf(job.data));
					if (inboundId === undefined) {
						results.push(null);
						continue;
					}
					const message = job.data as InboundMessage;
					results.push({
						inboundId,
						result: await handle(tx, message, inboundId),
					});
				}
				await recordOutcomes(
					tx,
					results.filter((d): d is Handled => d !== null),
				);
				return results;
			});
			return done;
		});
		relay?.poke();
		for (const [i, entry] of handled.entries()) {
			if (!entry?.result.afterCommit) continue;
			try {
				await entry.result.afterCommit();
			} catch (error) {
				log?.error("after-commit step failed", {
					jobId: jobs[i]?.id,
					error: String(error),
				});
			}
		}
		return handled;
	}

	async function handleBatch(
		jobs: InboundJob[],
	): Promise<PromiseSettledResult<InboundJobResult>[]> {
		try {
			return (await handleTogether(jobs)).map((entry) => ({
				status: "fulfilled",
				value: jobResult(entry),
			}));
		} catch (error) {
			if (jobs.length === 1) return [{ status: "rejected", reason: error }];
			log?.warn("inbound batch failed; handling its messages one by one", {
				messages: jobs.length,
				error: String(error),
			});
			const settled: PromiseSettledResult<InboundJobResult>[] = [];
			for (const job of jobs) {
				try {
					const [entry] = await handleTogether([job]);
					settled.push({
						status: "fulfilled",
						value: jobResult(entry ?? null),
					});
				} catch (reason) {
					settled.push({ status: "rejected", reason });
				}
			}
			return settled;
		}
	}

	const batcher = createMicroBatcher<InboundJob, InboundJobResult>({
		maxSize: batchSize,
		maxInFlight: BATCHES_IN_FLIGHT,
		run: handleBatch,
	});

	const worker = new Worker<InboundJobData, InboundJobResult>(
		INBOUND_QUEUE,
		(job) => batcher.add(job),
		{
			connection: options.connection,
			prefix: options.prefix ?? DEFAULT_PREFIX,
			concurrency,
			settings: { backoffStrategy: cappedBackoff },
		},
	);
	worker.on("failed", (job, error) => {
		if (!job) return;
		const fields = {
			jobId: job.id,
			attempt: job.attemptsMade,
			error: error.message,
		};
		if (job.attemptsMade >= (job.opts.attempts ?? 1)) {
			log?.error(
				"inbound message given up after its last attempt; it stays in the failed set",
				fields,
			);
			void releaseFromJournal(db, [job.data]).catch((error) =>
				log?.warn("could not release a given-up message from the journal", {
					error: String(error),
				}),
			);
			options.onGivenUp?.(job.data);
		} else {
			log?.warn("inbound message failed; will retry", fields);
		}
	});
	// A lost Redis connection is reported here; without a listener it would be an unhandled 'error'.
	worker.on("error", (error) =>
		log?.warn("inbound worker error", { error: error.message }),
	);

	return { worker, close: () => worker.close() };
}

const keyOf = (message: Pick<InboundJobData, "platform" | "messageId">) =>
	`${message.platform}\u0000${message.messageId}`;

function jobResult(entry: Handled | null): InboundJobResult {
	return entry
		? {
				status: "processed",
				inboundId: entry.inboundId,
				outcome: entry.result.outcome,
			}
		: { status: "duplicate" };
}

/**
 * Inserts the batch's messages; the ids of those that were new (a redelivery's row exists already).
 * One statement over column arrays (`unnest`): its text is the same for any batch size, and
 * building it costs nothing per row, unlike a VALUES list.
 */
async function recordInbound(
	tx: Tx,
	jobs: readonly InboundJob[],
): Promise<Map<string, number>> {
	// sql.param: the array is one parameter (a bare array in sql`` would become a list of them).
	const column = <T>(value: (data: InboundJobData, job: InboundJob) => T) =>
		sql.param(jobs.map((job) => value(job.data, job)));
	const result = await tx.execute(sql`
		insert into ${inboundMessages}
			(platform, message_id, conversation_id, author_external_id, text, message, received_at)
		select * from unnest(
			${column((d) => d.platform)}::text[],
			${column((d) => d.messageId)}::text[],
			${column((d) => d.conversationId)}::text[],
			${column((d) => d.author.externalId)}::text[],
			${column((d) => d.text)}::text[],
			${column((d) => JSON.stringify(d))}::jsonb[],
			${column((_, job) => new Date(job.timestamp).toISOString())}::timestamptz[])
		on conflict (platform, message_id) do nothing
		returning id, platform, message_id`);
	const rows = (
		result as unknown as {
			rows: Array<{
				id: string | number;
				platform: string;
				message_id: string;
			}>;
		}
	).rows;
	return new Map(
		rows.map((row) => [
			keyOf({ platform: row.platform as Platform, messageId: row.message_id }),
			Number(row.id),
		]),
	);
}

/** What the bot made of each message: one statement, in the round trip of the deferred rows. */
async function recordOutcomes(
	tx: Tx,
	handled: readonly Handled[],
): Promise<void> {
	if (handled.length === 0) return;
	const column = <T>(value: (entry: Handled) => T) =>
		sql.param(handled.map(value));
	await deferStatement(
		tx,
		sql`
		update ${inboundMessages}
		set outcome = v.outcome, issue_id = v.issue_id
		from unnest(
			${column((h) => h.inboundId)}::bigint[],
			${column((h) => h.result.outcome)}::text[],
			${column((h) => h.result.issueId ?? null)}::integer[]) as v(id, outcome, issue_id)
		where ${inboundMessages.id} = v.id`,
	);
}
