import {
	afterEach,
	beforeEach,
	describe,
	expect,
	it,
	onTestFinished,
	vi,
} from "vitest";
import { types } from "wechaty";
import { createWechatAdapter } from "../../adapters/wechat/index.ts";
import { PlatformRejectedError } from "../../bot/adapter.ts";
import {
	createWechatyMockGroup,
	MOCK_LOGIN_QR,
	type WechatyMockGroup,
} from "../support/wechaty-mock.ts";
import {
	createSinkRecorder,
	runAdapterContract,
	type SinkRecorder,
} from "./contract.ts";

runAdapterContract(
	"wechat on wechaty-puppet-mock",
	async () => (await createWechatyMockGroup()).harness,
);

describe("wechat adapter", () => {
	let group: WechatyMockGroup;
	let inbox: SinkRecorder;

	beforeEach(async () => {
		group = await createWechatyMockGroup();
		inbox = createSinkRecorder();
		await group.harness.adapter.start(inbox.sink);
		await group.harness.ready();
	});

	afterEach(async () => {
		await group.harness.close();
	});

	const send = (
		conversationId: string,
		text: string,
		mentionIds: string[] = [],
	) =>
		group.harness.adapter.send({
			platform: "wechat",
			conversationId,
			text,
			mentions: mentionIds.map((externalId) => ({
				externalId,
				kind: "user" as const,
			})),
		});

	it("names the group by its topic and the author by their name", async () => {
		group.members.chen.say("环评批复什么时候能下来？").to(group.room);

		const message = await inbox.waitFor(
			(m) => m.text === "环评批复什么时候能下来？",
			"陈总's question",
		);
		expect(message.conversationTitle).toBe("三元区政企服务群");
		expect(message.author).toEqual({
			externalId: group.members.chen.id,
			displayName: "陈总",
			isBot: false,
		});
	});

	it("splits a quote reply into the quoted text and the reply", async () => {
		group.members.zhang
			.say(
				"「王科长：请提供营业执照复印件」\n- - - - - - - - - - - - - - -\n已经发到您邮箱了",
			)
			.to(group.room);

		const message = await inbox.waitFor(
			(m) => m.author.externalId === group.members.zhang.id,
			"张三's reply",
		);
		expect(message.text).toBe("已经发到您邮箱了");
		expect(message.replyTo).toEqual({ quotedText: "请提供营业执照复印件" });
	});

	it("delivers an image as an attachment placeholder", async () => {
		const id = group.postPayload({
			talkerId: group.members.zhang.id,
			roomId: group.room.id,
			type: types.Message.Image,
			mentionIdList: [],
		});

		const message = await inbox.waitFor((m) => m.messageId === id, "the image");
		expect(message.text).toBe("");
		expect(message.attachments).toEqual([{ kind: "image" }]);
	});

	it("removes the bot's mention from the text and keeps the others as data", async () => {
		const { botContact, members } = group;
		members.zhang
			.say("@亲清助手\u2005@王科长\u2005厂区停电三天了", [
				botContact,
				members.wang,
			])
			.to(group.room);

		const message = await inbox.waitFor(
			(m) => m.author.externalId === members.zhang.id,
			"the message mentioning the bot",
		);
		expect(message.text).toBe("@王科长\u2005厂区停电三天了");
		expect(message.mentions).toEqual([
			{ externalId: botContact.id, kind: "user", displayName: "亲清助手" },
			{ externalId: members.wang.id, kind: "user", displayName: "王科长" },
		]);
	});

	it("delivers a direct message and answers in the same chat", async () => {
		group.members.chen.say("私聊问一下补贴的事").to(group.botContact);
		const message = await inbox.waitFor(
			(m) => m.text === "私聊问一下补贴的事",
			"the direct message",
		);
		expect(message.direct).toBe(true);
		expect(message.conversationId).toBe(group.members.chen.id);

		const result = await send(message.conversationId, "请在群里提出，便于督办");

		expect(result.messageId).not.toBe("");
		expect(await group.harness.sent()).toContainEqual({
			text: "请在群里提出，便于督办",
			mentionedIds: [],
			conversationId: group.members.chen.id,
		});
	});

	it("appends an issue card as plain text lines", async () => {
		await group.harness.adapter.send({
			platform: "wechat",
			conversationId: group.room.id,
			text: "已派单",
			mentions: [],
			card: {
				issueNumber: "SY-0012",
				title: "厂区道路积水",
				state: "dispatched",
				stateLabel: "已派单",
				colour: "yellow",
				leadDepartment: "住建局",
				dueAt: "2024-05-06T09:00:00.000Z",
				actions: [{ command: "受理", label: "受理" }],
			},
		});

		const [sent] = await group.harness.sent();
		expect(sent?.text).toBe(
			"已派单\n\n🟡 #SY-0012 厂区道路积水\n已派单 · 住建局 · 2024-05-06 17:00\n▸ 受理：#SY-0012 受理",
		);
	});

	it("ignores history older than the bot's start", async () => {
		group.postPayload({
			talkerId: group.members.zhang.id,
			roomId: group.room.id,
			text: "昨天的旧消息",
			timestamp: Date.now() - 24 * 60 * 60 * 1000,
			mentionIdList: [],
		});
		group.members.zhang.say("今天的新消息").to(group.room);

		await inbox.waitFor((m) => m.text === "今天的新消息", "the new message");
		expect(inbox.messages.map((m) => m.text)).toEqual(["今天的新消息"]);
	});

	it("ignores official-account pushes", async () => {
		const account = group.mocker.createContact({
			name: "三元发布",
			type: types.Contact.Official,
		});
		account.say("今日要闻").to(group.botContact);
		group.members.zhang.say("在吗").to(group.botContact);

		await inbox.waitFor((m) => m.text === "在吗", "the person's message");
		expect(inbox.messages.map((m) => m.text)).toEqual(["在吗"]);
	});

	it("refuses to send to an unknown room or to mention an unknown contact", async () => {
		await expect(send("nobody@chatroom", "hi")).rejects.toBeInstanceOf(
			PlatformRejectedError,
		);
		await expect(
			send(group.room.id, "hi", ["wxid_gone"]),
		).rejects.toMatchObject({
			code: "platform_rejected",
			platformCode: "mention_not_found",
		});
		expect(await group.harness.sent()).toEqual([]);
	});

	it("reports the QR code, login and logout, and cannot send while logged out", async () => {
		expect(group.loginQrs).toEqual([MOCK_LOGIN_QR]);
		expect(group.statuses).toEqual([
			{ state: "scanning", detail: "Waiting" },
			{ state: "logged_in", user: "亲清助手" },
		]);

		await group.puppet.logout("session expired");
		await vi.waitFor(() => expect(group.statuses).toHaveLength(3));
		await expect(send(group.room.id, "hi")).rejects.toThrow(/not logged in/);
		await expect(send(group.room.id, "hi")).rejects.not.toBeInstanceOf(
			PlatformRejectedError,
		);

		group.mocker.login(group.botContact);
		await vi.waitFor(() => expect(group.statuses).toHaveLength(4));
		expect(group.statuses.slice(2)).toEqual([
			{ state: "logged_out", user: "亲清助手", detail: "session expired" },
			{ state: "logged_in", user: "亲清助手" },
		]);
		await send(group.room.id, "又上线了");
		expect((await group.harness.sent()).map((m) => m.text)).toEqual([
			"又上线了",
		]);
	});
});

