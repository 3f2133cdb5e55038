/**
 * The one whole-bot harness of the tests: `startQinqing`, as `npm start` wires it, on a fresh test
 * database, the shared Redis under a prefix of its own, the web server on a free port. Everything it
 * opens, `close()` closes, and the prefix's Redis keys are removed, so vitest exits and Redis is left
 * as found.
 */
import type { Queue } from "bullmq";
import { asc, eq } from "drizzle-orm";
import type { ChatAdapter } from "../../bot/adapter.ts";
import { type Qinqing, startQinqing } from "../../bot/app.ts";
import {
	type Config,
	DEMO_DIRECTORY_FILE,
	loadConfig,
} from "../../bot/config.ts";
import {
	createInboundQueue,
	type InboundJobData,
} from "../../bot/pipeline/inbound-queue.ts";
import { createLogger } from "../../bot/runtime/logger.ts";
import type { DatabaseDriver, Db } from "../../db/client.ts";
import {
	type Issue,
	type IssueEvent,
	issueEvents,
	issues,
} from "../../db/schema/issues.ts";
import {
	type InboundMessageRow,
	inboundMessages,
	type OutboxRow,
	outbox,
} from "../../db/schema/pipeline.ts";
import { createTestDatabase, type TestDatabase } from "./databases.ts";
import { randomPrefix, TEST_REDIS, wipeRedis } from "./redis.ts";
import { waitFor } from "./wait.ts";

export const E2E_DIRECTORY_FILE = new URL(
	"../fixtures/directory/wechat-e2e.yaml",
	import.meta.url,
).pathname;

export interface TestBotOptions {
	/** node-postgres unless given. */
	driver?: DatabaseDriver;
	/** The test database's name prefix (qq_test unless given), so a leftover one says which suite made it. */
	databasePrefix?: string;
	/** The demo directory unless given. */
	directoryFile?: string;
	/** Chat adapters besides the playground (a Wechaty mock adapter). */
	adapters?: ChatAdapter[];
	/** Environment on top of the test defaults (PORT 0, PLAYGROUND and DEMO off, fast outbound pacing). */
	env?: Record<string, string>;
	/** The bot's time, for a test that moves it forward (default real time). */
	clock?: () => Date;
	/** Also hands every line the bot logs here (they are kept in `logs` either way). */
	log?: (line: string) => void;
	/** First wait before trying again a platform that could not connect (the bot's default 5 s). */
	platformRetryMs?: number;
}

export interface TestBot {
	qinqing: Qinqing;
	database: TestDatabase;
	db: Db;
	config: Config;
	/** BullMQ prefix of this bot's queues. */
	prefix: string;
	/** The web server's URL, http://127.0.0.1:port (PORT 0: a free port). */
	url: string;
	/** Every log line the bot wrote, for a failing test's message. */
	logs: string[];
	/** A handle on the bot's inbound queue, to see what waits there (and which jobs failed). */
	inboundQueue: Queue<InboundJobData>;
	inboundMessages(): Promise<InboundMessageRow[]>;
	/** Waits until the worker has recorded this platform message, and returns its row. */
	recorded(messageId: string, timeoutMs?: number): Promise<InboundMessageRow>;
	outbox(): Promise<OutboxRow[]>;
	issues(): Promise<Issue[]>;
	issueByNumber(number: string): Promise<Issue>;
	eventsOf(issueId: number): Promise<IssueEvent[]>;
	close(): Promise<void>;
}

/** Defaults for a test: no web port clash, no playground unless asked, pacing that does not slow a test down. */
const TEST_ENV: Record<string, string> = {
	PORT: "0",
	HOST: "127.0.0.1",
	PLAYGROUND: "off",
	// No seeded history and no demo clock unless a suite asks for them (docs/demo.md).
	DEMO: "off",
	LOCALE: "zh-CN",
	OUTBOUND_CHAT_INTERVAL_MS: "1",
	WECHAT_GROUP_PER_MINUTE: "100000",
};

export async function startTestBot(
	options: TestBotOptions = {},
): Promise<TestBot> {
	const database = await createTestDatabase(
		options.driver ?? "postgres",
		options.databasePrefix ? { prefix: options.databasePrefix } : {},
	);
	const prefix = randomPrefix();
	const logs: string[] = [];
	const log = createLogger("bot", (line) => {
		logs.push(line);
		options.log?.(line);
	});
	const config = loadConfig({
		DIRECTORY_FILE: options.directoryFile ?? DEMO_DIRECTORY_FILE,
		...TEST_ENV,
		...options.env,
	});
	let qinqing: Qinqing;
	try {
		qinqing = await startQinqing({
			config,
			log,
			database,
			redis: TEST_REDIS,
			prefix,
			adapters: options.adapters,
			...(options.clock ? { clock: options.clock } : {}),
			...(options.platformRetryMs === undefined
				? {}
				: { platformRetryMs: options.platformRetryMs }),
		});
	} catch (error) {
		await database.close();
		await wipeRedis(prefix);
		throw error;
	}
	const url = qinqing.url;
	if (!url) {
		await qinqing.close();
		await database.close();
		await wipeRedis(prefix);
		throw new Error("the bot started without its web role");
	}
	const inbound = createInboundQueue({ connection: TEST_REDIS, prefix });
	const db = database.db;

	return {
		qinqing,
		database,
		db,
		config,
		prefix,
		url,
		logs,
		inboundQueue: inbound.queue,
		inboundMessages: () =>
			db.select().from(inboundMessages).orderBy(asc(inboundMessages.id)),
		recorded: (messageId, timeoutMs) =>
			waitFor(
				async () =>
					(
						await db
							.select()
							.from(inboundMessages)
							.where(eq(inboundMessages.messageId, messageId))
					)[0],
				`message ${messageId} in inbound_messages`,
				timeoutMs,
			),
		outbox: () => db.select().from(outbox).orderBy(asc(outbox.id)),
		issues: () => db.select().from(issues).orderBy(asc(issues.id)),
		async issueByNumber(number) {
			const [issue] = await db
				.select()
				.from(issues)
				.where(eq(issues.number, number));
			if (!issue) throw new Error(`no issue ${number}`);
			return issue;
		},
		eventsOf: (issueId) =>
			db
				.select()
				.from(issueEvents)
				.where(eq(issueEvents.issueId, issueId))
				.orderBy(asc(issueEvents.id)),
		async close() {
			await inbound.close();
			await qinqing.close();
			await database.close();
			await wipeRedis(prefix);
		},
	};
}
