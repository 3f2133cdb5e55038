import { type Job, Worker } from "bullmq";
import type { Db } from "../../db/client.ts";
import type { UnitOfWork } from "../../db/unit-of-work.ts";
import type { InboundMessage } from "../messages.ts";
import type { Logger } from "../runtime/logger.ts";
import { journalRelease, releaseFromJournal } from "./inbound-journal.ts";
import { INBOUND_QUEUE, type InboundJobData } from "./inbound-queue.ts";
import { createMicroBatcher } from "./micro-batcher.ts";
import { type BatchRelay, createReceiver, type Handled } from "./receive.ts";
import { DEFAULT_PREFIX, type RedisConnection } from "./redis.ts";
import { cappedBackoff } from "./retry-policy.ts";

export interface HandleResult {
	/** What the bot made of the message: new_issue, follow_up, command, chatter, refused … */
	outcome: string;
	issueId?: number | null;
	/** Runs once the transaction has committed (arm a timer, poke a relay); a failure here is logged, not retried. */
	afterCommit?: () => Promise<void> | void;
}

/** The handling of one message of a batch whose unit of work is known already. */
export type HandleInBatch = (
	message: InboundMessage,
	inboundId: number,
) => Promise<HandleResult>;

/**
 * The bot's handling of one message, inside the unit of work (db/unit-of-work.ts) of the batch
 * that records it: the batch's transaction, whose audit events and answers wait for its end.
 */
export type InboundHandler = ((
	work: UnitOfWork,
	message: InboundMessage,
	inboundId: number,
) => Promise<HandleResult>) & {
	/**
	 * Runs once per batch, in its unit of work, before its new messages are handled one by one: loads
	 * together what each would otherwise load alone, and answers the handling of each of them.
	 */
	openBatch?: (
		work: UnitOfWork,
		messages: readonly InboundMessage[],
	) => Promise<HandleInBatch>;
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
	/** After each commit: takes the batch's answers to the outbound queue (receive.ts). */
	relay?: BatchRelay;
	/** Told of a message that failed its last attempt (it stays in the failed set). */
	onGivenUp?: (message: InboundJobData) => void;
	log?: Logger;
}

export interface InboundWorker {
	readonly worker: Worker<InboundJobData, InboundJobResult>;
	close(): Promise<void>;
}

type InboundJob = Job<InboundJobData, InboundJobResult>;

/**
 * Records each message and runs the handler, many messages to a transaction (through `receive`):
 * the messages that arrive while one batch is being handled go together in the next (group commit).
 * A redelivered message id (the row exists) is dropped before any side effect. If a batch fails,
 * each of its messages is handled again alone, so one bad message cannot hold back the others; a
 * message that fails alone — Postgres away, a handler bug — is retried by BullMQ with backoff and
 * waits in Redis.
 */
export function createInboundWorker(
	options: InboundWorkerOptions,
): InboundWorker {
	const { handle, log } = options;
	const concurrency = options.concurrency ?? 128;
	const batchSize = options.batchSize ?? 32;
	const receive = createReceiver({
		db: options.db,
		handle,
		relay: options.relay,
		log,
		alsoInTransaction: (messages) =>
			messages.length > 0 ? journalRelease(messages) : undefined,
	});

	/** One transaction: the inbound rows, the handler for each new one in order, their outcomes. */
	const handleTogether = (jobs: readonly InboundJob[]) =>
		receive(
			jobs.map((job) => ({
				message: job.data as InboundMessage,
				receivedAt: new Date(job.timestamp),
			})),
		);

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
			void releaseFromJournal(options.db, [job.data]).catch((error) =>
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

function jobResult(entry: Handled | null): InboundJobResult {
	return entry
		? {
				status: "processed",
				inboundId: entry.inboundId,
				outcome: entry.result.outcome,
			}
		: { status: "duplicate" };
}
