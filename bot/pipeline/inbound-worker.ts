import { type Job, Worker } from "bullmq";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import { inboundMessages } from "../../db/schema/index.ts";
import type { InboundMessage } from "../messages.ts";
import type { Logger } from "../runtime/logger.ts";
import { INBOUND_QUEUE, type InboundJobData } from "./inbound-queue.ts";
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
export type InboundHandler = (
	tx: Tx,
	message: InboundMessage,
	inboundId: number,
) => Promise<HandleResult>;

export type InboundJobResult =
	| { status: "duplicate" }
	| { status: "processed"; inboundId: number; outcome: string };

export interface InboundWorkerOptions {
	connection: RedisConnection;
	prefix?: string;
	db: Db;
	handle: InboundHandler;
	concurrency?: number;
	/** Woken after each commit, so the messages the handler put in the outbox leave at once. */
	relay?: { poke(): void };
	log?: Logger;
}

export interface InboundWorker {
	readonly worker: Worker<InboundJobData, InboundJobResult>;
	close(): Promise<void>;
}

/**
 * Records each message and runs the handler in one transaction. A redelivered message id (the row
 * exists) is dropped before any side effect. Any failure — Postgres away, a handler bug — rolls back
 * and the job is retried with backoff; the message waits in Redis until it can be handled.
 */
export function createInboundWorker(
	options: InboundWorkerOptions,
): InboundWorker {
	const { db, handle, relay, log } = options;

	async function process(
		job: Job<InboundJobData, InboundJobResult>,
	): Promise<InboundJobResult> {
		const message = job.data as InboundMessage;
		const committed = await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(inboundMessages)
				.values({
					platform: message.platform,
					messageId: message.messageId,
					conversationId: message.conversationId,
					authorExternalId: message.author.externalId,
					text: message.text,
					message: job.data,
					receivedAt: new Date(job.timestamp),
				})
				.onConflictDoNothing({
					target: [inboundMessages.platform, inboundMessages.messageId],
				})
				.returning({ id: inboundMessages.id });
			if (!row) return null;
			const result = await handle(tx, message, row.id);
			await tx
				.update(inboundMessages)
				.set({ outcome: result.outcome, issueId: result.issueId ?? null })
				.where(eq(inboundMessages.id, row.id));
			return { inboundId: row.id, result };
		});
		if (!committed) return { status: "duplicate" };
		relay?.poke();
		if (committed.result.afterCommit) {
			try {
				await committed.result.afterCommit();
			} catch (error) {
				log?.error("after-commit step failed", {
					jobId: job.id,
					error: String(error),
				});
			}
		}
		return {
			status: "processed",
			inboundId: committed.inboundId,
			outcome: committed.result.outcome,
		};
	}

	const worker = new Worker<InboundJobData, InboundJobResult>(
		INBOUND_QUEUE,
		process,
		{
			connection: options.connection,
			prefix: options.prefix ?? DEFAULT_PREFIX,
			concurrency: options.concurrency ?? 8,
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
