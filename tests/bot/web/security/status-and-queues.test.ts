/**
 * /status tells anyone how the chat connections are, but the WeChat login QR code (which logs the
 * bot's account in for whoever scans it) only appears in the console, for administrators and office
 * staff. Bull Board is for administrators and read-only: a forged or replayed job cannot be added,
 * retried, promoted or cleaned through it.
 */
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INBOUND_QUEUE } from "../../../../bot/pipeline/inbound-queue.ts";
import { TEST_REDIS } from "../../../support/redis.ts";
import { startWebFixture, type WebFixture } from "./web-fixture.ts";

const QR_URL = "https://login.weixin.qq.com/l/qinqing-test-qr-4711";

let web: WebFixture;
beforeAll(async () => {
	web = await startWebFixture();
	await web.setRoles("yu-min", ["admin"]);
	web.status.setQr("wechat", QR_URL);
});
afterAll(async () => {
	await web?.close();
});

const get = (path: string, cookie?: string, accept = "text/html") =>
	fetch(`${web.url}${path}`, {
		redirect: "manual",
		headers: { accept, ...(cookie ? { cookie } : {}) },
	});

describe("the WeChat login QR code", () => {
	it("is not on /status for an anonymous visitor, who is told where it is", async () => {
		const page = await get("/status/");
		expect(page.status).toBe(200);
		const body = await page.text();
		expect(body).toContain("scanning");
		expect(body).not.toContain(QR_URL);
		expect(body).not.toContain("login QR code");
		expect(body).toContain("/console/connections");
		expect(
			await (await get("/status/", undefined, "application/json")).text(),
		).not.toContain(QR_URL);
	});

	it("is shown in the console to office staff and administrators", async () => {
		for (const code of ["liu-jianping", "yu-min"]) {
			const page = await get("/console/connections", await web.cookieOf(code));
			expect(page.status, code).toBe(200);
			expect(await page.text()).toContain(QR_URL);
		}
	});

	it("is not shown to an official, a supervisor or someone not signed in", async () => {
		for (const code of ["wu-qinghua", "luo-xiaodong"]) {
			const page = await get("/console/connections", await web.cookieOf(code));
			expect(page.status, code).toBe(403);
			expect(await page.text()).not.toContain(QR_URL);
		}
		const anonymous = await get("/console/connections");
		expect(anonymous.status).toBe(302);
	});
});

describe("Bull Board", () => {
	let queue: Queue;
	let delayedJobId = "";

	beforeAll(async () => {
		queue = new Queue(INBOUND_QUEUE, {
			connection: TEST_REDIS,
			prefix: web.prefix,
		});
		// A delayed job, so there is something to promote, retry or clean.
		const job = await queue.add(
			"inbound",
			{ forged: true },
			{ delay: 3_600_000 },
		);
		delayedJobId = job.id ?? "";
	});
	afterAll(async () => {
		await queue?.close();
	});

	const api = (method: string, path: string, cookie: string, body?: unknown) =>
		fetch(`${web.url}/console/queues/api${path}`, {
			method,
			redirect: "manual",
			headers: { cookie, "content-type": "application/json" },
			...(body === undefined ? {} : { body: JSON.stringify(body) }),
		});

	it("shows the queues to an administrator", async () => {
		const response = await api("GET", "/queues", await web.cookieOf("yu-min"));
		expect(response.status).toBe(200);
		expect(await response.text()).toContain(INBOUND_QUEUE);
	});

	it("is not open to a supervisor", async () => {
		const response = await api(
			"GET",
			"/queues",
			await web.cookieOf("luo-xiaodong"),
		);
		expect(response.status).toBe(403);
	});

	it("refuses to add, retry, promote, clean or empty, even for an administrator", async () => {
		const admin = await web.cookieOf("yu-min");
		const attempts: Array<[string, string, unknown?]> = [
			[
				"POST",
				`/queues/${INBOUND_QUEUE}/add`,
				{ name: "inbound", data: { forged: true } },
			],
			["PUT", `/queues/${INBOUND_QUEUE}/retry/failed`],
			["PUT", `/queues/${INBOUND_QUEUE}/promote`],
			["PUT", `/queues/${INBOUND_QUEUE}/${delayedJobId}/promote`],
			["PUT", `/queues/${INBOUND_QUEUE}/clean/delayed`],
			["PUT", `/queues/${INBOUND_QUEUE}/${delayedJobId}/clean`],
			["PUT", `/queues/${INBOUND_QUEUE}/empty`],
			["PUT", `/queues/${INBOUND_QUEUE}/pause`],
		];
		for (const [method, path, body] of attempts) {
			const response = await api(method, path, admin, body);
			expect(response.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
		}
		expect(await queue.getJobCounts("delayed", "waiting")).toEqual({
			delayed: 1,
			waiting: 0,
		});
		expect(await queue.isPaused()).toBe(false);
	});
});
