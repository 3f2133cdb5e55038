/**
 * The noise budget on the playground (its HTTP API, the demo directory): the scripted scenarios of
 * tests/e2e/noise-scenarios.ts, counted from the group's history as the page shows it. The
 * playground has no attachments: the photo is a fourth line of text.
 */
import { and, eq, isNotNull, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PLAYGROUND_BOT } from "../../adapters/playground/index.ts";
import type { PlaygroundMessage } from "../../adapters/playground/types.ts";
import { outbox } from "../../db/schema/pipeline.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { postAndHandle } from "../support/playground-api.ts";
import { outboxSettled } from "../support/wait.ts";
import {
	NORMAL_BUDGET,
	type NoiseDriver,
	REOPENED_BUDGET,
	runNoiseScenarios,
} from "./noise-scenarios.ts";

const GROUP = "demo-industry";
// db/seeds/sanyuan.yaml: 陈国栋 of 三明鑫元精密机械, and 施磊 of the power company.
const AUTHORS = { enterprise: "chen-guodong", official: "shi-lei" } as const;

describe("the noise budget on the playground [postgres]", () => {
	let bot: TestBot;
	let api = "";

	beforeAll(async () => {
		bot = await startTestBot({ driver: "postgres", env: { PLAYGROUND: "on" } });
		api = `${bot.url}/playground/api/conversations/${GROUP}/messages`;
	});
	afterAll(async () => {
		await bot?.close();
	});

	const settle = () => outboxSettled(bot.db);

	it("keeps every scenario within the budget", async () => {
		const driver: NoiseDriver = {
			db: bot.db,
			begin() {},
			async post(who, text) {
				await postAndHandle(bot, GROUP, { authorId: AUTHORS[who], text });
				await settle();
			},
			settle,
			async groupMessages() {
				const { messages } = (await (await fetch(api)).json()) as {
					messages: PlaygroundMessage[];
				};
				return messages.filter(
					(m) => m.author.externalId === DEFAULT_PLAYGROUND_BOT.externalId,
				).length;
			},
			async directMessages() {
				const rows = await bot.db
					.select({ id: outbox.id })
					.from(outbox)
					.where(
						and(
							eq(outbox.platform, "playground"),
							ne(outbox.conversationId, GROUP),
							isNotNull(outbox.sentAt),
						),
					);
				return rows.length;
			},
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
