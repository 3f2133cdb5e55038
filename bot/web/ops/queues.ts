/** Handles on the bot's BullMQ queues for the dashboard and the metrics (producers only, no workers). */
import { Queue } from "bullmq";
import { INBOUND_QUEUE } from "../../pipeline/inbound-queue.ts";
import { OUTBOUND_QUEUE } from "../../pipeline/outbox.ts";
import { DEFAULT_PREFIX, type RedisConnection } from "../../pipeline/redis.ts";

export interface QueueSet {
	queues: Queue[];
	close(): Promise<void>;
}

export function createQueueSet(options: {
	connection: RedisConnection;
	prefix?: string;
	/** Default: inbound and outbound. */
	names?: string[];
}): QueueSet {
	const names = options.names ?? [INBOUND_QUEUE, OUTBOUND_QUEUE];
	const queues = names.map(
		(name) =>
			new Queue(name, {
				connection: options.connection,
				prefix: options.prefix ?? DEFAULT_PREFIX,
			}),
	);
	return {
		queues,
		async close() {
			await Promise.allSettled(queues.map((q) => q.close()));
		},
	};
}
