/**
 * The noise budget on Slack (the real adapter and Bolt against the fake Web API): the scripted
 * scenarios of tests/e2e/noise-scenarios.ts, each issue in its own thread, counted from the
 * chat.postMessage calls the bot made to the channel. Direct messages are posts to anything else.
 */
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slackMessageId } from "../../adapters/slack/ids.ts";
import {
	createSlackAdapter,
	type SlackAdapter,
} from "../../adapters/slack/index.ts";
import { inboundMessages } from "../../db/schema/pipeline.ts";
import {
	nextTs,
	SIGNING_SECRET,
	serveSlackRoutes,
	slackDeliveries,
	userMessage,
} from "../adapters/slack-fixture.ts";
import {
	NORMAL_BUDGET,
	type NoiseDriver,
	REOPENED_BUDGET,
	runNoiseScenarios,
} from "../e2e/noise-scenarios.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import {
	type FakeSlackApi,
	startFakeSlackApi,
} from "../support/fake-slack-api.ts";
import { outboxSettled, waitFor } from "../support/wait.ts";

const DIRECTORY = new URL("./directory.yaml", import.meta.url).pathname;
const channel = "C0INDUSTRY1";
const USERS = { enterprise: "U0BOSSA001", official: "U0POWERHD1" } as const;

describe("the noise budget on Slack [postgres]", () => {
	let fake: FakeSlackApi;
	let adapter: SlackAdapter;
	let bot: TestBot;
	let routes: FastifyInstance;
	let slack: ReturnType<typeof slackDeliveries>;

	beforeAll(async () => {
		fake = await startFakeSlackApi();
		adapter = createSlackAdapter({
			botToken: fake.token,
			signingSecret: SIGNING_SECRET,
			apiUrl: fake.apiUrl,
		});
		bot = await startTestBot({
			driver: "postgres",
			directoryFile: DIRECTORY,
			adapters: [adapter],
		});
		const served = await serveSlackRoutes(adapter);
		routes = served.server;
		slack = slackDeliveries(served.url);
	});

	afterAll(async () => {
		await routes?.close();
		await bot?.close();
		await fake?.close();
	});

	const settle = () => outboxSettled(bot.db);
	/** Delivers the event and waits until the bot has handled it and sent what it wrote. */
	const deliver = async (
		event: Record<string, unknown>,
		ids: { ts: string; threadTs?: string },
	) => {
		const response = await slack.deliverEvent(event);
		expect(response.status).toBe(200);
		const messageId = slackMessageId({ channel, ...ids });
		await waitFor(async () => {
			const [row] = await bot.db
				.select({ outcome: inboundMessages.outcome })
				.from(inboundMessages)
				.where(eq(inboundMessages.messageId, messageId));
			return row?.outcome ?? undefined;
		}, `message ${messageId} handled`);
		await settle();
	};

	it("keeps every scenario within the budget", async () => {
		let root: string | null = null;
		const driver: NoiseDriver = {
			db: bot.db,
			begin() {
				root = null;
			},
			async post(who, text) {
				const ts = nextTs();
				const threadTs = root ?? undefined;
				root ??= ts;
				await deliver(
					userMessage({
						channel,
						user: USERS[who],
						ts,
						text,
						...(threadTs ? { thread_ts: threadTs } : {}),
					}),
					{ ts, ...(threadTs ? { threadTs } : {}) },
				);
			},
			async photo() {
				const ts = nextTs();
				const threadTs = root ?? ts;
				await deliver(
					{
						...userMessage({
							channel,
							user: USERS.enterprise,
							ts,
							text: "",
							thread_ts: threadTs,
						}),
						subtype: "file_share",
						files: [{ name: "配电箱.jpg", mimetype: "image/jpeg" }],
					},
					{ ts, threadTs },
				);
			},
			settle,
			groupMessages: async () =>
				fake.posts().filter((p) => p.channel === channel).length,
			directMessages: async () =>
				fake.posts().filter((p) => p.channel !== channel).length,
		};
		const counts = await runNoiseScenarios(driver);
		const [normal, photo, late, reopened] = counts;
		expect(normal?.group).toBeLessThanOrEqual(NORMAL_BUDGET);
		expect(photo?.group).toBeLessThanOrEqual(NORMAL_BUDGET);
		expect(late?.group).toBeLessThanOrEqual(NORMAL_BUDGET);
		expect(reopened?.group).toBeLessThanOrEqual(REOPENED_BUDGET);
		expect(late?.direct).toBeGreaterThan(0);
	}, 180_000);
});
