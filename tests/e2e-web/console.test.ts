/**
 * The console in headless Chromium, on the whole bot: the ranking against numbers worked out by hand
 * from the seeded month, role scopes, the briefing's spreadsheet, Bull Board and /metrics.
 */
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
	createLoginLink,
	setConsolePassword,
} from "../../bot/web/console/auth.ts";
import { people } from "../../db/schema/directory.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { launchBrowser } from "../support/browser.ts";
import { docScreenshot } from "../support/doc-screenshots.ts";
import {
	MARCH,
	rankFromOneIssue,
	seedIssues,
} from "../support/reports-fixture.ts";

let bot: TestBot;
let browser: Browser;
const PASSWORD = "督查室-2026-secret";

beforeAll(async () => {
	bot = await startTestBot({ env: { PLAYGROUND: "on" } });
	const { db } = bot.qinqing.database;
	await seedIssues(db, MARCH);
	await rankFromOneIssue(db);
	await setConsolePassword(db, "luo-xiaodong", PASSWORD); // 督查室主任, supervisor
	browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await bot?.close();
});

async function signIn(page: Page, code: string, password: string) {
	await page.goto(`${bot.url}/console/`);
	await page.getByLabel("人员编码").fill(code);
	await page.getByLabel("密码").fill(password);
	await page.getByRole("button", { name: "登录" }).click();
	await page.waitForURL(/\/console\/issues$/);
}

/** The ranking's cells of one department, by column key. */
async function rankingRow(page: Page, department: string) {
	const cells = page.locator(
		`#ranking tr[data-department="${department}"] [data-col]`,
	);
	const entries = await cells.evaluateAll((nodes) =>
		nodes.map(
			(n) => [n.getAttribute("data-col"), n.textContent?.trim()] as const,
		),
	);
	return Object.fromEntries(entries) as Record<string, string>;
}

const POWER = "国网三明市三元区供电公司";
const HRSS = "三元区人力资源和社会保障局";
const WATER = "三元区水务有限公司";

it("shows the supervisor the month's ranking as counted by hand, with the lists and the chart", async () => {
	const page = await browser.newPage({
		viewport: { width: 1400, height: 1000 },
	});
	await signIn(page, "luo-xiaodong", PASSWORD);
	await page.goto(`${bot.url}/console/ranking?period=2026-03`);

	// 供电: 4 received (900001–900004); 3 resolved and confirmed, all on time; 900003 still open
	// past 13 March; accepted after 2 h, 1 h, 4 h and 30 min → 1.875 h; ratings 5 and 4.
	expect(await rankingRow(page, POWER)).toMatchObject({
		ranking_received: "4",
		ranking_resolved: "3",
		ranking_resolve_rate: "75.0%",
		ranking_done: "3",
		ranking_done_rate: "75.0%",
		ranking_on_time: "3",
		ranking_overdue: "1",
		ranking_overdue_rate: "25.0%",
		ranking_refusals: "0",
		ranking_extensions: "1",
		ranking_avg_accept: "1.9小时",
		ranking_satisfaction: "100.0%",
		ranking_mean_result: "4.50",
	});
	// 人社: 900005 resolved a day late, rated 2; 900006 refused, review found it doable, done, rated 3.
	expect(await rankingRow(page, HRSS)).toMatchObject({
		ranking_received: "2",
		ranking_resolve_rate: "100.0%",
		ranking_done_rate: "50.0%",
		ranking_overdue_rate: "50.0%",
		ranking_refusals: "1",
		ranking_reviews: "0/0/1",
		ranking_avg_accept: "0.5小时",
		ranking_satisfaction: "0.0%",
		ranking_mean_result: "2.50",
	});
	// Nine issues in all (one never dispatched); ratings 5, 4, 2, 3, 5 → 3 of 5 satisfied, mean 3.8.
	expect(await rankingRow(page, "totals")).toMatchObject({
		ranking_received: "9",
		ranking_resolved: "6",
		ranking_done: "5",
		ranking_overdue: "2",
		ranking_refusals: "2",
		ranking_reviews: "1/0/1",
		ranking_avg_accept: "1.5小时",
		ranking_satisfaction: "60.0%",
		ranking_mean_result: "3.80",
	});
	expect(await page.locator("#list-red").textContent()).toContain(WATER);
	expect(await page.locator("#list-yellow").textContent()).toContain(POWER);
	expect(await page.locator("#list-black").textContent()).toContain(HRSS);
	expect(
		await page.locator("#ranking-chart rect").count(),
	).toBeGreaterThanOrEqual(8);
	await docScreenshot(page, "console-ranking", { fullPage: true });
	await page.close();
});

