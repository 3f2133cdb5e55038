/**
 * The one Redis configuration of the tests: the shared server (`TEST_REDIS_URL`, else
 * 127.0.0.1:6379), with a key prefix of its own per test. Redis is shared with other engineers and
 * parallel runs: never FLUSHALL, delete a prefix's keys.
 */
import { randomBytes } from "node:crypto";
import { openRedis, type RedisConnection } from "../../bot/pipeline/redis.ts";

export const TEST_REDIS = {
	url: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
} satisfies RedisConnection;

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

/** Every key under a prefix gone — a test's cleanup, or "Redis lost everything" for one deployment. */
export async function wipeRedis(prefix: string): Promise<number> {
	const redis = openRedis(TEST_REDIS);
	try {
		let removed = 0;
		let cursor = "0";
		do {
			const [next, keys] = await redis.scan(
				cursor,
				"MATCH",
				`${prefix}:*`,
				"COUNT",
				1000,
			);
			cursor = next;
			if (keys.length > 0) removed += await redis.del(...keys);
		} while (cursor !== "0");
		return removed;
	} finally {
		await redis.quit();
	}
}
