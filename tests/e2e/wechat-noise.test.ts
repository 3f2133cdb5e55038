/**
 * The noise budget on WeChat (puppet-mock): the scripted scenarios of tests/e2e/noise-scenarios.ts,
 * counted from what the mock room received. Warnings and sanctions reach officials, leaders and the
 * office by direct message; the group reads at most five bot messages for a normal issue.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { types } from "wechaty";
import type { TestBot } from "../support/bot-harness.ts";
import { outboxSettled, waitFor } from "../support/wait.ts";
import {
	NORMAL_BUDGET,
	type NoiseDriver,
	REOPENED_BUDGET,
	runNoiseScenarios,
	type ScenarioCount,
} from "./noise-scenarios.ts";
import { PEOPLE, startBotInRoom, type WechatRoom } from "./wechat-room.ts";

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

	const settle = () => outboxSettled(bot.db);
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

	/** What the bot said to chen in their private chat, oldest first. */
	const saidToChen = () =>
		[...room.group.mocker.cacheMessagePayload.values()]
			.filter(
				(p) =>
					p.talkerId === room.group.botContact.id &&
					"listenerId" in p &&
					p.listenerId === PEOPLE.chen.id,
			)
			.map((p) => p.text ?? "");
	const groupSaid = async () =>
		(await botMessages())
			.filter((m) => m.conversationId === room.roomId)
			.map((m) => m.text);

	it("asks the reporter to rate in private; the group reads that it was rated, not the verdict", async () => {
		await handled(
			room.say(
				"chen",
				"厂区北门的路灯线路老是跳闸，晚上货车进出看不清，请供电公司检修",
			),
		);
		const issue = (await bot.issues()).at(-1);
		if (!issue) throw new Error("no issue");
		const short = String(Number(issue.number.slice(5)));
		await handled(room.say("shi", `#${short} 受理`));
		const privatelyBefore = saidToChen().length;
		await handled(room.say("shi", `#${short} 办结 已更换北门路灯的线路`));
		const asked = saidToChen().slice(privatelyBefore);
		expect(asked).toHaveLength(1);
		expect(asked[0]).toContain(`#${issue.number}`);
		expect(asked[0]).toContain("只有您能看到");

		const groupBefore = (await groupSaid()).length;
		const privately = saidToChen().length;
		const { mocker, botContact } = room.group;
		mocker.ContactMock.load(PEOPLE.chen.id).say("满意").to(botContact);
		const answer = await waitFor(
			() => saidToChen()[privately],
			"the private answer",
		);
		await settle();
		expect(answer).toContain("已按您的回复记为「满意」");
		const rated = await bot.issueByNumber(issue.number);
		expect(rated.state).toBe("done");
		// One message in the group: confirmed and rated, without the verdict.
		const inGroup = (await groupSaid()).slice(groupBefore);
		expect(inGroup).toHaveLength(1);
		expect(inGroup[0]).toContain(`#${issue.number}`);
		expect(inGroup[0]).toContain("已收到评价");
		expect(inGroup[0]).not.toContain("满意");
	});

	it("a private 「不满意」 reopens the issue; the group reads the reopening without the complaint", async () => {
		await handled(
			room.say(
				"chen",
				"厂区西侧配电房的变压器异响越来越大，担心停电，请供电公司检查",
			),
		);
		const issue = (await bot.issues()).at(-1);
		if (!issue) throw new Error("no issue");
		const short = String(Number(issue.number.slice(5)));
		await handled(room.say("shi", `#${short} 受理`));
		await handled(room.say("shi", `#${short} 办结 已紧固变压器的底座`));
		const groupBefore = (await groupSaid()).length;
		const privately = saidToChen().length;
		const { mocker, botContact } = room.group;
		mocker.ContactMock.load(PEOPLE.chen.id)
			.say("不满意，异响还在，晚上更明显")
			.to(botContact);
		const answer = await waitFor(
			() => saidToChen()[privately],
			"the private answer",
		);
		await settle();
		expect(answer).toContain("已按您的回复记为「不满意」");
		expect((await bot.issueByNumber(issue.number)).state).toBe("reopened");
		const inGroup = (await groupSaid()).slice(groupBefore);
		expect(inGroup).toHaveLength(1);
		expect(inGroup[0]).toContain("已重新办理");
		expect(inGroup[0]).not.toContain("异响还在");
	});
});
