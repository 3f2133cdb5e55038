import { mkdir } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { IssueCard } from "../../bot/messages.ts";
import { launchBrowser } from "../support/browser.ts";
import {
	type PlaygroundServer,
	startPlaygroundServer,
} from "./playground-fixture.ts";

const card: IssueCard = {
	issueNumber: "SY-2024-0173",
	title: "新厂房用电增容迟迟未批",
	state: "dispatched",
	stateLabel: "已派单",
	colour: "orange",
	category: "用电",
	leadDepartment: "国网三元供电公司",
	dueAt: "2024-06-14T09:00:00.000Z",
	actions: [
		{ command: "受理 SY-2024-0173", label: "受理" },
		{ command: "转办 SY-2024-0173", label: "转办" },
	],
};

let server: PlaygroundServer;
let browser: Browser;

beforeAll(async () => {
	// A tiny bot: it answers each person's first message with a mention of them and an issue card.
	server = await startPlaygroundServer({
		sink: (adapter) => async (message) => {
			if (message.replyTo) return;
			await adapter.send({
				platform: "playground",
				conversationId: message.conversationId,
				text: "已登记并派单给国网三元供电公司，请在 3 个工作日内受理。",
				mentions: [{ externalId: message.author.externalId, kind: "user" }],
				card,
			});
		},
	});
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.close();
});

async function openAs(page: Page, personId: string, hash = "") {
	await page.goto(`${server.baseUrl}/${hash}`);
	await page.getByLabel("我是").selectOption(personId);
}

it("lets a person chat in a group and shows the bot's reply, its mention and its card live in every tab", async () => {
	const enterprise = await browser.newPage({
		viewport: { width: 1000, height: 720 },
	});
	const official = await browser.newPage({
		viewport: { width: 390, height: 760 },
	});

	// The official's tab is already in the group, listening.
	await openAs(official, "O-wangfang", "#pg-group-industry");
	await official.getByText("还没有消息，说点什么吧。").waitFor();

	await openAs(enterprise, "E-zhangwei");
	await enterprise
		.getByRole("button", { name: "三元区工业企业服务群" })
		.click();
	const composer = enterprise.getByRole("textbox", { name: "消息内容" });
	await composer.fill("新厂房的用电增容申请提交一个月了还没批");
	await composer.press("Enter");

	const mine = enterprise.getByRole("listitem", { name: "张伟 的消息" });
	await mine.getByText("新厂房的用电增容申请提交一个月了还没批").waitFor();
	expect(await composer.inputValue()).toBe("");

	const reply = enterprise.getByRole("listitem", { name: "亲清助手 的消息" });
	const mention = reply.locator("mark.mention");
	await mention.waitFor();
	expect(await mention.textContent()).toBe("@张伟");
	expect(
		await mention.evaluate((node) => getComputedStyle(node).backgroundColor),
	).not.toBe("rgba(0, 0, 0, 0)");
	const shownCard = reply.getByRole("region", { name: "事项 SY-2024-0173" });
	expect(await shownCard.textContent()).toContain("已派单");
	expect(await shownCard.getByRole("img", { name: "橙色" }).count()).toBe(1);
	expect(await shownCard.getByRole("button", { name: "受理" }).count()).toBe(1);

	// The other tab got both messages over the event stream, without reloading.
	await official
		.getByRole("listitem", { name: "张伟 的消息" })
		.getByText("新厂房的用电增容申请提交一个月了还没批")
		.waitFor();
	await official.getByRole("region", { name: "事项 SY-2024-0173" }).waitFor();

	// The official replies to the enterprise, mentioning them with the @ picker.
	await official.getByRole("button", { name: "回复 张伟" }).click();
	await official.getByRole("button", { name: "提及某人" }).click();
	await official.getByRole("button", { name: "提及 张伟" }).click();
	await official
		.getByRole("textbox", { name: "消息内容" })
		.fill("您好，我们今天下午去现场勘察");
	await official.getByRole("textbox", { name: "消息内容" }).press("Enter");

	const answer = enterprise.getByRole("listitem", { name: "王芳 的消息" });
	await answer.getByText("您好，我们今天下午去现场勘察").waitFor();
	expect(await answer.locator("blockquote").textContent()).toContain(
		"新厂房的用电增容申请提交一个月了还没批",
	);
	expect(await answer.locator("mark.mention").textContent()).toBe("@张伟");
	expect(server.received.at(-1)).toMatchObject({
		author: { externalId: "O-wangfang" },
		mentions: [{ externalId: "E-zhangwei" }],
		replyTo: { quotedText: "新厂房的用电增容申请提交一个月了还没批" },
	});

	await mkdir("tests/artifacts", { recursive: true });
	await enterprise.screenshot({ path: "tests/artifacts/playground.png" });
	await official.screenshot({ path: "tests/artifacts/playground-mobile.png" });
});
