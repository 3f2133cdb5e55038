/**
 * The demo clock as a newcomer uses it (docs/demo.md): the whole bot in demo mode (three months of
 * history, the demo directory) behind the playground in headless Chromium. An enterprise reports a
 * problem, the department accepts it, and a few clicks on 快进 1 个工作日 take it through yellow and
 * orange to red: the lead official's warnings, the leader's direct message, the red row on the board.
 */
import { mkdir } from "node:fs/promises";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { issues } from "../../db/schema/issues.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { launchBrowser } from "../support/browser.ts";
import { docScreenshot } from "../support/doc-screenshots.ts";
import {
	openPlaygroundAs,
	sayOnPlayground,
} from "../support/playground-page.ts";

const ARTIFACTS = "tests/artifacts";
const GROUP = "三元区工业企业服务群";
const DIRECT = "与亲清助手的私信";
const BOT = "亲清助手 的消息";
const HRSS = "三元区人力资源和社会保障局";

let bot: TestBot;
let browser: Browser;

beforeAll(async () => {
	bot = await startTestBot({
		env: {
			PLAYGROUND: "on",
			DEMO: "on",
			BOARD_PAGE_SIZE: "200",
			BOARD_MASK_ENTERPRISES: "off",
		},
	});
	browser = await launchBrowser();
	await mkdir(ARTIFACTS, { recursive: true });
}, 180_000);

afterAll(async () => {
	await browser?.close();
	await bot?.close();
});

const openAs = (personId: string, chat: string) =>
	openPlaygroundAs(browser, bot.url, personId, chat);
const say = sayOnPlayground;

const botSays = async (page: Page, text: string | RegExp) => {
	const message = page
		.getByRole("listitem", { name: BOT })
		.filter({ hasText: text })
		.last();
	await message.waitFor();
	return message;
};

/** "12/15" of the demo time as the header shows it (Asia/Shanghai). */
const shownDate = (at: Date) => {
	const local = new Date(at.getTime() + 8 * 3600_000);
	return `${local.getUTCMonth() + 1}/${local.getUTCDate()}`;
};

type BoardRow = {
	enterprise: string;
	category: string;
	department: string;
	colour: string;
};
const oursOnBoard = async () => {
	const rows = (await (await fetch(`${bot.url}/board/rows.json`)).json()) as {
		rows: BoardRow[];
	};
	return rows.rows.filter(
		(row) =>
			row.enterprise === "三明鑫元精密机械有限公司" &&
			row.category === "用工" &&
			row.department === HRSS &&
			row.colour === "red",
	).length;
};

it("takes an accepted issue to red in a few clicks of 快进 1 个工作日: warnings, the leader's direct message, the board", async () => {
	const demoClock = bot.qinqing.demoClock;
	if (!demoClock) throw new Error("the bot is not in demo mode");
	const db = bot.qinqing.database.db;
	const redBefore = await oursOnBoard();

	const enterprise = await openAs("chen-guodong", GROUP);
	await say(
		enterprise,
		"公司订单增加，缺技工二十名左右，希望人社局帮忙对接招聘会",
	);
	const ack = await botSays(enterprise, "已登记问题");
	const number = /#(\d{4}-\d{6})/.exec(
		(await ack.locator("p.text").textContent()) ?? "",
	)?.[1];
	if (!number) throw new Error("no issue number in the acknowledgement");
	// After the history: its issues of this year came first.
	expect(Number(number.slice(5))).toBeGreaterThan(1);
	const short = String(Number(number.slice(5)));

	const official = await openAs("wu-qinghua", GROUP);
	await say(official, `#${short} 受理`);
	await botSays(official, "受理（吴庆华）");

	const [issue] = await db
		.select()
		.from(issues)
		.where(eq(issues.number, number));
	if (!issue) throw new Error(`no issue ${number}`);
	const colourNow = async () => {
		const [row] = await db
			.select({ colour: issues.colour, next: issues.nextWakeAt })
			.from(issues)
			.where(eq(issues.id, issue.id));
		return row;
	};

	const seen: string[] = [];
	const advance = enterprise.getByRole("button", { name: "快进 1 个工作日" });
	const shownTime = enterprise.locator("#demo-clock-time");
	for (let click = 0; click < 10 && !seen.includes("red"); click++) {
		const offset = demoClock.offsetMs();
		const started = Date.now();
		await advance.click();
		await expect.poll(() => demoClock.offsetMs()).toBeGreaterThan(offset);
		await expect
			.poll(() => shownTime.textContent())
			.toContain(shownDate(demoClock.now()));
		// What fell due ran: the issue's next wake-up is in the (demo) future again.
		await expect
			.poll(
				async () => {
					const row = await colourNow();
					return !row?.next || row.next > demoClock.now();
				},
				{ timeout: 20_000 },
			)
			.toBe(true);
		// Within seconds of the click, not in real days.
		expect(Date.now() - started).toBeLessThan(20_000);
		const colour = (await colourNow())?.colour ?? "";
		if (seen.at(-1) !== colour) seen.push(colour);
	}
	expect(seen.filter((c) => c !== "green")).toEqual([
		"yellow",
		"orange",
		"red",
	]);

	// The lead official had the yellow and orange warnings in their direct chat.
	const officialDirect = await openAs("wu-qinghua", DIRECT);
	await botSays(officialDirect, new RegExp(`【黄色预警·催办】#${short}「`));
	await botSays(officialDirect, new RegExp(`【橙色预警·催办】#${short}「`));
	await docScreenshot(officialDirect, "demo-clock");

	// The deputy head in charge of 人社局 had the leader's message at orange.
	const leader = await openAs("huang-liping", DIRECT);
	const ping = await botSays(leader, `您分管的${HRSS}办理的 #${number}`);
	expect(await ping.textContent()).toContain("已列入督办预警名单");
	await leader.screenshot({ path: `${ARTIFACTS}/demo-clock-leader.png` });
	await docScreenshot(leader, "demo-clock-leader");

	// Red: on the lobby board.
	await expect.poll(oursOnBoard, { timeout: 15_000 }).toBe(redBefore + 1);
	const board = await browser.newPage({
		viewport: { width: 1280, height: 720 },
	});
	await board.goto(`${bot.url}/board/`);
	await board
		.locator("tr.colour-red", { hasText: "三明鑫元精密机械有限公司" })
		.filter({ hasText: HRSS })
		.first()
		.waitFor();
	await docScreenshot(board, "demo-board");
}, 240_000);
