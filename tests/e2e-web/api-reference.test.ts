/** The front page and the API reference in headless Chromium, with every request outside this machine refused. */
import type { FastifyInstance } from "fastify";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLogger } from "../../bot/runtime/logger.ts";
import { createApiReferenceRoutes } from "../../bot/web/api/reference.ts";
import { createFrontDoorRoutes } from "../../bot/web/front-door.ts";
import { createWebServer } from "../../bot/web/server.ts";
import { launchBrowser } from "../support/browser.ts";
import { docScreenshot } from "../support/doc-screenshots.ts";

let server: FastifyInstance;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
	server = await createWebServer({
		log: createLogger("test", () => {}),
		checkHealth: async () => ({}),
		mounts: [
			{
				prefix: "",
				plugin: createFrontDoorRoutes({ locale: "zh-CN", playground: true }),
			},
			{ prefix: "/api/docs", plugin: createApiReferenceRoutes() },
		],
	});
	baseUrl = await server.listen({ port: 0, host: "127.0.0.1" });
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.close();
});

/** A page whose requests may go only to the bot; anything else is refused and remembered. */
async function localOnlyPage(): Promise<{ page: Page; outside: string[] }> {
	const outside: string[] = [];
	const page = await browser.newPage({
		viewport: { width: 1200, height: 800 },
	});
	await page.route("**/*", (route) => {
		const url = route.request().url();
		if (url.startsWith(`${baseUrl}/`) || url.startsWith("data:"))
			return route.continue();
		outside.push(url);
		return route.abort();
	});
	return { page, outside };
}

it("goes from the front page to the API reference, which lists the intake operations from this server alone", async () => {
	const { page, outside } = await localOnlyPage();
	await page.goto(`${baseUrl}/`);
	await docScreenshot(page, "front-door");
	await page.getByRole("link", { name: /接口文档/ }).click();
	await page.waitForURL(`${baseUrl}/api/docs/`);

	const createIssue = page.locator(".opblock-post .opblock-summary-path", {
		hasText: "/v1/issues",
	});
	await createIssue.first().waitFor({ timeout: 20_000 });
	await expect(
		page.locator(".opblock-get .opblock-summary-path").first().textContent(),
	).resolves.toContain("/v1/issues/");
	await docScreenshot(page, "api-reference");
	expect(outside).toEqual([]);
	await page.close();
});
