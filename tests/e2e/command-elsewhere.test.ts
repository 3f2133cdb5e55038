/**
 * An official who types a command in a group that is not the issue's own — another office's work
 * group, full of other enterprises — changes the issue, and is answered by direct message: the
 * issue's group reads what happened, the other group reads nothing about another enterprise's issue.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PLAYGROUND_BOT } from "../../adapters/playground/index.ts";
import type { PlaygroundMessage } from "../../adapters/playground/types.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { postAndHandle } from "../support/playground-api.ts";
import { outboxSettled } from "../support/wait.ts";

const HOME = "demo-industry";
const OTHER = "demo-services";
const OFFICIAL = "wang-qiang"; // 王强, the power company's duty officer (db/seeds/sanyuan.yaml)

describe("a command typed in another group [postgres]", () => {
	let bot: TestBot;
	beforeAll(async () => {
		bot = await startTestBot({ driver: "postgres", env: { PLAYGROUND: "on" } });
	});
	afterAll(async () => {
		await bot?.close();
	});

	const botSaid = async (conversation: string) =>
		(
			(await (
				await fetch(
					`${bot.url}/playground/api/conversations/${conversation}/messages`,
				)
			).json()) as { messages: PlaygroundMessage[] }
		).messages
			.filter((m) => m.author.externalId === DEFAULT_PLAYGROUND_BOT.externalId)
			.map((m) => m.text);

	it("carries it out, tells the issue's group, and answers the official privately", async () => {
		await postAndHandle(bot, HOME, {
			authorId: "chen-guodong",
			text: "我们厂区昨晚开始频繁跳闸停电，两条生产线受影响，请帮忙排查",
		});
		await outboxSettled(bot.db);
		const number = (await botSaid(HOME))
			.map((text) => /#(\d{4}-\d{6})/.exec(text)?.[1])
			.find(Boolean);
		if (!number) throw new Error("no issue registered");

		await postAndHandle(bot, OTHER, {
			authorId: OFFICIAL,
			text: `#${number} 受理`,
		});
		await outboxSettled(bot.db);

		expect((await bot.issueByNumber(number)).state).toBe("accepted");
		expect(
			(await botSaid(HOME)).filter((text) => text.includes(`#${number} 已由`)),
		).toHaveLength(1);
		expect((await botSaid(OTHER)).some((text) => text.includes(number))).toBe(
			false,
		);
		const privately = await botSaid(OFFICIAL);
		expect(privately.some((text) => text.includes(`#${number} 已由`))).toBe(
			true,
		);
	});
});
