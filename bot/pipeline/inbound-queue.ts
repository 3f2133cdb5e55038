import { Queue } from "bullmq";
import type { InboundSink } from "../adapter.ts";
import type { InboundMessage } from "../messages.ts";
import { contentFingerprint } from "./content-fingerprint.ts";
import { inboundJobId } from "./job-ids.ts";
import {
	DEFAULT_PREFIX,
	openRedis,
	pipelineKey,
	type RedisConnection,
} from "./redis.ts";
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
	const redis = openRedis(options.connection);
	const jobOptions = {
		...retryJobOptions(options.retry ?? INBOUND_RETRY),
		...KEEP_FINISHED,
		...(options.removeOnComplete === undefined
			? {}
			: { removeOnComplete: options.removeOnComplete }),
	};

	async function claimContent(
		message: InboundMessage,
	): Promise<string | null | false> {
		const fingerprint = dedupeWindowMs > 0 ? contentFingerprint(message) : null;
		if (!fingerprint) return null;
		const key = pipelineKey(prefix, "fingerprint", fingerprint);
		const claimed = await redis.set(
			key,
			message.messageId,
			"PX",
			dedupeWindowMs,
			"NX",
		);
		if (claimed === "OK") return key;
		// The same delivery retried by the adapter (same id) is not a content duplicate; BullMQ drops it by id.
		return (await redis.get(key)) === message.messageId ? null : false;
	}

	async function accept(message: InboundMessage): Promise<AcceptOutcome> {
		const claim = await claimContent(message);
		if (claim === false) return "duplicate_content";
		const { raw: _raw, ...data } = message;
		try {
			await queue.add("message", data, {
				...jobOptions,
				jobId: inboundJobId(message.platform, message.messageId),
			});
		} catch (error) {
			// Not queued: release the fingerprint, so the adapter's retry of this message is not taken for a duplicate.
			if (claim) await redis.del(claim).catch(() => {});
			throw error;
		}
		return "queued";
	}

	return {
		queue,
		sink: async (message) => {
			await accept(message);
		},
		accept,
		async close() {
			await queue.close();
			await redis.quit().catch(() => redis.disconnect());
		},
	};
}
