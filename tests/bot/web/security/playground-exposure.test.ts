/**
 * The playground lets anyone who reaches it speak as anyone: it is on by default only on a loopback
 * address with no real chat platform, says so on its page, and off loopback it never hands out
 * console login links.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PLAYGROUND_BOT } from "../../../../adapters/playground/index.ts";
import type { PlaygroundMessage } from "../../../../adapters/playground/types.ts";
import { loadConfig } from "../../../../bot/config.ts";
import { startTestBot, type TestBot } from "../../../support/bot-harness.ts";
import { waitFor } from "../../../support/wait.ts";

describe("whether the playground runs", () => {
	const playground = (env: Record<string, string>) =>
		loadConfig({ PORT: "0", ...env }).playground;

	it("is on by default on a loopback address with no chat platform", () => {
		expect(playground({ HOST: "127.0.0.1" })).toBe(true);
		expect(playground({ HOST: "::1" })).toBe(true);
		expect(playground({ HOST: "localhost" })).toBe(true);
	});

	it("is off by default when the bot listens beyond loopback or a real platform is configured", () => {
		expect(playground({ HOST: "0.0.0.0" })).toBe(false);
		expect(playground({ HOST: "10.1.2.3" })).toBe(false);
		expect(
			playground({
				HOST: "127.0.0.1",
				WECHATY_PUPPET: "wechaty-puppet-padlocal",
			}),
		).toBe(false);
		expect(playground({ HOST: "127.0.0.1", SLACK_BOT_TOKEN: "xoxb-1" })).toBe(
			false,
		);
	});

	it("runs wherever PLAYGROUND=on asks for it, and never with PLAYGROUND=off", () => {
		expect(playground({ HOST: "0.0.0.0", PLAYGROUND: "on" })).toBe(true);
		expect(playground({ HOST: "127.0.0.1", PLAYGROUND: "off" })).toBe(false);
	});
});

const SUPERVISOR = "luo-xiaodong";

async function askForLoginLink(bot: TestBot): Promise<PlaygroundMessage> {
	const api = `${bot.url}/playground/api/conversations/${SUPERVISOR}/messages`;
	const posted = await fetch(api, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ authorId: SUPERVISOR, text: "登录" }),
	});
	expect(posted.status).toBe(200);
	return waitFor(async () => {
		const { messages } = (await (await fetch(api)).json()) as {
			messages: PlaygroundMessage[];
		};
		return messages.find(
			(m) => m.author.externalId === DEFAULT_PLAYGROUND_BOT.externalId,
		);
	}, "the bot's answer to 登录");
}

describe("the playground reachable beyond loopback", () => {
	let bot: TestBot;

	beforeAll(async () => {
		bot = await startTestBot({
			driver: "postgres",
			env: {
				PLAYGROUND: "on",
				HOST: "0.0.0.0",
				PUBLIC_URL: "https://qq.example.gov.cn",
			},
		});
		bot.url =
			bot.url?.replace("0.0.0.0", "127.0.0.1").replace("[::]", "127.0.0.1") ??
			null;
	});
	afterAll(async () => {
		await bot?.close();
	});

	it("warns in the log that anyone who reaches it can speak as anyone", () => {
		expect(
			bot.logs.some(
				(line) => line.includes("PLAYGROUND=on") && line.includes("0.0.0.0"),
			),
		).toBe(true);
	});

	it("says on the page that it is a demo where anyone can speak as anyone", async () => {
		const html = await (await fetch(`${bot.url}/playground/`)).text();
		expect(html).toContain("演示");
		expect(html).toContain("任何人都可以冒充任何身份");
	});

	it("answers a supervisor's 登录 with a polite refusal, not a working console link", async () => {
		const answer = await askForLoginLink(bot);
		expect(answer.text).not.toContain("/console/login/");
		expect(answer.text).toContain("演练场不发送监督台登录链接");
		const rows = await bot.outbox();
		expect(JSON.stringify(rows)).not.toContain("/console/login/");
	});
});

describe("the playground on loopback", () => {
	let bot: TestBot;

	beforeAll(async () => {
		bot = await startTestBot({
			driver: "postgres",
			env: {
				PLAYGROUND: "on",
				HOST: "127.0.0.1",
				PUBLIC_URL: "http://127.0.0.1:3000",
				LOCALE: "en",
			},
		});
	});
	afterAll(async () => {
		await bot?.close();
	});

	it("still shows the demo notice, in the deployment's language", async () => {
		const html = await (await fetch(`${bot.url}/playground/`)).text();
		expect(html).toContain("anyone who can open this page can speak as anyone");
	});

	it("still sends the one-time console link for a local demonstration", async () => {
		const answer = await askForLoginLink(bot);
		expect(answer.text).toContain("/console/login/");
	});
});
