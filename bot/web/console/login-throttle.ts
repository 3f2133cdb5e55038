/**
 * Password guessing at the console login: after `perAccount` failed attempts on one account, or
 * `perAddress` from one address, within `windowMs`, further attempts are refused until the oldest
 * of those failures leaves the window. A locked-out official still has the one-time link (`登录` in
 * a private chat). Counted in Redis, so every web process shares the count; a key keeps only its
 * newest failures and expires with the window, so no amount of guessing grows the store or wipes it.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { pipelineKey } from "../../pipeline/redis.ts";

export interface LoginThrottleOptions {
	redis: Redis;
	/** The deployment's key prefix (REDIS_PREFIX). */
	prefix: string;
	perAccount?: number;
	perAddress?: number;
	windowMs?: number;
	now?: () => number;
}

export interface LoginThrottle {
	/** How long the attempt must wait; 0 when it may go ahead. */
	waitMs(account: string, address: string): Promise<number>;
	recordFailure(account: string, address: string): Promise<void>;
	/** A successful login clears the account's failures (not the address's). */
	recordSuccess(account: string): Promise<void>;
}

export function createLoginThrottle(
	options: LoginThrottleOptions,
): LoginThrottle {
	const { redis, prefix } = options;
	const perAccount = options.perAccount ?? 5;
	const perAddress = options.perAddress ?? 20;
	const windowMs = options.windowMs ?? 15 * 60_000;
	const now = options.now ?? Date.now;

	// Hashed: what a visitor types never becomes part of a key as written.
	const key = (kind: string, value: string) =>
		pipelineKey(
			prefix,
			"login-failures",
			kind,
			createHash("sha256").update(value).digest("base64url"),
		);
	const limits = (account: string, address: string) => [
		{ key: key("account", account.trim().toLowerCase()), max: perAccount },
		{ key: key("address", address), max: perAddress },
	];

	/** Until the max-th newest failure in the window leaves it; 0 when there are fewer. */
	async function wait(failures: string, max: number): Promise<number> {
		const at = now();
		const [, score] = await redis.zrevrangebyscore(
			failures,
			"+inf",
			`(${at - windowMs}`,
			"WITHSCORES",
			"LIMIT",
			max - 1,
			1,
		);
		return score === undefined ? 0 : Math.max(1, Number(score) + windowMs - at);
	}

	return {
		async waitMs(account, address) {
			const waits = await Promise.all(
				limits(account, address).map(({ key, max }) => wait(key, max)),
			);
			return Math.max(...waits);
		},
		async recordFailure(account, address) {
			const at = now();
			const batch = redis.multi();
			for (const { key, max } of limits(account, address)) {
				batch.zadd(key, at, randomUUID());
				batch.zremrangebyrank(key, 0, -(max + 1));
				batch.pexpire(key, windowMs);
			}
			await batch.exec();
		},
		async recordSuccess(account) {
			const [accountLimit] = limits(account, "");
			if (accountLimit) await redis.del(accountLimit.key);
		},
	};
}