describe("wechat adapter with a puppet given by name", () => {
	it("loads the puppet package and refuses to send before anyone scans the QR code", async () => {
		const adapter = createWechatAdapter({
			puppet: "wechaty-puppet-mock",
			puppetOptions: {},
			printQr: false,
		});
		await adapter.start(createSinkRecorder().sink);
		onTestFinished(() => adapter.stop());
		await expect(
			adapter.send({
				platform: "wechat",
				conversationId: "123@chatroom",
				text: "hi",
				mentions: [],
			}),
		).rejects.toThrow(/not logged in/);
	});
});

describe("wechat adapter hand-off", () => {
	it("keeps offering a message the bot could not take (WeChat never sends it again), and keeps the order", async () => {
		const group = await createWechatyMockGroup({ handOffRetryMs: 100 });
		onTestFinished(() => group.harness.close());
		const inbox = createSinkRecorder();
		let refusals = 0;
		await group.harness.adapter.start(async (message) => {
			if (refusals < 3) {
				refusals++;
				throw new Error("the inbound queue and its spool are both away");
			}
			await inbox.sink(message);
		});
		await group.harness.ready();
		group.members.chen.say("第一条：厂区停电").to(group.room);
		group.members.chen.say("第二条：什么时候来电").to(group.room);
		await inbox.waitFor((m) => m.text.startsWith("第二条"), "the second");
		expect(inbox.messages.map((m) => m.text)).toEqual([
			"第一条：厂区停电",
			"第二条：什么时候来电",
		]);
		expect(refusals).toBe(3);
		expect(
			group.statuses.some(
				(s) => s.state === "error" && s.detail?.includes("will retry"),
			),
		).toBe(true);
	});
});
