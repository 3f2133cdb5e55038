import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { PlatformCapabilities } from "../capabilities.ts";
import type { Platform } from "../messages.ts";
import { PLATFORM_CAPABILITIES } from "../platform-capabilities.ts";
import { pipelineKey } from "./redis.ts";

/** How fast the bot may post into one conversation. */
export interface ChatPacing {
	/** Least time between two messages to one conversation. */
	minIntervalMs: number;
	/** At most this many messages per `windowMs` to one group; unset: no cap. */
	maxPerWindow?: number;
	windowMs?: number;
	/** The same, for a direct conversation with one person. */
	direct?: { maxPerWindow: number; windowMs: number };
}

export type PacingConfig = Record<Platform, ChatPacing>;

/** Each platform's pace from its declared rate limits; the interval and WeChat's group cap may be configured. */
export function createPacing(
	options: { chatIntervalMs?: number; wechatGroupPerMinute?: number } = {},
	capabilities: Readonly<
		Record<Platform, PlatformCapabilities>
	> = PLATFORM_CAPABILITIES,
): PacingConfig {
	const pacing = {} as PacingConfig;
	for (const platform of Object.keys(capabilities) as Platform[]) {
		const limits = capabilities[platform].rateLimits;
		const group =
			platform === "wechat" && options.wechatGroupPerMinute
				? { max: options.wechatGroupPerMinute, windowMs: 60_000 }
				: limits.perGroup;
		pacing[platform] = {
			minIntervalMs: options.chatIntervalMs ?? limits.minIntervalMs,
			...(group ? { maxPerWindow: group.max, windowMs: group.windowMs } : {}),
			...(limits.perPerson
				? {
						direct: {
							maxPerWindow: limits.perPerson.max,
							windowMs: limits.perPerson.windowMs,
						},
					}
				: {}),
		};
	}
	return pacing;
}

export const DEFAULT_PACING: PacingConfig = createPacing();

/*
 * One atomic step per attempt, on Redis' clock (so workers on machines with skewed clocks agree):
 * compute how long until this conversation may receive a message; when that is now and `consume`
 * is set, take the slot. KEYS: next-allowed time, sliding-window sorted set.
 * ARGV: minIntervalMs, maxPerWindow (0 = none), windowMs, member, consume.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nextAt > now then wait = nextAt - now end
local max = tonumber(ARGV[2])
local windowMs = tonumber(ARGV[3])
if max > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - windowMs)
  if redis.call('ZCARD', KEYS[2]) >= max then
    local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    local w = tonumber(oldest[2]) + windowMs - now
    if w > wait then wait = w end
  end
end
if wait > 0 or ARGV[5] ~= '1' then return wait end
local interval = tonumber(ARGV[1])
if interval > 0 then redis.call('SET', KEYS[1], now + interval, 'PX', interval) end
if max > 0 then
  redis.call('ZADD', KEYS[2], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[2], windowMs)
end
return 0
`;

export interface ChatPacer {
	/** Takes a send slot for this conversation: 0 when taken, else the ms to wait before asking again. */
	acquire(
		platform: Platform,
		conversationId: string,
		sendId: string,
		direct?: boolean,
	): Promise<number>;
	/** The ms until this conversation may receive a message, without taking a slot. */
	peek(
		platform: Platform,
		conversationId: string,
		direct?: boolean,
	): Promise<number>;
}

interface WithAcquire {
	qqPaceAcquire(...keysThenArgs: Array<string | number>): Promise<number>;
}

/** The script as a command of the connection: sent once, then run by its hash (EVALSHA). */
function withAcquire(redis: Redis): Redis & WithAcquire {
	if (!("qqPaceAcquire" in redis)) {
		redis.defineCommand("qqPaceAcquire", { numberOfKeys: 2, lua: ACQUIRE });
	}
	return redis as Redis & WithAcquire;
}

/** Per-conversation pacing in Redis (BullMQ's own limiter is per queue, not per chat). */
export function createChatPacer(
	redis: Redis,
	prefix: string,
	pacing: PacingConfig,
): ChatPacer {
	async function run(
		platform: Platform,
		conversationId: string,
		member: string,
		consume: boolean,
		direct: boolean,
	) {
		const rule = pacing[platform];
		const window =
			direct && rule.direct
				? rule.direct
				: { maxPerWindow: rule.maxPerWindow, windowMs: rule.windowMs };
		const base = pipelineKey(
			prefix,
			"pace",
			platform,
			Buffer.from(conversationId).toString("base64url"),
		);
		const wait = await withAcquire(redis).qqPaceAcquire(
			`${base}:next`,
			`${base}:window`,
			rule.minIntervalMs,
			window.maxPerWindow ?? 0,
			window.windowMs ?? 60_000,
			member,
			consume ? "1" : "0",
		);
		return Number(wait);
	}
	return {
		acquire: (platform, conversationId, sendId, direct = false) =>
			run(platform, conversationId, `${sendId}-${randomUUID()}`, true, direct),
		peek: (platform, conversationId, direct = false) =>
			run(platform, conversationId, "", false, direct),
	};
}