it("serves a briefing whose spreadsheet has the console's numbers", async () => {
	const page = await browser.newPage({
		viewport: { width: 1300, height: 1600 },
	});
	await signIn(page, "luo-xiaodong", PASSWORD);
	await page.goto(`${bot.url}/console/ranking?period=2026-03`);
	const power = await rankingRow(page, POWER);
	const totals = await rankingRow(page, "totals");

	const response = await page.request.get(
		`${bot.url}/console/briefing/2026-03.xlsx`,
	);
	expect(response.status()).toBe(200);
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load((await response.body()) as unknown as ArrayBuffer);
	const sheet = workbook.getWorksheet("各单位办理情况");
	if (!sheet) throw new Error("no department sheet");
	const header = (sheet.getRow(3).values as unknown[]).map(String);
	const rowOf = (name: string) => {
		for (let i = 4; i <= sheet.rowCount; i++)
			if (sheet.getRow(i).getCell(2).value === name) return sheet.getRow(i);
		throw new Error(`no row for ${name}`);
	};
	const cell = (row: ExcelJS.Row, label: string) =>
		row.getCell(header.indexOf(label)).value;
	const asPercent = (value: unknown) => `${(Number(value) * 100).toFixed(1)}%`;
	const powerRow = rowOf(POWER);
	expect(String(cell(powerRow, "受理"))).toBe(power.ranking_received);
	expect(asPercent(cell(powerRow, "办结率"))).toBe(power.ranking_resolve_rate);
	expect(asPercent(cell(powerRow, "办成率"))).toBe(power.ranking_done_rate);
	expect(asPercent(cell(powerRow, "超时率"))).toBe(power.ranking_overdue_rate);
	expect(asPercent(cell(powerRow, "满意率"))).toBe(power.ranking_satisfaction);
	expect(cell(powerRow, "榜单")).toBe("黄榜");
	const totalRow = rowOf("合计");
	expect(String(cell(totalRow, "受理"))).toBe(totals.ranking_received);
	expect(String(cell(totalRow, "超时"))).toBe(totals.ranking_overdue);

	const markdown = await page.request.get(
		`${bot.url}/console/briefing/2026-03.md`,
	);
	expect(await markdown.text()).toContain(
		"本期共受理企业诉求 9 件，办结 6 件，办结率 66.7%",
	);

	await page.goto(`${bot.url}/console/briefing/2026-03`);
	expect(await page.locator("#briefing-summary").textContent()).toContain(
		"办成率 55.6%",
	);
	await docScreenshot(page, "briefing", { fullPage: true });
	await page.close();
});

it("shows a department official only their department's issues, and 404 for another's", async () => {
	const { db } = bot.qinqing.database;
	const link = await createLoginLink(db, "wu-qinghua"); // 人社局
	if (!link) throw new Error("no login link");
	const page = await browser.newPage();
	await page.goto(`${bot.url}${link.path}`);
	await page.getByRole("button", { name: "登录" }).click();
	await page.waitForURL(/\/console\/issues$/);
	const numbers = await page
		.locator("#issues tbody tr td:first-child")
		.allTextContents();
	expect(numbers.sort()).toEqual(["2026-900005", "2026-900006"]);
	const own = await page.goto(`${bot.url}/console/issues/2026-900006`);
	expect(own?.status()).toBe(200);
	expect(await page.locator("#timeline").textContent()).toContain(
		"不属于本局职责",
	);
	const other = await page.goto(`${bot.url}/console/issues/2026-900001`);
	expect(other?.status()).toBe(404);
	// The link was used up.
	const again = await browser.newPage();
	await again.goto(`${bot.url}${link.path}`);
	await again.getByRole("button", { name: "登录" }).click();
	expect(await again.getByText("登录链接已失效").count()).toBe(1);
	// Queues are for administrators.
	const queues = await page.goto(`${bot.url}/console/queues/`);
	expect(queues?.status()).toBe(403);
	await page.close();
	await again.close();
});

