/**
 * The whole bot in this process, as `npm start` wires it: a throwaway database, the shared Redis
 * under a prefix of its own, the playground on a free port, and a directory file (the demo by default).
 */
import { randomBytes } from "node:crypto";
import { type Qinqing, startQinqing } from "../../bot/app.ts";
import { DEMO_DIRECTORY_FILE, loadConfig } from "../../bot/config.ts";
import { openRedis } from "../../bot/pipeline/redis.ts";
import { createLogger } from "../../bot/runtime/logger.ts";
import type { DatabaseDriver } from "../../db/client.ts";
import { createTestDatabase } from "./databases.ts";

export const TEST_REDIS = {
	url: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
};

export interface RunningBot {
	qinqing: Qinqing;
	/** http://127.0.0.1:port */
	url: string;
	prefix: string;
	/** Stops the bot, drops its database and removes its Redis keys. */
	stop(): Promise<void>;
}

export interface StartBotOptions {
	driver?: DatabaseDriver;
	directoryFile?: string;
	/** Extra environment for loadConfig (PORT, PLAYGROUND, DIRECTORY_FILE and DEMO=off are set here). */
	env?: Record<string, string>;
	/** Lines the bot logs; silent by default. */
	log?: (line: string) => void;
}

export async function startBot(
	options: StartBotOptions = {},
): Promise<RunningBot> {
	const database = await createTestDatabase(options.driver ?? "postgres");
	const prefix = `qqtest-${randomBytes(5).toString("hex")}`;
	const config = loadConfig({
		PORT: "0",
		PLAYGROUND: "on",
		DIRECTORY_FILE: options.directoryFile ?? DEMO_DIRECTORY_FILE,
		OUTBOUND_CHAT_INTERVAL_MS: "1",
		// No seeded history and no demo clock unless a suite asks for them (docs/demo.md).
		DEMO: "off",
		...options.env,
	});
	let qinqing: Qinqing;
	try {
		qinqing = await startQinqing({
			config,
			log: createLogger("bot", options.log ?? (() => {})),
			database,
			redis: TEST_REDIS,
			prefix,
		});
	} catch (error) {
		await database.close();
		throw error;
	}
	if (!qinqing.url) throw new Error("the bot started without its web role");
	return {
		qinqing,
		url: qinqing.url,
		prefix,
		async stop() {
			await qinqing.close();
			await database.close();
			await removeKeys(prefix);
		},
	};
}

/** Redis is shared with other engineers: delete only this prefix's keys, never FLUSHDB. */
export async function removeKeys(prefix: string): Promise<void> {
	const redis = openRedis(TEST_REDIS);
	try {
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
			if (keys.length > 0) await redis.unlink(...keys);
		} while (cursor !== "0");
	} finally {
		await redis.quit();
	}
}
