/**
 * Slack from configuration alone, as `npm start` runs it: SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET
 * put the events endpoint on the bot's own web port under /slack, SLACK_API_URL points the Web API
 * at the fake.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
	nextTs,
	SIGNING_SECRET,
	slackDeliveries,
	userMessage,
} from "../adapters/slack-fixture.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { DRIVERS } from "../support/databases.ts";
import {
	type FakeSlackApi,
	startFakeSlackApi,
} from "../support/fake-slack-api.ts";

const DIRECTORY = new URL("./directory.yaml", import.meta.url).pathname;

for (const driver of DRIVERS) {
	describe(`slack: configured from the environment [${driver}]`, () => {
		let fake: FakeSlackApi;
		let bot: TestBot;

		beforeAll(async () => {
			fake = await startFakeSlackApi();
			bot = await startTestBot({
				driver,
				directoryFile: DIRECTORY,
				env: {
					SLACK_BOT_TOKEN: fake.token,
					SLACK_SIGNING_SECRET: SIGNING_SECRET,
					SLACK_API_URL: fake.apiUrl,
				},
			});
		});

		afterAll(async () => {
			await bot?.close();
			await fake?.close();
		});

		it("answers signed events at /slack/events on the bot's port and replies in the thread", async () => {
			const slack = slackDeliveries(bot.url);
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
}
