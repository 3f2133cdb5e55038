import { Redis, type RedisOptions } from "ioredis";

/** Where Redis is: a `redis://` URL, or host and port. BullMQ and our own clients both take it. */
export interface RedisConnection {
	url?: string;
	/** Unix socket (the local redis-server the bot starts itself). */
	path?: string;
	host?: string;
	port?: number;
	db?: number;
	username?: string;
	password?: string;
}

/** A plain client for our own keys (fingerprints, pacing, sent markers); BullMQ opens its own. */
export function openRedis(
	connection: RedisConnection,
	options: RedisOptions = {},
): Redis {
	const { url, ...rest } = connection;
	return url
		? new Redis(url, { ...rest, ...options })
		: new Redis({ ...rest, ...options });
}

/** Our own keys live beside BullMQ's, under the same prefix, so one prefix isolates a whole deployment. */
export function pipelineKey(prefix: string, ...parts: string[]): string {
	return [prefix, "pipeline", ...parts].join(":");
}

export const DEFAULT_PREFIX = "qq";
