/**
 * The bot of a fault run, in this process or in a child process, always on the run's own redis-server
 * (tests/support/private-redis.ts) and its own throwaway database, under BullMQ's default prefix (a
 * child process started by `npm start` uses that one, and the redis-server is ours alone).
 */
import type { ChatAdapter } from "../../bot/adapter.ts";
import { type Qinqing, startQinqing } from "../../bot/app.ts";
import { loadConfig } from "../../bot/config.ts";
import { createLogger } from "../../bot/runtime/logger.ts";
import { type SpawnedBot, spawnBot } from "../e2e-playground/spawn-bot.ts";
import type { TestDatabase } from "../support/databases.ts";
import type { PrivateRedis } from "../support/private-redis.ts";

export interface FaultBotOptions {
	database: TestDatabase;
	redis: PrivateRedis;
	directoryFile: string;
	/** "all" or a list such as "gateway" / "worker". */
	roles?: string;
	adapters?: ChatAdapter[];
	env?: Record<string, string>;
	logs: string[];
}

/** Test defaults: no web port clash, no pacing to wait for, the WeChat name of the mock's bot. */
const FAULT_ENV: Record<string, string> = {
	PORT: "0",
	HOST: "127.0.0.1",
	PLAYGROUND: "off",
	LOCALE: "zh-CN",
	OUTBOUND_CHAT_INTERVAL_MS: "1",
	WECHAT_GROUP_PER_MINUTE: "100000",
	WECHATY_NAME: "亲清助手",
};

export async function startInProcess(
	options: FaultBotOptions,
): Promise<Qinqing> {
	const config = loadConfig({
		...FAULT_ENV,
		DIRECTORY_FILE: options.directoryFile,
		QINQING_ROLES: options.roles ?? "all",
		...options.env,
	});
	return startQinqing({
		config,
		log: createLogger("bot", (line) => options.logs.push(line)),
		database: options.database,
		redis: options.redis.connection,
		adapters: options.adapters,
	});
}

/** `npm start` (bot/main.ts) in a child process with this run's Postgres database and Redis. */
export async function startChild(
	options: Omit<FaultBotOptions, "adapters" | "logs">,
): Promise<SpawnedBot> {
	const url = options.database.url;
	if (!url) throw new Error("a child process needs a Postgres database");
	const child = spawnBot({
		...FAULT_ENV,
		DATABASE_URL: url,
		REDIS_URL: `redis://127.0.0.1:${options.redis.port}`,
		DIRECTORY_FILE: options.directoryFile,
		QINQING_ROLES: options.roles ?? "all",
		...options.env,
	});
	await child.waitForOutput(/Qinqing is running/, 60_000);
	return child;
}
