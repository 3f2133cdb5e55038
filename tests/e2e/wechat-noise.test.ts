/**
 * The noise budget on WeChat (puppet-mock): the scripted scenarios of tests/e2e/noise-scenarios.ts,
 * counted from what the mock room received. Warnings and sanctions reach officials, leaders and the
 * office by direct message; the group reads at most five bot messages for a normal issue.
 */
import { and, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { types } from "wechaty";
import { outbox } from "../../db/schema/pipeline.ts";
import type { TestBot } from "../helpers/bot-harness.ts";
import { waitFor } from "../pipeline-helpers.ts";
import {
	NORMAL_BUDGET,
	type NoiseDriver,
	REOPENED_BUDGET,
	runNoiseScenarios,
	type ScenarioCount,
} from "./noise-scenarios.ts";
import { startBotInRoom, type WechatRoom } from "./wechat-room.ts";

const driverName = "postgres";

describe(`the noise budget on WeChat [${driverName}]`, () => {
	let room: WechatRoom;
	let bot: TestBot;
	let counts: ScenarioCount[];

	beforeAll(async () => {
		({ room, bot } = await startBotInRoom(driverName));
	});
	afterAll(async () => {
		await bot?.close();
	});

	const settle = async () => {
		await waitFor(
			async () =>
				(
					await bot.db
						.select({ id: outbox.id })
						.from(outbox)
						.where(and(isNull(outbox.sentAt), isNull(outbox.failedAt)))
				).length === 0 || undefined,
			"every outbox row sent",
		);
	};
	const handled = async (messageId: string) => {
		const outcome = await waitFor(
			async () => (await bot.recorded(messageId)).outcome ?? undefined,
			`message ${messageId} handled`,
		);
		if (process.env.NOISE_DEBUG) console.log("outcome:", outcome);
		await settle();
	};
	const botMessages = async () =>
		(await room.group.harness.sent()).filter((m) => m.text !== "");

	it("keeps every scenario within the budget", async () => {
		const driver: NoiseDriver = {
			db: bot.db,
			begin() {},
			async post(who, text) {
				await handled(room.say(who === "enterprise" ? "chen" : "shi", text));
			},
			async photo() {
				await handled(room.send("chen", types.Message.Image));
			},
			settle,
			groupMessages: async () =>
				(await botMessages()).filter((m) => m.conversationId === room.roomId)
					.length,
			directMessages: async () =>
				(await botMessages()).filter((m) => m.conversationId !== room.roomId)
					.length,
		};
		counts = await runNoiseScenarios(driver);
		console.log(`wechat noise counts (${driverName}):`, JSON.stringify(counts));
		const [normal, photo, late, reopened] = counts;
		expect(normal?.group).toBeLessThanOrEqual(NORMAL_BUDGET);
		expect(photo?.group).toBeLessThanOrEqual(NORMAL_BUDGET);
		expect(late?.group).toBeLessThanOrEqual(NORMAL_BUDGET);
		expect(reopened?.group).toBeLessThanOrEqual(REOPENED_BUDGET);
		// The warnings and sanctions still reach someone: by direct message.
		expect(late?.direct).toBeGreaterThan(0);
	}, 180_000);
});
