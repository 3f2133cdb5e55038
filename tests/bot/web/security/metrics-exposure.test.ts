/**
 * /metrics beyond loopback: without METRICS_TOKEN it would tell anyone the issue counts and queue
 * depths, so it answers 401 until a token is configured; on loopback it stays open for a local scraper.
 */
import { afterEach, expect, it } from "vitest";
import { startWebFixture, type WebFixture } from "./web-fixture.ts";

let web: WebFixture | undefined;
afterEach(async () => {
	await web?.close();
	web = undefined;
});

const scrape = (authorization?: string) =>
	fetch(`${web?.url}/metrics`, {
		headers: authorization ? { authorization } : {},
	});

it("answers 401 without a token when HOST is not loopback, and says how to set one", async () => {
	web = await startWebFixture({ host: "0.0.0.0" });
	const refused = await scrape();
	expect(refused.status).toBe(401);
	expect(await refused.text()).toContain("METRICS_TOKEN");
	expect(web.logs.join("\n")).toContain("METRICS_TOKEN");
});

it("serves a scrape with the token when HOST is not loopback", async () => {
	web = await startWebFixture({
		host: "0.0.0.0",
		metricsToken: "scrape-token-0123456789",
	});
	expect((await scrape()).status).toBe(401);
	const served = await scrape("Bearer scrape-token-0123456789");
	expect(served.status).toBe(200);
	expect(await served.text()).toContain("qinqing_issues");
});

it("stays open on loopback without a token", async () => {
	web = await startWebFixture({ host: "127.0.0.1" });
	expect((await scrape()).status).toBe(200);
});
