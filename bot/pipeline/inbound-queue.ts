import { type JobsOptions, Queue } from "bullmq";
import type { InboundSink } from "../adapter.ts";
import type { InboundMessage } from "../messages.ts";
import { contentFingerprint } from "./content-fingerprint.ts";
import { inboundJobId } from "./job-ids.ts";
import { createMicroBatcher } from "./micro-batcher.ts";
import { DEFAULT_PREFIX, type RedisConnection } from "./redis.ts";
import {
	INBOUND_RETRY,
	KEEP_FINISHED,
	type RetryPolicy,
	retryJobOptions,
} from "./retry-policy.ts";

export const INBOUND_QUEUE = "inbound";

/** What an inbound job carries: the normalized message, without the platform's raw payload. */
export type InboundJobData = Omit<InboundMessage, "raw">;

export type AcceptOutcome = "queued" | "duplicate_content";

interface JobToAdd {
	name: string;
	data: InboundJobData;
	opts: JobsOptions;
}

export interface InboundQueueOptions {
	connection: RedisConnection;
	prefix?: string;
	/** Same author + conversation + text within this window is a redelivery and dropped; 0 disables. */
	dedupeWindowMs?: number;
	retry?: RetryPolicy;
	/** How many completed jobs to keep (their ids drop redeliveries while they exist). */
	removeOnComplete?: (typeof KEEP_FINISHED)["removeOnComplete"];
}

export interface InboundQueue {
	readonly queue: Queue<InboundJobData>;
	/** The `InboundSink` adapters deliver to. */
	readonly sink: InboundSink;
	/** Like `sink`, and says whether the message was queued (a same-id redelivery also says "queued": BullMQ drops it). */
	accept(message: InboundMessage): Promise<AcceptOutcome>;
	close(): Promise<void>;
}

export function createInboundQueue(options: InboundQueueOptions): InboundQueue {
	const prefix = options.prefix ?? DEFAULT_PREFIX;
	const dedupeWindowMs = options.dedupeWindowMs ?? 10_000;
	const queue = new Queue<InboundJobData>(INBOUND_QUEUE, {
		connection: options.connection,
		prefix,
	});
	// Redis away is handled where messages are handed over (inbound-spool.ts); without a listener
	// ioredis would print every reconnection failure as an unhandled error.
	queue.on("error", () => {});
	const jobOptions = {
		...retryJobOptions(options.retry ?? INBOUND_RETRY),
		...KEEP_FINISHED,
		...(options.removeOnComplete === undefined
			? {}
			: { removeOnComplete: options.removeOnComplete }),
	};

	// Messages that arrive while an add is on its way go together in the next (one pipeline of
	// BullMQ's add scripts, each as atomic as a single add): under load, one round trip to Redis
	// for many messages; alone, a message is added at once.
	const adds = createMicroBatcher<JobToAdd, string | undefined>({
		maxSize: 64,
		maxInFlight: 1,
		async run(jobs) {
			const added = await queue.addBulk(jobs);
			return added.map((job) => ({ status: "fulfilled", value: job.id }));
		},
	});

	/**
	 * One atomic script per message: BullMQ drops a known job id (a redelivery), and its deduplication key — the
	 * content fingerprint, kept for the window — drops the same text re-sent under a new id. When
	 * the content was seen, BullMQ answers with the first message's job id instead of ours.
	 */
	async function accept(message: InboundMessage): Promise<AcceptOutcome> {
		const fingerprint = dedupeWindowMs > 0 ? contentFingerprint(message) : null;
		const { raw: _raw, ...data } = message;
		const jobId = inboundJobId(message.platform, message.messageId);
		const id = await adds.add({
			name: "message",
			data,
			opts: {
				...jobOptions,
				jobId,
				...(fingerprint
					? { deduplication: { id: fingerprint, ttl: dedupeWindowMs } }
					: {}),
			},
		});
		return id === jobId ? "queued" : "duplicate_content";
	}

	return {
		queue,
		sink: async (message) => {
			await accept(message);
		},
		accept,
		close: () => queue.close(),
	};
}
