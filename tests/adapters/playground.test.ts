import { afterEach, describe, expect, it } from "vitest";
import type { PlaygroundMessage } from "../../adapters/playground/types.ts";
import type { IssueCard } from "../../bot/messages.ts";
import {
	openEvents,
	type PlaygroundServer,
	postMessage,
	startPlaygroundServer,
} from "./playground-fixture.ts";

const industry = "pg-group-industry";
const card: IssueCard = {
	issueNumber: "SY-2024-0173",
	title: "新厂房用电增容迟迟未批",
	state: "dispatched",
	stateLabel: "已派单",
	colour: "yellow",
	leadDepartment: "国网三元供电公司",
	dueAt: "2024-06-14T09:00:00.000Z",
	actions: [{ command: "受理 SY-2024-0173", label: "受理" }],
};

let server: PlaygroundServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

async function historyOf(conversationId: string): Promise<PlaygroundMessage[]> {
	if (!server) throw new Error("no server");
	const response = await fetch(
		`${server.baseUrl}/api/conversations/${conversationId}/messages`,
	);
	return ((await response.json()) as { messages: PlaygroundMessage[] })
		.messages;
}

describe("playground adapter over HTTP", () => {
	it("hands a person's post to the bot as an inbound message of that person in that group", async () => {
		server = await startPlaygroundServer();
		const posted = await postMessage(server, industry, {
			authorId: "E-zhangwei",
			text: "新厂房的用电增容申请提交一个月了还没批",
			mentionIds: ["O-liqiang", "qinqing-bot"],
		});

		expect(posted.status).toBe(200);
		expect(posted.body.messageId).toMatch(/^pg-\d+-[0-9a-f]+$/);
		expect(server.received).toEqual([
			expect.objectContaining({
				platform: "playground",
				messageId: posted.body.messageId,
				conversationId: industry,
				conversationTitle: "三元区工业企业服务群",
				direct: false,
				author: { externalId: "E-zhangwei", displayName: "张伟", isBot: false },
				text: "新厂房的用电增容申请提交一个月了还没批",
				mentions: [
					{ externalId: "O-liqiang", kind: "user", displayName: "李强" },
					{ externalId: "qinqing-bot", kind: "user", displayName: "亲清助手" },
				],
				attachments: [],
			}),
		]);
		const [shown] = await historyOf(industry);
		expect(shown).toMatchObject({
			id: posted.body.messageId,
			author: { name: "张伟", roleLabel: "企业", isBot: false },
		});
	});

	it("quotes the replied message to the bot", async () => {
		server = await startPlaygroundServer();
		const first = await postMessage(server, industry, {
			authorId: "E-zhangwei",
			text: "招工难，缺二十个焊工",
		});
		await postMessage(server, industry, {
			authorId: "O-wangfang",
			text: "收到，下周招聘会给您留展位",
			replyToMessageId: first.body.messageId,
		});

		expect(server.received[1]?.replyTo).toEqual({
			messageId: first.body.messageId,
			quotedText: "招工难，缺二十个焊工",
		});
	});

	it.each([
		[
			"an unknown person",
			industry,
			{ authorId: "nobody", text: "你好" },
			"unknown_person",
			/nobody/,
		],
		[
			"an unknown group",
			"no-such-group",
			{ authorId: "E-zhangwei", text: "你好" },
			"unknown_group",
			/no-such-group/,
		],
		[
			"an empty text",
			industry,
			{ authorId: "E-zhangwei", text: "  \n " },
			"empty_text",
			/empty/,
		],
		[
			"a text over 10 000 characters",
			industry,
			{ authorId: "E-zhangwei", text: "问".repeat(10_001) },
			"text_too_long",
			/10001/,
		],
		[
			"a missing author",
			industry,
			{ text: "你好" },
			"invalid_body",
			/authorId/,
		],
		[
			"a mention of someone not in the directory",
			industry,
			{ authorId: "E-zhangwei", text: "你好", mentionIds: ["ghost"] },
			"unknown_mention",
			/ghost/,
		],
		[
			"a reply to a message that does not exist",
			industry,
			{ authorId: "E-zhangwei", text: "你好", replyToMessageId: "pg-1-ff" },
			"unknown_reply",
			/pg-1-ff/,
		],
	])(
		"refuses %s with 400 naming the problem, and tells the bot nothing",
		async (_case, conversationId, body, code, message) => {
			server = await startPlaygroundServer();
			const posted = await postMessage(server, conversationId, body);

			expect(posted.status).toBe(400);
			expect(posted.body.error).toEqual({
				code,
				message: expect.stringMatching(message),
			});
			expect(server.received).toEqual([]);
		},
	);

	it("accepts a text of exactly 10 000 characters", async () => {
		server = await startPlaygroundServer();
		const posted = await postMessage(server, industry, {
			authorId: "E-zhangwei",
			text: "问".repeat(10_000),
		});
		expect(posted.status).toBe(200);
	});

	it("shows the bot's message with its mentions resolved to names and its card, and never hands it to the bot", async () => {
		server = await startPlaygroundServer();
		const sent = await server.adapter.send({
			platform: "playground",
			conversationId: industry,
			text: "已派单给国网三元供电公司，请在 3 个工作日内受理。",
			mentions: [
				{ externalId: "O-liqiang", kind: "user" },
				{ externalId: "E-zhangwei", kind: "user" },
			],
			card,
		});

		const [shown] = await historyOf(industry);
		expect(shown).toMatchObject({
			id: sent.messageId,
			author: { name: "亲清助手", isBot: true },
			mentions: [
				{ externalId: "O-liqiang", name: "李强", kind: "user" },
				{ externalId: "E-zhangwei", name: "张伟", kind: "user" },
			],
			card,
		});
		expect(server.received).toEqual([]);
	});

	it("updates a bot message in place when a later one replaces it", async () => {
		server = await startPlaygroundServer();
		const first = await server.adapter.send({
			platform: "playground",
			conversationId: industry,
			text: "事项已登记",
			mentions: [],
			card,
		});
		const events = await openEvents(server, industry);
		const second = await server.adapter.send({
			platform: "playground",
			conversationId: industry,
			text: "事项已受理",
			mentions: [],
			card: {
				...card,
				state: "accepted",
				stateLabel: "已受理",
				colour: "green",
			},
			replaces: { messageId: first.messageId },
		});

		expect(second.messageId).toBe(first.messageId);
		const shown = await historyOf(industry);
		expect(shown).toHaveLength(1);
		expect(shown[0]).toMatchObject({
			text: "事项已受理",
			card: { stateLabel: "已受理" },
			editedAt: expect.any(String),
		});
		expect(await events.next()).toMatchObject({
			event: "update",
			data: { id: first.messageId, text: "事项已受理" },
		});
		events.close();
	});

	it("streams every new message of the group, from people and from the bot, to other tabs", async () => {
		server = await startPlaygroundServer();
		const events = await openEvents(server, industry);
		const otherGroup = await openEvents(server, "pg-group-leaders");
		expect(events.contentType).toMatch(/^text\/event-stream/);

		await postMessage(server, "pg-group-leaders", {
			authorId: "L-liuyang",
			text: "明天开联席会议",
		});
		await postMessage(server, industry, {
			authorId: "E-sunli",
			text: "污水管网接入的事有进展吗？",
		});
		await server.adapter.send({
			platform: "playground",
			conversationId: industry,
			text: "已转告区住建局",
			mentions: [],
		});

		expect(await events.next()).toMatchObject({
			event: "message",
			data: { text: "污水管网接入的事有进展吗？", author: { name: "孙丽" } },
		});
		expect(await events.next()).toMatchObject({
			event: "message",
			data: { text: "已转告区住建局", author: { isBot: true } },
		});
		expect(await otherGroup.next()).toMatchObject({
			data: { text: "明天开联席会议" },
		});
		events.close();
		otherGroup.close();
	});

	it("ends open event streams when the web server shuts down, so it can close", async () => {
		server = await startPlaygroundServer();
		const events = await openEvents(server, industry);
		await server.app.close();

		await expect(events.next()).rejects.toThrow("event stream ended");
	});

	it("redelivers a retried post as the same message with the same id, shown once", async () => {
		server = await startPlaygroundServer();
		const body = {
			authorId: "E-zhangwei",
			text: "融资贷款什么时候能批？",
			clientMessageId: "tab1-42",
		};
		const first = await postMessage(server, industry, body);
		const retry = await postMessage(server, industry, body);

		expect(retry.body.messageId).toBe(first.body.messageId);
		expect(server.received.map((message) => message.messageId)).toEqual([
			first.body.messageId,
			first.body.messageId,
		]);
		expect(await historyOf(industry)).toHaveLength(1);
	});

	it("delivers an undelivered message when it is sent again once the bot is back", async () => {
		let botDown = true;
		server = await startPlaygroundServer({
			sink: () => async () => {
				if (botDown) throw new Error("Redis is down");
			},
		});
		const body = {
			authorId: "E-zhangwei",
			text: "在吗",
			clientMessageId: "tab1-7",
		};
		const failed = await postMessage(server, industry, body);
		expect(failed.status).toBe(503);
		expect(failed.body.error).toMatchObject({ code: "bot_unavailable" });
		expect((await historyOf(industry))[0]).toMatchObject({
			text: "在吗",
			undelivered: true,
		});

		botDown = false;
		const resent = await postMessage(server, industry, body);

		expect(resent.status).toBe(200);
		const shown = await historyOf(industry);
		expect(shown).toHaveLength(1);
		expect(shown[0]?.undelivered).toBeUndefined();
	});

	it("keeps only the most recent messages of a group for the screen", async () => {
		server = await startPlaygroundServer({ historyLimit: 3 });
		for (const text of ["一", "二", "三", "四", "五"]) {
			await postMessage(server, industry, { authorId: "E-zhangwei", text });
		}
		expect((await historyOf(industry)).map((message) => message.text)).toEqual([
			"三",
			"四",
			"五",
		]);
	});

	it("serves the page, its state and redirects to the trailing slash", async () => {
		server = await startPlaygroundServer();
		const bare = await fetch(server.baseUrl, { redirect: "manual" });
		expect(bare.status).toBe(302);
		expect(bare.headers.get("location")).toBe("/playground/");

		const page = await fetch(`${server.baseUrl}/`);
		expect(page.headers.get("content-type")).toMatch(/text\/html/);
		expect(await page.text()).toContain("我是");
		const state = (await (
			await fetch(`${server.baseUrl}/api/state`)
		).json()) as Record<string, unknown>;
		expect(state).toMatchObject({
			bot: { name: "亲清助手" },
			groups: [{ name: "三元区工业企业服务群" }, {}],
		});
		expect(state.people).toHaveLength(7);
	});

	it("takes a person's post in their direct chat with the bot as a direct message, and shows the bot's answer there", async () => {
		server = await startPlaygroundServer();
		const posted = await postMessage(server, "L-liuyang", {
			authorId: "L-liuyang",
			text: "待办",
		});
		expect(posted.status).toBe(200);
		expect(server.received).toEqual([
			expect.objectContaining({
				conversationId: "L-liuyang",
				direct: true,
				author: { externalId: "L-liuyang", displayName: "刘洋", isBot: false },
				text: "待办",
			}),
		]);
		expect(server.received[0]?.conversationTitle).toBeUndefined();

		await server.adapter.send({
			platform: "playground",
			conversationId: "L-liuyang",
			text: "【超期提醒】2026-000012 已超期 2 个工作日",
			mentions: [],
		});
		const shown = await historyOf("L-liuyang");
		expect(shown.map((m) => [m.author.isBot, m.text])).toEqual([
			[false, "待办"],
			[true, "【超期提醒】2026-000012 已超期 2 个工作日"],
		]);
		// Nothing of it in any group.
		expect(await historyOf(industry)).toEqual([]);
	});

	it("refuses a post in someone else's direct chat, naming whose it is", async () => {
		server = await startPlaygroundServer();
		const posted = await postMessage(server, "L-liuyang", {
			authorId: "E-zhangwei",
			text: "领导您好",
		});
		expect(posted.status).toBe(400);
		expect(posted.body.error).toMatchObject({
			code: "not_your_chat",
			message: expect.stringContaining("刘洋"),
		});
		expect(server.received).toEqual([]);
	});

	it("refuses a message for a group the playground does not have", async () => {
		server = await startPlaygroundServer();
		await expect(
			server.adapter.send({
				platform: "playground",
				conversationId: "gone",
				text: "hi",
				mentions: [],
			}),
		).rejects.toMatchObject({
			code: "platform_rejected",
			platformCode: "unknown_group",
		});
	});
});
