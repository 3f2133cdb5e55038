/**
 * The console login counts an attempt before it checks the password, so a burst of parallel guesses
 * gets no more evaluations than the limit; and behind a reverse proxy the address it counts by is
 * the one the proxy saw, not whatever a client writes at the front of X-Forwarded-For.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../../bot/config.ts";
import { setConsolePassword } from "../../../../bot/web/console/auth.ts";
import { startWebFixture, type WebFixture } from "./web-fixture.ts";

async function attempt(
	web: WebFixture,
	code: string,
	password: string,
	headers: Record<string, string> = {},
): Promise<number> {
	const { csrf, cookie } = await web.loginForm();
	const response = await fetch(`${web.url}/console/login`, {
		method: "POST",
		redirect: "manual",
		headers: {
			"content-type": "application/x-www-form-urlencoded",
			cookie,
			...headers,
		},
		body: new URLSearchParams({ _csrf: csrf, code, password }).toString(),
	});
	return response.status;
}

describe("parallel wrong passwords", () => {
	let web: WebFixture;
	beforeAll(async () => {
		web = await startWebFixture();
		await setConsolePassword(web.db, "shi-lei", "供电-right-password");
	});
	afterAll(async () => {
		await web?.close();
	});

	it("evaluate at most five of twenty sent at once on one account", async () => {
		const statuses = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				attempt(web, "shi-lei", `guess-${i}`),
			),
		);
		const evaluated = statuses.filter((s) => s === 401).length;
		expect(evaluated).toBeLessThanOrEqual(5);
		expect(statuses.filter((s) => s === 429).length).toBe(20 - evaluated);
		// The right password is refused too while the account is locked.
		expect(await attempt(web, "shi-lei", "供电-right-password")).toBe(429);
	});
});

describe.each(["on", "1"])(
	"behind one reverse proxy (TRUST_PROXY=%s)",
	(trustProxy) => {
		let web: WebFixture;
		beforeAll(async () => {
			web = await startWebFixture({ trustProxy });
		});
		afterAll(async () => {
			await web?.close();
		});

		it("counts by the address the proxy appended, whatever the client forged in front of it", async () => {
			const statuses: number[] = [];
			for (let i = 0; i < 21; i++)
				statuses.push(
					await attempt(web, `nobody-${i}`, "guess", {
						// The client wrote a new address each time; the proxy appended the one it saw.
						"x-forwarded-for": `198.51.100.${i}, 203.0.113.9`,
					}),
				);
			expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
			expect(statuses[20]).toBe(429);
			// Another client behind the same proxy is not held up.
			expect(
				await attempt(web, "nobody-else", "guess", {
					"x-forwarded-for": "203.0.113.10",
				}),
			).toBe(401);
		});
	},
);

describe("TRUST_PROXY", () => {
	it("takes off, on, a number of hops or proxy addresses, and refuses anything else", () => {
		for (const value of ["off", "on", "2", "127.0.0.1", "10.0.0.0/8, ::1"])
			expect(loadConfig({ TRUST_PROXY: value }).TRUST_PROXY).toBe(value);
		expect(loadConfig({}).TRUST_PROXY).toBe("off");
		expect(() => loadConfig({ TRUST_PROXY: "yes please" })).toThrow(
			/TRUST_PROXY/,
		);
	});
});
