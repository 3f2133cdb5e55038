/**
 * Per-address limits on the open paths: the intake API and the board refuse a flood from one address
 * with 429 and Retry-After, and still serve another address; the playground limits posts likewise.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestBot, type TestBot } from "../../../support/bot-harness.ts";
import { startWebFixture, type WebFixture } from "./web-fixture.ts";

async function flood(
	send: () => Promise<Response>,
	n: number,
): Promise<Response[]> {
	const responses: Response[] = [];
	for (let i = 0; i < n; i++) responses.push(await send());
	return responses;
}

describe("the intake API and the board", () => {
	let web: WebFixture;
	beforeAll(async () => {
		web = await startWebFixture({ trustProxy: "on" });
	});
	afterAll(async () => {
		await web?.close();
	});

	const from = (address: string) => ({ "x-forwarded-for": address });

	it("refuse the 61st API request in a minute from one address with 429 and Retry-After", async () => {
		const post = (address: string) =>
			fetch(`${web.url}/api/v1/issues`, {
				method: "POST",
				headers: { "content-type": "application/json", ...from(address) },
				body: "{}",
			});
		const responses = await flood(() => post("203.0.113.5"), 61);
		expect(responses.slice(0, 60).every((r) => r.status === 401)).toBe(true);
		const refused = responses[60];
		expect(refused?.status).toBe(429);
		expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThan(0);
		expect((await post("203.0.113.6")).status).toBe(401);
	});

	it("refuse a flood of board requests from one address, not from another", async () => {
		const get = (address: string) =>
			fetch(`${web.url}/board/rows.json`, { headers: from(address) });
		// 120 at once, then the sustained 2 a second: a few more may slip in while the flood runs.
		const responses = await flood(() => get("203.0.113.7"), 130);
		expect(responses.slice(0, 120).every((r) => r.status === 200)).toBe(true);
		const refused = responses.slice(120).find((r) => r.status === 429);
		expect(refused?.headers.get("retry-after")).toBeTruthy();
		expect((await get("203.0.113.8")).status).toBe(200);
	});
});

describe("the playground", () => {
	let bot: TestBot;
	beforeAll(async () => {
		bot = await startTestBot({ driver: "postgres", env: { PLAYGROUND: "on" } });
	});
	afterAll(async () => {
		await bot?.close();
	});

	it("refuses the 61st post in a minute from one address with 429 and Retry-After", async () => {
		const post = () =>
			fetch(`${bot.url}/playground/api/conversations/demo-industry/messages`, {
				method: "POST",
				headers: { "content-type": "application/json" },
				// Refused as empty: the limit counts every post, answered or not.
				body: JSON.stringify({ authorId: "chen-guodong", text: "" }),
			});
		const responses = await flood(post, 61);
		expect(responses.slice(0, 60).every((r) => r.status === 400)).toBe(true);
		expect(responses[60]?.status).toBe(429);
		expect(responses[60]?.headers.get("retry-after")).toBeTruthy();
		// Reading is not limited by it.
		expect(
			(
				await fetch(
					`${bot.url}/playground/api/conversations/demo-industry/messages`,
				)
			).status,
		).toBe(200);
	});
});
