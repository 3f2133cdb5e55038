/**
 * Messages a platform refused for good are shown in the console, with the group they were for and
 * why: to the administrators all of them, to the service offices, leaders in charge and supervisors
 * those about the issues they may read — the dispatcher then tells the people concerned by phone.
 * Officials and enterprises do not see the page.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceOffices } from "../../../../db/schema/directory.ts";
import { issues } from "../../../../db/schema/issues.ts";
import { outbox } from "../../../../db/schema/pipeline.ts";
import { startWebFixture, type WebFixture } from "./web-fixture.ts";

let web: WebFixture;
beforeAll(async () => {
	web = await startWebFixture();
	await web.setRoles("yu-min", ["admin"]);
	const officeId = async (code: string) => {
		const [office] = await web.db
			.select({ id: serviceOffices.id })
			.from(serviceOffices)
			.where(eq(serviceOffices.code, code));
		if (!office) throw new Error(`no office ${code}`);
		return office.id;
	};
	const [industryIssue, servicesIssue] = await web.db
		.insert(issues)
		.values([
			{
				number: "2026-000007",
				sourceChannel: "playground",
				title: "厂区停电",
				body: "厂区停电",
				state: "dispatched",
				policy: {},
				officeId: await officeId("industry"),
			},
			{
				number: "2026-000008",
				sourceChannel: "playground",
				title: "门店招牌审批",
				body: "门店招牌审批",
				state: "dispatched",
				policy: {},
				officeId: await officeId("services"),
			},
		])
		.returning({ id: issues.id });
	const refused = (
		key: string,
		text: string,
		issueId: number | null = null,
	) => ({
		dedupeKey: key,
		platform: "playground" as const,
		conversationId: "demo-industry",
		issueId,
		message: { conversationId: "demo-industry", text },
		lastError: "rejected (conversation_not_found): the group was dissolved",
		failedAt: new Date(),
	});
	await web.db.insert(outbox).values([
		refused(
			"refused-industry",
			"#2026-000007 已由供电公司受理",
			industryIssue?.id,
		),
		refused(
			"refused-services",
			"#2026-000008 已由市场监管局受理",
			servicesIssue?.id,
		),
		refused("refused-briefing", "本月简报已生成"),
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

const ALL_REFUSED = [
	"已由供电公司受理",
	"已由市场监管局受理",
	"本月简报已生成",
];

async function refusedOn(code: string): Promise<string[]> {
	const page = await get("/console/send-failures", code);
	expect(page.status, code).toBe(200);
	const body = await page.text();
	expect(body).not.toContain("一条已经送达的消息");
	return ALL_REFUSED.filter((text) => body.includes(text));
}

describe("the console's send failures", () => {
	it("lists every refused message with its group and reason for an administrator, and not one that was sent", async () => {
		const page = await get("/console/send-failures", "yu-min");
		expect(page.status).toBe(200);
		const body = await page.text();
		expect(body).toContain("conversation_not_found");
		expect(body).toContain("工业企业服务群");
		expect(await refusedOn("yu-min")).toEqual(ALL_REFUSED);
	});

	it("shows a service office the refusals about its own office's issues, each linked to the issue", async () => {
		expect(await refusedOn("liu-jianping")).toEqual(["已由供电公司受理"]);
		expect(await refusedOn("zhang-min")).toEqual(["已由市场监管局受理"]);
		const body = await (
			await get("/console/send-failures", "liu-jianping")
		).text();
		expect(body).toContain('href="/console/issues/2026-000007"');
	});

	it("shows a supervisor the refusals about issues, not the bot's other messages", async () => {
		expect(await refusedOn("luo-xiaodong")).toEqual([
			"已由供电公司受理",
			"已由市场监管局受理",
		]);
	});

	it("is not open to officials or enterprises, nor without signing in", async () => {
		for (const code of ["wu-qinghua", "chen-guodong"]) {
			const page = await get("/console/send-failures", code);
			expect([302, 403], code).toContain(page.status);
			expect(await page.text()).not.toContain("已由");
		}
		expect((await get("/console/send-failures")).status).toBe(302);
	});
});
