import { and, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDirectoryCache } from "../../../bot/conversation/directory-cache.ts";
import { notifyIssueEvent } from "../../../bot/conversation/notify.ts";
import { createLogger } from "../../../bot/runtime/logger.ts";
import { createApiKey, revokeApiKey } from "../../../bot/web/api/keys.ts";
import { createApiRoutes } from "../../../bot/web/api/routes.ts";
import { createWebServer } from "../../../bot/web/server.ts";
import { people } from "../../../db/schema/directory.ts";
import { issues } from "../../../db/schema/issues.ts";
import { outbox } from "../../../db/schema/pipeline.ts";
import type { WakeUp } from "../../../workflows/escalation/plan-wake-up.ts";
import { applyCommand } from "../../../workflows/issues/apply-command.ts";
import { describeEachDriver } from "../../support/databases.ts";
import { importDemoDirectory } from "../../support/reports-fixture.ts";

const NOW = new Date("2026-03-02T02:00:00Z"); // Monday 10:00 in Shanghai

describeEachDriver("intake API", (database) => {
	let app: FastifyInstance;
	let key: string;
	const armed: WakeUp[] = [];

	beforeAll(async () => {
		const { db } = database();
		await importDemoDirectory(db);
		key = (await createApiKey(db, "12345-hotline")).key;
		app = await createWebServer({
			log: createLogger("test", () => {}),
			checkHealth: async () => ({}),
			mounts: [
				{
					prefix: "/api",
					plugin: createApiRoutes({
						db,
						log: createLogger("test", () => {}),
						locale: "zh-CN",
						directory: createDirectoryCache(),
						wakeUps: { arm: async (wakeUp) => void armed.push(wakeUp) },
						now: () => NOW,
					}),
				},
			],
		});
	});
	afterAll(async () => {
		await app?.close();
	});

	const post = (body: unknown, headers: Record<string, string> = {}) =>
		app.inject({
			method: "POST",
			url: "/api/v1/issues",
			headers: {
				authorization: `Bearer ${key}`,
				"content-type": "application/json",
				...headers,
			},
			payload: JSON.stringify(body),
		});

	const hotlineCall = {
		channel: "hotline_12345",
		enterprise: "三明鑫元精密机械有限公司",
		reporter: { name: "陈先生", phone: "13800000000" },
		text: "企业来电：厂区昨天停电三次，影响生产，请供电公司尽快处理",
	};

	it("registers and routes an issue, tells the group its number without naming the enterprise, and the office and department privately", async () => {
		const { db } = database();
		const response = await post(hotlineCall, {
			"idempotency-key": "call-0001",
		});
		expect(response.statusCode).toBe(201);
		const body = response.json();
		expect(body).toMatchObject({
			number: expect.stringMatching(/^2026-\d{6}$/),
			category: { code: "power", name: "用电" },
			urgency: "urgent",
			leadDepartment: { code: "power", name: "国网三明市三元区供电公司" },
			state: "dispatched",
			deadline: { acceptDueAt: expect.any(String), dueAt: null },
			announced: true,
		});
		const [issue] = await db
			.select()
			.from(issues)
			.where(eq(issues.number, body.number));
		expect(issue).toMatchObject({
			sourceChannel: "hotline_12345",
			sourceConversationId: "demo-industry",
		});
		expect(issue?.body).toContain("联系人：陈先生 13800000000");
		const sent = await db
			.select()
			.from(outbox)
			.where(and(eq(outbox.issueId, issue?.id ?? 0)));
		const textTo = (conversationId: string) =>
			(
				sent.find((m) => m.conversationId === conversationId)?.message as
					| { text: string; mentions: Array<{ externalId: string }> }
					| undefined
			)?.text ?? "";
		// The work group is read by the office's other enterprises: number, category and department only.
		const [inGroup] = sent.filter((m) => m.conversationId === "demo-industry");
		const group = inGroup?.message as {
			text: string;
			mentions: Array<{ externalId: string }>;
		};
		expect(group.text).toContain(body.number);
		expect(group.text).toContain("12345热线");
		expect(group.text).not.toContain("鑫元");
		expect(group.text).not.toContain(issue?.title ?? "?");
		expect(group.text).not.toContain("13800000000");
		// The power company's duty officer in the demo directory, not every official and its desk.
		expect(group.mentions.map((m) => m.externalId)).toEqual(["wang-qiang"]);
		// The industry office's staff and the power company's officials read who called, privately.
		for (const person of [
			"liu-jianping",
			"wu-xiaoyan",
			"shi-lei",
			"wang-qiang",
		]) {
			expect(textTo(person)).toContain(
				"【12345热线】三明鑫元精密机械有限公司反映的问题",
			);
			expect(textTo(person)).toContain(body.number);
		}
		// Not another office's staff, and not a department's shared account.
		expect(textTo("zhang-min")).toBe("");
		expect(textTo("power-duty")).toBe("");
	});

	it("puts the new issue on the escalation clock: its first wake-up is planned and armed", async () => {
		const { db } = database();
		const response = await post(
			{
				...hotlineCall,
				text: "企业来电：变压器跳闸，车间停电，请供电公司处理",
			},
			{ "idempotency-key": "call-clock" },
		);
		expect(response.statusCode).toBe(201);
		const [issue] = await db
			.select()
			.from(issues)
			.where(eq(issues.number, response.json().number));
		if (!issue?.nextWakeAt || !issue.acceptDueAt)
			throw new Error("the issue has no wake-up or no acceptance deadline");
		expect(issue.nextWakeAt.getTime()).toBeGreaterThan(NOW.getTime());
		expect(issue.nextWakeAt.getTime()).toBeLessThanOrEqual(
			issue.acceptDueAt.getTime(),
		);
		expect(armed).toContainEqual({
			issueId: issue.id,
			generation: issue.wakeGeneration,
			at: issue.nextWakeAt,
		});
	});

	it("answers a repeated idempotency key with the same issue, and refuses it with another body", async () => {
		const { db } = database();
		const first = await post(hotlineCall, { "idempotency-key": "call-0002" });
		const before = await db.select().from(issues);
		const again = await post(
			{ ...hotlineCall, reporter: { phone: "13800000000", name: "陈先生" } },
			{ "idempotency-key": "call-0002" },
		);
		expect(again.statusCode).toBe(200);
		expect(again.json().number).toBe(first.json().number);
		expect(await db.select().from(issues)).toHaveLength(before.length);
		const changed = await post(
			{ ...hotlineCall, text: "另一个问题：招工难" },
			{ "idempotency-key": "call-0002" },
		);
		expect(changed.statusCode).toBe(409);
	});

	it("names every missing or invalid field in one 400", async () => {
		const response = await post({
			channel: "fax",
			text: "",
			colour: "red",
			reporter: {},
		});
		expect(response.statusCode).toBe(400);
		const fields = response
			.json()
			.fields.map((f: { field: string }) => f.field);
		expect(fields).toEqual(
			expect.arrayContaining([
				"Idempotency-Key",
				"channel",
				"enterprise",
				"text",
				"colour",
				"reporter",
			]),
		);
		const empty = await app.inject({
			method: "POST",
			url: "/api/v1/issues",
			headers: { authorization: `Bearer ${key}`, "idempotency-key": "x" },
		});
		expect(empty.statusCode).toBe(400);
	});

	it("refuses an unknown enterprise or category without using up the idempotency key", async () => {
		const wrong = await post(
			{ ...hotlineCall, enterprise: "不存在的公司", category: "天气" },
			{ "idempotency-key": "call-0003" },
		);
		expect(wrong.statusCode).toBe(400);
		expect(wrong.json().fields.map((f: { field: string }) => f.field)).toEqual([
			"enterprise",
			"category",
		]);
		const fixed = await post(
			{
				...hotlineCall,
				enterprise: "xinyuan-machinery",
				category: "labour",
				urgency: "normal",
			},
			{ "idempotency-key": "call-0003" },
		);
		expect(fixed.statusCode).toBe(201);
		expect(fixed.json()).toMatchObject({
			category: { code: "labour" },
			urgency: "normal",
		});
	});

	it("refuses a missing, unknown or revoked key with 401", async () => {
		const { db } = database();
		expect(
			(
				await post(hotlineCall, {
					authorization: "Bearer nope",
					"idempotency-key": "k",
				})
			).statusCode,
		).toBe(401);
		const bare = await app.inject({
			method: "GET",
			url: "/api/v1/issues/2026-000001",
		});
		expect(bare.statusCode).toBe(401);
		const revoked = await createApiKey(db, "old-mini-program");
		await revokeApiKey(db, "old-mini-program");
		const response = await post(hotlineCall, {
			authorization: `Bearer ${revoked.key}`,
			"idempotency-key": "k",
		});
		expect(response.statusCode).toBe(401);
	});

	it("sends the issue's later notifications to the enterprise's group", async () => {
		const { db } = database();
		const created = await post(hotlineCall, { "idempotency-key": "call-0005" });
		const [issue] = await db
			.select()
			.from(issues)
			.where(eq(issues.number, created.json().number));
		const [official] = await db
			.select()
			.from(people)
			.where(eq(people.code, "shi-lei"));
		if (!issue || !official) throw new Error("seed missing");
		const directory = await createDirectoryCache().get(db);
		await db.transaction(async (tx) => {
			const result = await applyCommand(tx, {
				issueId: issue.id,
				command: { type: "accept" },
				actorPersonId: official.id,
				now: NOW,
				calendar: directory.calendar,
			});
			if (!result.ok) throw new Error("accept refused");
			await notifyIssueEvent(
				tx,
				directory,
				"zh-CN",
				result.issue,
				result.event,
				NOW,
			);
		});
		const messages = await db
			.select()
			.from(outbox)
			.where(eq(outbox.issueId, issue.id));
		expect(
			messages
				.filter((m) => m.conversationId === "demo-industry")
				.map((m) => m.dedupeKey.endsWith("accepted")),
		).toEqual([false, true]);
	});

	it("shows an issue by number", async () => {
		const created = await post(hotlineCall, { "idempotency-key": "call-0004" });
		const number = created.json().number;
		const shown = await app.inject({
			method: "GET",
			url: `/api/v1/issues/${number}`,
			headers: { authorization: `Bearer ${key}` },
		});
		expect(shown.statusCode).toBe(200);
		expect(shown.json()).toMatchObject({
			number,
			state: "dispatched",
			colour: "green",
		});
		const missing = await app.inject({
			method: "GET",
			url: "/api/v1/issues/2099-999999",
			headers: { authorization: `Bearer ${key}` },
		});
		expect(missing.statusCode).toBe(404);
	});

	it("shows a channel only the issues it registered", async () => {
		const { db } = database();
		const created = await post(hotlineCall, { "idempotency-key": "call-0005" });
		const number = created.json().number;
		const other = (await createApiKey(db, "mini-program")).key;
		const asOther = await app.inject({
			method: "GET",
			url: `/api/v1/issues/${number}`,
			headers: { authorization: `Bearer ${other}` },
		});
		expect(asOther.statusCode).toBe(404);
		expect(asOther.body).not.toContain("三明鑫元");
		// Nor an issue raised in a chat group, which no key registered.
		const [chatIssue] = await db
			.insert(issues)
			.values({
				number: "2026-777001",
				sourceChannel: "wechat",
				state: "awaiting_dispatch",
				title: "群里提的问题",
				body: "群里提的问题",
				policy: {},
			})
			.returning();
		const asHotline = await app.inject({
			method: "GET",
			url: `/api/v1/issues/${chatIssue?.number}`,
			headers: { authorization: `Bearer ${key}` },
		});
		expect(asHotline.statusCode).toBe(404);
		const asOwner = await app.inject({
			method: "GET",
			url: `/api/v1/issues/${number}`,
			headers: { authorization: `Bearer ${key}` },
		});
		expect(asOwner.statusCode).toBe(200);
	});

	it("serves its OpenAPI document", async () => {
		const response = await app.inject({
			method: "GET",
			url: "/api/openapi.json",
		});
		expect(response.statusCode).toBe(200);
		const doc = JSON.parse(response.body);
		expect(doc.openapi).toBe("3.1.0");
		expect(Object.keys(doc.paths)).toEqual([
			"/v1/issues",
			"/v1/issues/{number}",
		]);
		const request = doc.components.schemas.IntakeRequest;
		expect(request.required).toEqual(
			expect.arrayContaining(["channel", "enterprise", "text"]),
		);
		expect(request.properties.channel.enum).toContain("hotline_12345");
	});
});
