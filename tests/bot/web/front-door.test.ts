/** `/`: the front page leads to every web page the deployment serves, in its language. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestBot, type TestBot } from "../../support/bot-harness.ts";

function hrefs(page: string): string[] {
	return [...page.matchAll(/<a class="door"[^>]* href="([^"]+)"/g)].map(
		(m) => m[1] ?? "",
	);
}

describe("the front page of a demo (playground on, Chinese)", () => {
	let bot: TestBot;
	beforeAll(async () => {
		bot = await startTestBot({ env: { PLAYGROUND: "on" } });
	});
	afterAll(async () => {
		await bot?.close();
	});

	it("answers 200 in Chinese with the playground, board, console, status and API reference", async () => {
		const response = await fetch(`${bot.url}/`);
		expect(response.status).toBe(200);
		expect(response.headers.get("content-type")).toContain("text/html");
		const page = await response.text();
		expect(page).toContain('<html lang="zh-CN">');
		expect(page).toContain("演练场");
		expect(page).toContain("通报栏");
		expect(page).toContain("接口文档");
		expect(hrefs(page)).toEqual([
			"/playground/",
			"/board/",
			"/console/",
			"/status/",
			"/api/docs/",
		]);
	});

	it("leads only to pages that open", async () => {
		const page = await (await fetch(`${bot.url}/`)).text();
		for (const href of hrefs(page)) {
			const response = await fetch(`${bot.url}${href}`);
			expect(response.status, href).toBe(200);
			await response.arrayBuffer();
		}
	});
});

describe("the front page of a deployment without the playground, in English", () => {
	let bot: TestBot;
	beforeAll(async () => {
		bot = await startTestBot({ env: { PLAYGROUND: "off", LOCALE: "en" } });
	});
	afterAll(async () => {
		await bot?.close();
	});

	it("has no playground link, and the other four in English", async () => {
		const response = await fetch(`${bot.url}/`);
		expect(response.status).toBe(200);
		const page = await response.text();
		expect(page).toContain('<html lang="en">');
		expect(page).toContain("Overdue board");
		expect(page).toContain("API reference");
		expect(page).not.toContain("playground/");
		expect(page).not.toContain("Playground");
		expect(hrefs(page)).toEqual([
			"/board/",
			"/console/",
			"/status/",
			"/api/docs/",
		]);
		expect((await fetch(`${bot.url}/playground/`)).status).toBe(404);
	});
});
