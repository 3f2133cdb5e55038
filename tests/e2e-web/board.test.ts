/**
 * The lobby board in headless Chromium: overdue issues, masked names, no free text, pages fetched
 * from the server as the screen turns (rows.json?after=…), live rows.
 */
import type { FastifyInstance } from "fastify";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLogger } from "../../bot/runtime/logger.ts";
import { createBoardRoutes } from "../../bot/web/board/routes.ts";
import { createWebServer } from "../../bot/web/server.ts";
import { launchBrowser } from "../support/browser.ts";
import { createTestDatabase, type TestDatabase } from "../support/databases.ts";
import { docScreenshot } from "../support/doc-screenshots.ts";
import {
	type IssueSpec,
	importDemoDirectory,
	MARCH,
	seedIssues,
} from "../support/reports-fixture.ts";

const log = createLogger("test", () => {});
let database: TestDatabase;
let server: FastifyInstance;
let baseUrl: string;
let browser: Browser;

/** Late issues beside March's 900003, with what their departments said. */
const LATE: IssueSpec[] = [
	{
		number: "2026-900010",
		title: "工地临时用水迟迟未接通",
		enterprise: "hongtu-construction",
		department: "water",
		created: "04-01 09:00",
		state: "accepted",
		// Extended: no longer past its deadline, but behind its first plan.
		due: "12-15 17:30",
		events: [
			["dispatched", "04-01 09:00", "dispatched"],
			[
				"accepted",
				"04-01 10:00",
				"accepted",
				{ dueAt: "2026-04-08T09:30:00.000Z" },
			],
			[
				"extension_requested",
				"04-08 09:00",
				null,
				{ workingDays: 10, reason: "需跨路段铺设管网，涉及占道审批" },
			],
			[
				"extension_approved",
				"04-08 15:00",
				null,
				{
					workingDays: 10,
					dueAt: "2026-12-15T09:30:00.000Z",
					note: "已与交通部门会商，12月15日前通水",
				},
			],
		],
	},
];

beforeAll(async () => {
	database = await createTestDatabase("postgres");
	await importDemoDirectory(database.db);
	await seedIssues(database.db, [...MARCH, ...LATE]);
	server = await createWebServer({
		log,
		checkHealth: async () => ({}),
		mounts: [
			// The wall as tests need it: one row a page, a new page every second, quick polling.
			{
				prefix: "/board",
				plugin: createBoardRoutes({
					db: database.db,
					log,
					locale: "zh-CN",
					rotateSeconds: 1,
					pageSize: 1,
					pollMs: 300,
				}),
			},
			// The wall as a lobby runs it, for the README's screenshot.
			{
				prefix: "/wall",
				plugin: createBoardRoutes({ db: database.db, log, locale: "zh-CN" }),
			},
		],
	});
	baseUrl = await server.listen({ port: 0, host: "127.0.0.1" });
	browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await server?.close();
	await database?.close();
});

it("shows the overdue issues with masked enterprises, and rotates its pages", async () => {
	const page = await browser.newPage({
		viewport: { width: 1600, height: 900 },
	});
	const asked: string[] = [];
	page.on("request", (request) => asked.push(request.url()));
	await page.goto(`${baseUrl}/board`);
	await page.getByText("重点问题进展滞后情况表").waitFor();
	// The page carries one screen of rows; the next comes from the server when the screen turns.
	const carried = await page.evaluate(
		() =>
			JSON.parse(document.getElementById("board-data")?.textContent ?? "{}")
				.rows.length,
	);
	expect(carried).toBe(1);
	const headers = await page.locator("thead th").allTextContents();
	expect(headers).toEqual([
		"序号",
		"企业",
		"问题类别",
		"牵头单位",
		"办理状态",
		"办理期限",
		"部门负责人",
		"分管区领导",
	]);
	expect(await page.locator("#board-count").textContent()).toBe("共 2 件");

	// Each page's rows read with its number in one go: on a loaded machine the screen may have
	// turned before the first look.
	const byPage = new Map<string, string>();
	await expect
		.poll(
			async () => {
				const [number, rows] = await page.evaluate(() => [
					document.body.dataset.page ?? "",
					Array.from(
						document.querySelectorAll<HTMLTableRowElement>("#board-rows tr"),
						(tr) => Array.from(tr.cells, (td) => td.textContent).join("\t"),
					).join("\n"),
				]);
				byPage.set(number ?? "", rows ?? "");
				return [...byPage.keys()].sort();
			},
			{ timeout: 20_000, interval: 200 },
		)
		.toEqual(["1", "2"]);
	const seen = new Set(byPage.values());
	await page.waitForFunction(() => document.body.dataset.page === "1", null, {
		timeout: 10_000,
	});

	const all = [...seen].join("\n");
	expect(seen.size).toBe(2);
	expect(asked.some((url) => url.includes("/board/rows.json?after="))).toBe(
		true,
	);
	// 900003 (供电, 3月13日 due, extension asked) and 900010 (水务, extension approved to 12月15日).
	expect(all).toContain("三**有限公司");
	expect(all).toContain("原定3月13日前办结，已超期");
	expect(all).toMatch(/施磊\s+林志强/);
	expect(all).toContain("福**有限公司");
	expect(all).toContain("新期限：12月15日");
	expect(all).toContain("已受理");
	// No words a person wrote: not the problem, the reason or the commitment (board-public.test.ts).
	for (const words of [
		"园区线路老化跳闸",
		"施工受阻，需协调用地",
		"已协调施工队，3月25日前完成",
		"需跨路段铺设管网，涉及占道审批",
		"天润",
		"宏图",
	])
		expect(all).not.toContain(words);
	await page.close();
});

it("adds a newly late issue without a reload", async () => {
	const page = await browser.newPage({
		viewport: { width: 1600, height: 900 },
	});
	await page.goto(`${baseUrl}/board`);
	await page.waitForFunction(() => document.body.dataset.pages === "2");
	await page.evaluate(() => {
		(window as unknown as { marker: boolean }).marker = true;
	});
	await seedIssues(database.db, [
		{
			number: "2026-900011",
			title: "企业开办审批超时",
			enterprise: "wanjia-trading",
			department: "admin-services",
			created: "05-06 09:00",
			state: "dispatched",
			due: "05-07 17:30",
			colour: "red",
			events: [["dispatched", "05-06 09:00", "dispatched"]],
		},
	]);
	await page.waitForFunction(() => document.body.dataset.pages === "3", null, {
		timeout: 15_000,
	});
	expect(await page.locator("#board-count").textContent()).toBe("共 3 件");
	// Same document: the rows came over the event stream.
	expect(
		await page.evaluate(
			() => (window as unknown as { marker?: boolean }).marker,
		),
	).toBe(true);
	await page.close();
});

it("takes the docs' screenshot of the wall", async () => {
	const page = await browser.newPage({
		viewport: { width: 1600, height: 900 },
	});
	await page.goto(`${baseUrl}/wall`);
	await page.getByText("重点问题进展滞后情况表").waitFor();
	await docScreenshot(page, "board");
	await page.close();
});