it("filters and searches the issue list", async () => {
	const page = await browser.newPage();
	await signIn(page, "luo-xiaodong", PASSWORD);
	await docScreenshot(page, "console-issues");
	await page.goto(`${bot.url}/console/issues?q=${encodeURIComponent("停电")}`);
	expect(
		await page.locator("#issues tbody tr td:first-child").allTextContents(),
	).toEqual(["2026-900001"]);
	await page.goto(`${bot.url}/console/issues?colour=red`);
	expect(
		await page.locator("#issues tbody tr td:first-child").allTextContents(),
	).toEqual(["2026-900003"]);
	await page.goto(
		`${bot.url}/console/issues?state=done&from=2026-03-05&to=2026-03-31`,
	);
	expect(
		await page.locator("#issues tbody tr td:first-child").allTextContents(),
	).toEqual(["2026-900007", "2026-900006"]);
	await page.close();
});

it("refuses a form without its CSRF token, and keeps the console behind the login", async () => {
	const anonymous = await fetch(`${bot.url}/console/issues`, {
		redirect: "manual",
	});
	expect(anonymous.status).toBe(302);
	expect(anonymous.headers.get("location")).toContain("/console/login");
	const forged = await fetch(`${bot.url}/console/login`, {
		method: "POST",
		headers: { "content-type": "application/x-www-form-urlencoded" },
		body: `code=luo-xiaodong&password=${encodeURIComponent(PASSWORD)}`,
		redirect: "manual",
	});
	expect(forged.status).toBe(403);
	expect(forged.headers.get("set-cookie") ?? "").not.toContain("qq_console=");
});

it("opens Bull Board for an administrator only, and serves /metrics", async () => {
	const { db } = bot.qinqing.database;
	const page = await browser.newPage();
	await signIn(page, "luo-xiaodong", PASSWORD);
	expect((await page.goto(`${bot.url}/console/queues/`))?.status()).toBe(403);
	await page.close();
	await db
		.update(people)
		.set({ roles: ["admin"] })
		.where(eq(people.code, "yu-min"));
	await setConsolePassword(db, "yu-min", PASSWORD);
	const adminPage = await browser.newPage();
	await signIn(adminPage, "yu-min", PASSWORD);
	const board = await adminPage.goto(`${bot.url}/console/queues/`);
	expect(board?.status()).toBe(200);
	await adminPage.close();
	const metrics = await (await fetch(`${bot.url}/metrics`)).text();
	expect(metrics).toContain('qinqing_issues{state="accepted",colour="red"} 1');
	expect(metrics).toMatch(
		/qinqing_queue_jobs\{queue="outbound",state="waiting"\} \d+/,
	);
	expect(metrics).toContain("qinqing_send_failures 0");
});

it("stops password guessing on an account after five failures, pointing to the one-time link, and lets others in", async () => {
	const { db } = bot.qinqing.database;
	await setConsolePassword(db, "shi-lei", "供电-right-password");
	const page = await browser.newPage();
	const attempt = async (password: string) => {
		await page.goto(`${bot.url}/console/login`);
		await page.getByLabel("人员编码").fill("shi-lei");
		await page.getByLabel("密码").fill(password);
		const [response] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === "POST"),
			page.getByRole("button", { name: "登录" }).click(),
		]);
		return response.status();
	};
	for (let i = 1; i <= 5; i++) {
		expect(await attempt(`guess-${i}`)).toBe(401);
		await expect.poll(() => page.content()).toContain("编码或密码不对");
	}
	// The sixth attempt is refused even with the right password.
	expect(await attempt("供电-right-password")).toBe(429);
	await expect.poll(() => page.content()).toContain("登录失败次数过多");
	await expect.poll(() => page.content()).toContain("发送「登录」");
	expect(page.url()).toContain("/console/login");

	// Another account from the same address still signs in.
	await signIn(page, "luo-xiaodong", PASSWORD);
	await page.close();
});
