/**
 * The closed loop as people see it: the whole bot (real Postgres, real Redis, the demo directory of
 * 三元区) behind the playground page in headless Chromium. An enterprise reports a power cut, the
 * power company's official accepts and resolves it, the enterprise confirms.
 */
import { mkdir } from "node:fs/promises";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { launchBrowser } from "../support/browser.ts";
import { docScreenshot } from "../support/doc-screenshots.ts";
import {
	openPlaygroundAs,
	PLAYGROUND_VIEWPORT,
	sayOnPlayground,
} from "../support/playground-page.ts";

const ARTIFACTS = "tests/artifacts";
const GROUP = "三元区工业企业服务群";
const BOT = "亲清助手 的消息";

let bot: TestBot;
let browser: Browser;

beforeAll(async () => {
	bot = await startTestBot({ env: { PLAYGROUND: "on" } });
	browser = await launchBrowser();
	await mkdir(ARTIFACTS, { recursive: true });
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await bot?.close();
});

const openAs = (personId: string) =>
	openPlaygroundAs(browser, bot.url, personId, GROUP);
const say = sayOnPlayground;

/** The bot's message on this page that contains `text` (waits for it to arrive live). */
async function botSays(page: Page, text: string | RegExp): Promise<Locator> {
	const message = page
		.getByRole("listitem", { name: BOT })
		.filter({ hasText: text });
	await message.waitFor();
	return message;
}

async function mentionsIn(message: Locator): Promise<string[]> {
	return message.locator("mark.mention").allTextContents();
}

const highlighted = (chip: Locator) =>
	chip.evaluate((node) => getComputedStyle(node).backgroundColor);

it("takes a power cut from report to the enterprise's confirmation, in the page people use", async () => {
	const enterprise = await openAs("chen-guodong");
	await say(
		enterprise,
		"厂区今天上午突然停电，生产线全部停了，请尽快帮忙排查线路",
	);

	await enterprise
		.getByRole("listitem", { name: "陈国栋 的消息" })
		.getByText("厂区今天上午突然停电")
		.waitFor();
	const ack = await botSays(enterprise, "已登记问题");
	const ackText = (await ack.locator("p.text").textContent()) ?? "";
	expect(ackText).toMatch(/已登记问题 #\d{4}-000001/);
	expect(ackText).toContain("类别：用电");
	expect(ackText).toContain("牵头单位：国网三明市三元区供电公司");
	// Only the power company's duty officer is pinged (首接负责制), not every official and its desk.
	expect(await mentionsIn(ack)).toEqual(["@王强"]);
	const othersMention = await highlighted(ack.locator("mark.mention").first());
	expect(othersMention).not.toBe("rgba(0, 0, 0, 0)");
	await enterprise.screenshot({ path: `${ARTIFACTS}/loop-1-reported.png` });
	await docScreenshot(enterprise, "playground-reported");

	// The official of 供电公司, in another browser, sees the same message with their own name marked.
	const official = await openAs("wang-qiang");
	const seen = await botSays(official, "已登记问题");
	const mine = seen.locator("mark.mention.me");
	expect(await mine.textContent()).toBe("@王强");
	// Marked as theirs: not the colour the enterprise sees the same mention in.
	expect(await highlighted(mine)).not.toBe(othersMention);

	await say(official, "#1 受理");
	const accepted = await botSays(official, "受理（王强）");
	expect(await accepted.locator("p.text").textContent()).toContain(
		"已由国网三明市三元区供电公司受理",
	);

	await say(official, "#1 办结 已更换变压器");
	const resolved = await botSays(official, "已办结（");
	expect(await resolved.locator("p.text").textContent()).toContain(
		"已更换变压器",
	);
	// The card, on the acknowledgement, was updated in place: it shows the state now.
	await expect
		.poll(
			() => botSays(official, "已登记问题").then((ack) => ack.textContent()),
			{ timeout: 10_000 },
		)
		.toContain("已办结");
	await official.screenshot({ path: `${ARTIFACTS}/loop-2-official.png` });
	await docScreenshot(official, "playground-official");

	// Back to the enterprise: the resolution arrived live and asks them, by name, to confirm.
	const askedToConfirm = await botSays(enterprise, "请确认办理结果");
	expect(await mentionsIn(askedToConfirm)).toEqual(["@陈国栋"]);
	expect(await askedToConfirm.locator("mark.mention.me").textContent()).toBe(
		"@陈国栋",
	);
	await botSays(enterprise, "受理（王强）");

	await say(enterprise, "#1 满意");
	await botSays(enterprise, "企业已确认办成");
	await botSays(enterprise, "已收到评价");
	await enterprise.screenshot({ path: `${ARTIFACTS}/loop-3-confirmed.png` });
	await docScreenshot(enterprise, "playground-enterprise");

	// Every step is on the enterprise's screen, in order, each answered by the bot once (「满意」
	// confirms and rates in one message).
	const authors = await enterprise
		.locator("#messages > li")
		.evaluateAll((items) =>
			items.map((item) => (item as HTMLElement).dataset.author),
		);
	expect(authors).toEqual([
		"chen-guodong",
		"qinqing-bot",
		"wang-qiang",
		"qinqing-bot",
		"wang-qiang",
		"qinqing-bot",
		"chen-guodong",
		"qinqing-bot",
	]);
}, 120_000);

it("sends a government worker the one-time console link in their direct chat with the bot, never in the group", async () => {
	const page = await browser.newPage({ viewport: PLAYGROUND_VIEWPORT });
	page.setDefaultTimeout(20_000);
	await page.goto(`${bot.url}/playground/`);
	await page.getByLabel("我是").selectOption("shi-lei");

	await page.getByRole("button", { name: GROUP }).click();
	await page.getByRole("heading", { name: GROUP }).waitFor();
	await say(page, "登录");
	await botSays(page, "登录链接只在私聊中发送");

	await page.getByRole("button", { name: "与亲清助手的私信" }).click();
	await page.getByRole("heading", { name: "与亲清助手的私信" }).waitFor();
	await say(page, "登录");
	const link = await botSays(page, "/console/login/");
	const token = (await link.textContent())?.match(
		/\/console\/login\/([\w-]+)/,
	)?.[1];
	if (!token) throw new Error("no login link in the direct message");

	// The link works: one click on its confirmation page signs in.
	const consolePage = await browser.newPage({ viewport: PLAYGROUND_VIEWPORT });
	await consolePage.goto(`${bot.url}/console/login/${token}`);
	await consolePage.getByRole("button").first().click();
	await consolePage.waitForURL(/\/console(\/|$)/);
	await expect.poll(() => consolePage.content()).toContain("施磊");

	// Another person's identity sees their own (empty) direct chat, not 施磊's link.
	await page.getByLabel("我是").selectOption("wang-qiang");
	await page.getByRole("heading", { name: "与亲清助手的私信" }).waitFor();
	await expect.poll(() => page.locator("#messages > li").count()).toBe(0);
}, 60_000);
