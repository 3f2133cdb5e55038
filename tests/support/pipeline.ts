import { randomBytes } from "node:crypto";
import type { Queue } from "bullmq";
import { and, isNull } from "drizzle-orm";
import type { ChatAdapter, InboundSink } from "../../bot/adapter.ts";
import type {
	InboundMessage,
	OutboundMessage,
	Platform,
	SendResult,
} from "../../bot/messages.ts";
import { openRedis, type RedisConnection } from "../../bot/pipeline/redis.ts";
import { capabilitiesOf } from "../../bot/platform-capabilities.ts";
import { createLogger } from "../../bot/runtime/logger.ts";
import type { Db } from "../../db/client.ts";
import { outbox } from "../../db/schema/pipeline.ts";

export const REDIS: RedisConnection = {
	url: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
};

/** A BullMQ prefix no other test (or engineer) uses, so each test has queues of its own. */
const usedPrefixes = new Set<string>();
export function randomPrefix(): string {
	const prefix = `qqtest-${randomBytes(5).toString("hex")}`;
	usedPrefixes.add(prefix);
	return prefix;
}

/** Removes the Redis keys of every prefix handed out so far (Redis is shared: leave it as found). */
export async function forgetTestKeys(): Promise<void> {
	for (const prefix of usedPrefixes) await wipeRedis(prefix);
	usedPrefixes.clear();
}

export const silentLog = createLogger("test", () => {});

export function inbound(
	overrides: Partial<InboundMessage> = {},
): InboundMessage {
	const id = randomBytes(6).toString("hex");
	return {
		platform: "wechat",
		messageId: `msg-${id}`,
		conversationId: "room-1@chatroom",
		direct: false,
		author: { externalId: "wxid_zhang", displayName: "张总", isBot: false },
		text: `用工问题 ${id}`,
		mentions: [],
		attachments: [],
		sentAt: new Date().toISOString(),
		...overrides,
	};
}

export function outbound(
	conversationId: string,
	text: string,
	platform: Platform = "wechat",
): OutboundMessage {
	return { platform, conversationId, text, mentions: [] };
}

export interface SentRecord {
	message: OutboundMessage;
	at: number;
}

/** Our fake platform at the network edge: records what the bot sent, and can be told to fail. */
export interface RecordingAdapter extends ChatAdapter {
	sent: SentRecord[];
	calls: number;
	/** Where the bot asked to receive messages (set by `start`): call it to play a user writing in. */
	sink?: InboundSink;
	/** Return an error to throw it instead of sending. */
	failWith?: (message: OutboundMessage, call: number) => Error | undefined;
}

export function createRecordingAdapter(
	platform: Platform = "wechat",
): RecordingAdapter {
	const adapter: RecordingAdapter = {
		platform,
		capabilities: capabilitiesOf(platform),
		sent: [],
		calls: 0,
		async start(sink: InboundSink) {
			adapter.sink = sink;
		},
		async stop() {
			adapter.sink = undefined;
		},
		async send(message: OutboundMessage): Promise<SendResult> {
			adapter.calls += 1;
			const error = adapter.failWith?.(message, adapter.calls);
			if (error) throw error;
			adapter.sent.push({ message, at: Date.now() });
			return { messageId: `sent-${adapter.sent.length}` };
		},
	};
	return adapter;
}

/** Polls until `check` returns a value that is not undefined/false; the timeout is a hang guard, not an assertion. */
export async function waitFor<T>(
	check: () => Promise<T | undefined | false> | T | undefined | false,
	what: string,
	timeoutMs = 20_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined && value !== false) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(50);
	}
}

export const sleep = (ms: number) =>
	new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until every reply the bot wrote to the outbox is sent (or has failed for good). */
export async function outboxSettled(db: Db): Promise<void> {
	await waitFor(
		async () =>
			(
				await db
					.select({ id: outbox.id })
					.from(outbox)
					.where(and(isNull(outbox.sentAt), isNull(outbox.failedAt)))
					.limit(1)
			).length === 0,
		"every outbox row sent",
	);
}

/** Waits until a queue has nothing waiting, delayed or running. */
export async function drained(queue: Queue): Promise<void> {
	await waitFor(async () => {
		const counts = await queue.getJobCounts(
			"waiting",
			"delayed",
			"active",
			"prioritized",
		);
		return Object.values(counts).every((n) => n === 0);
	}, `queue ${queue.name} to drain`);
}

/** "Redis lost everything" for one deployment: every key under its prefix is gone (not FLUSHALL: Redis is shared). */
export async function wipeRedis(prefix: string): Promise<number> {
	const redis = openRedis(REDIS);
	try {
		let removed = 0;
		let cursor = "0";
		do {
			const [next, keys] = await redis.scan(
				cursor,
				"MATCH",
				`${prefix}:*`,
				"COUNT",
				500,
			);
			cursor = next;
			if (keys.length > 0) removed += await redis.del(...keys);
		} while (cursor !== "0");
		return removed;
	} finally {
		await redis.quit();
	}
}
