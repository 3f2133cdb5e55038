/**
 * Password guessing at the console login: after `perAccount` attempts on one account, or `perAddress`
 * from one address, within `windowMs`, further attempts are refused until the oldest of those leaves
 * the window. A locked-out official still has the one-time link (`登录` in a private chat). Counted in
 * Redis, so every web process shares the count; a key keeps only its newest attempts and expires with
 * the window, so no amount of guessing grows the store or wipes it.
 *
 * An attempt is counted before its password is checked (`reserve`, one Lua script: check both limits
 * and count on both keys atomically), so requests sent in parallel cannot all pass a check made
 * before any of them was counted. A success gives its place back (`release`).
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

/** A counted attempt: `waitMs` 0 and an `attempt` id to release, or how long to wait. */
export type Reservation =
	| { waitMs: 0; attempt: string }
	| { waitMs: number; attempt?: undefined };

export interface LoginThrottle {
	/** Counts an attempt unless a limit is reached; the password may be checked only when `waitMs` is 0. */
	reserve(account: string, address: string): Promise<Reservation>;
	/** The reserved attempt signed in: the account's count is cleared and the address's attempt given back. */
	release(account: string, address: string, attempt: string): Promise<void>;
	/** How long the attempt must wait; 0 when it may go ahead (does not count anything). */
	waitMs(account: string, address: string): Promise<number>;
	recordFailure(account: string, address: string): Promise<void>;
	/** A successful login clears the account's failures (not the address's). */
	recordSuccess(account: string): Promise<void>;
}

// KEYS: one sorted set per limit. ARGV: now, window, member, then each key's limit.
const RESERVE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wait = 0
for i = 1, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  local max = tonumber(ARGV[3 + i])
  if redis.call('ZCARD', KEYS[i]) >= max then
    local kept = redis.call('ZREVRANGE', KEYS[i], max - 1, max - 1, 'WITHSCORES')
    local w = tonumber(kept[2]) + window - now
    if w < 1 then w = 1 end
    if w > wait then wait = w end
  end
end
if wait > 0 then return wait end
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], now, ARGV[3])
  redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -(tonumber(ARGV[3 + i]) + 1))
  redis.call('PEXPIRE', KEYS[i], window)
end
return 0
`;

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

	/** Until the max-th newest attempt in the window leaves it; 0 when there are fewer. */
	async function wait(attempts: string, max: number): Promise<number> {
		const at = now();
		const [, score] = await redis.zrevrangebyscore(
			attempts,
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
		async reserve(account, address) {
			const both = limits(account, address);
			const attempt = randomUUID();
			const waitMs = Number(
				await redis.eval(
					RESERVE,
					both.length,
					...both.map((l) => l.key),
					now(),
					windowMs,
					attempt,
					...both.map((l) => l.max),
				),
			);
			return waitMs > 0 ? { waitMs } : { waitMs: 0, attempt };
		},
		async release(account, address, attempt) {
			const [accountLimit, addressLimit] = limits(account, address);
			const batch = redis.multi();
			if (accountLimit) batch.del(accountLimit.key);
			if (addressLimit) batch.zrem(addressLimit.key, attempt);
			await batch.exec();
		},
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
