/**
 * Slack from configuration alone, as `npm start` runs it: SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET
 * put the events endpoint on the bot's own web port under /slack, SLACK_API_URL points the Web API
 * at the fake.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { type Qinqing, startQinqing } from "../../bot/app.ts";
import { loadConfig } from "../../bot/config.ts";
import { createLogger } from "../../bot/runtime/logger.ts";
import {
	nextTs,
	SIGNING_SECRET,
	slackDeliveries,
	userMessage,
} from "../adapters/slack-fixture.ts";
import { describeEachDriver } from "../support/databases.ts";
import {
	type FakeSlackApi,
	startFakeSlackApi,
} from "../support/fake-slack-api.ts";
import { TEST_REDIS, wipeRedis } from "../support/redis.ts";

const DIRECTORY = new URL("./directory.yaml", import.meta.url).pathname;

describeEachDriver("slack: configured from the environment", (database) => {
	let fake: FakeSlackApi;
	let bot: Qinqing;
	const prefix = `qqslackcfg-${randomBytes(5).toString("hex")}`;

	beforeAll(async () => {
		fake = await startFakeSlackApi();
		bot = await startQinqing({
			config: loadConfig({
				PORT: "0",
				PLAYGROUND: "off",
				DIRECTORY_FILE: DIRECTORY,
				OUTBOUND_CHAT_INTERVAL_MS: "1",
				SLACK_BOT_TOKEN: fake.token,
				SLACK_SIGNING_SECRET: SIGNING_SECRET,
				SLACK_API_URL: fake.apiUrl,
			}),
			log: createLogger("bot", () => {}),
			database: database(),
			redis: TEST_REDIS,
			prefix,
		});
	});

	afterAll(async () => {
		await bot?.close();
		await fake?.close();
		await wipeRedis(prefix);
	});

	it("answers signed events at /slack/events on the bot's port and replies in the thread", async () => {
		const slack = slackDeliveries(bot.url ?? "");
		const forged = await slack.deliverEvent(
			userMessage({
				channel: "C0INDUSTRY1",
				user: "U0BOSSA001",
				text: "伪造：厂区停电",
			}),
			{
				secret: "wrong",
			},
		);
		expect(forged.status).toBe(401);

		const root = nextTs();
		const response = await slack.deliverEvent(
			userMessage({
				channel: "C0INDUSTRY1",
				user: "U0BOSSA001",
				ts: root,
				text: "三号车间跳闸停电，请供电公司来看看",
			}),
		);
		expect(response.status).toBe(200);

		const ack = await vi.waitFor(
			() => {
				const post = fake.posts().find((p) => p.thread_ts === root);
				if (!post) throw new Error("no reply in the thread yet");
				return post;
			},
			{ timeout: 20_000, interval: 50 },
		);
		// The power company's duty user group (no duty officers named in this directory).
		expect(ack.text).toContain("<!subteam^S0POWER001>");
		expect(fake.posts().some((p) => p.text.includes("伪造"))).toBe(false);
		expect(fake.calls("auth.test")).toHaveLength(1);
	});
});
