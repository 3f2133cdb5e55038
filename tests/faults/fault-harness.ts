/**
 * One fault run's world: its own redis-server, its own Postgres database, the fast directory, the
 * WeChat mock room and the bot in this process. `close` stops all of it, whatever state the fault
 * left it in.
 */
import { expect } from "vitest";
import type { Qinqing } from "../../bot/app.ts";
import { settleWithin } from "../../bot/escalation/sweeper.ts";
import { createTestDatabase, type TestDatabase } from "../support/databases.ts";
import {
	type PrivateRedis,
	startPrivateRedis,
} from "../support/private-redis.ts";
import { writeFastDirectory } from "./fast-directory.ts";
import { startInProcess } from "./fault-bot.ts";
import { recordOutcome } from "./outcome-table.ts";
import { type FaultOutcome, ScenarioRun } from "./scenario.ts";
import { createWechatDriver, type WechatDriver } from "./wechat-driver.ts";

export interface FaultWorld {
	redis: PrivateRedis;
	database: TestDatabase;
	directoryFile: string;
	chat: WechatDriver;
	run: ScenarioRun;
	logs: string[];
	/** The bot in this process (all roles unless `roles` said otherwise), if started. */
	bot: Qinqing | null;
	startBot(options?: {
		roles?: string;
		env?: Record<string, string>;
	}): Promise<Qinqing>;
	close(): Promise<void>;
}

export async function createFaultWorld(
	options: {
		roles?: string;
		env?: Record<string, string>;
		startBot?: boolean;
	} = {},
): Promise<FaultWorld> {
	const redis = await startPrivateRedis();
	const database = await createTestDatabase("postgres", { prefix: "qq_fault" });
	const directoryFile = writeFastDirectory();
	const chat = await createWechatDriver();
	const logs: string[] = [];
	const world: FaultWorld = {
		redis,
		database,
		directoryFile,
		chat,
		run: new ScenarioRun(chat, database.db, redis),
		logs,
		bot: null,
		async startBot(botOptions = {}) {
			world.bot = await startInProcess({
				database,
				redis,
				directoryFile,
				adapters: [chat.room.group.harness.adapter],
				logs,
				roles: botOptions.roles ?? options.roles,
				env: { ...options.env, ...botOptions.env },
			});
			return world.bot;
		},
		async close() {
			// A part that does not close (a connection killed mid-statement) must not hold the suite.
			await settleWithin(world.bot?.close() ?? null, 15_000);
			await settleWithin(database.close(), 15_000);
			await redis.close();
		},
	};
	if (options.startBot !== false) {
		await world.startBot();
		await chat.room.group.harness.ready();
	}
	return world;
}

/** Records the row, then asserts the suite's bar: nothing lost, no step lost or doubled, no duplicate issue, ≤ 1 duplicate send. */
export function expectRecovered(
	file: string,
	outcome: FaultOutcome,
	logs: string[] = [],
): void {
	recordOutcome(file, outcome);
	const context = `${outcome.fault}: ${outcome.notes.join("; ")}\n${logs
		.filter((l) => / (warn|error) /.test(l))
		.slice(-15)
		.join("\n")}`;
	expect(outcome.lostMessages, context).toBe(0);
	expect(outcome.lostSteps, context).toBe(0);
	expect(outcome.doubledSteps, context).toBe(0);
	expect(outcome.duplicateIssues, context).toBe(0);
	expect(outcome.duplicateSends, context).toBeLessThanOrEqual(1);
	expect(outcome.recoverMs, context).not.toBeNull();
}
