/**
 * Messages a platform refused for good are shown to the administrators in the console, with the group
 * they were for and why; nobody else sees them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "../../../../db/schema/pipeline.ts";
import { startWebFixture, type WebFixture } from "./web-fixture.ts";

let web: WebFixture;
beforeAll(async () => {
	web = await startWebFixture();
	await web.setRoles("yu-min", ["admin"]);
	await web.db.insert(outbox).values([
		{
			dedupeKey: "refused-1",
			platform: "playground",
			conversationId: "demo-industry",
			message: {
				conversationId: "demo-industry",
				text: "#2026-000007 已由供电公司受理",
			},
			lastError: "rejected (conversation_not_found): the group was dissolved",
			failedAt: new Date(),
		},
		{
			dedupeKey: "sent-1",
			platform: "playground",
			conversationId: "demo-industry",
			message: { conversationId: "demo-industry", text: "一条已经送达的消息" },
			sentAt: new Date(),
		},
	]);
});
afterAll(async () => {
	await web?.close();
});

const get = async (path: string, code?: string) =>
	fetch(`${web.url}${path}`, {
		redirect: "manual",
		headers: code ? { cookie: await web.cookieOf(code) } : {},
	});

describe("the console's send failures", () => {
	it("lists a refused message with its group and reason for an administrator, and not one that was sent", async () => {
		const page = await get("/console/send-failures", "yu-min");
		expect(page.status).toBe(200);
		const body = await page.text();
		expect(body).toContain("已由供电公司受理");
		expect(body).toContain("conversation_not_found");
		expect(body).toContain("工业企业服务群");
		expect(body).not.toContain("一条已经送达的消息");
	});

	it("is not open to office staff, officials or supervisors, nor without signing in", async () => {
		for (const code of ["liu-jianping", "wu-qinghua", "luo-xiaodong"]) {
			const page = await get("/console/send-failures", code);
			expect(page.status, code).toBe(403);
			expect(await page.text()).not.toContain("已由供电公司受理");
		}
		expect((await get("/console/send-failures")).status).toBe(302);
	});
});
