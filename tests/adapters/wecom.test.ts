/** The WeCom adapter's own routes against the local WeCom: buttons, webhooks, application messages, reconnects. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createWecomAdapter } from "../../adapters/wecom/index.ts";
import {
	type ChatAdapter,
	PlatformRateLimitedError,
	PlatformRejectedError,
} from "../../bot/adapter.ts";
import { loadConfig } from "../../bot/config.ts";
import { adaptOutbound } from "../../bot/pipeline/outbound-adapt.ts";
import {
	type FakeWecom,
	startFakeWecom,
	wecomCardClick,
	wecomText,
} from "../support/fake-wecom.ts";
import { createSinkRecorder, type SinkRecorder } from "./contract.ts";

const chatid = "wrGROUP0001";

describe("wecom adapter", () => {
	let fake: FakeWecom;
	let adapter: ChatAdapter;
	let inbox: SinkRecorder;
	const connection: string[] = [];

	beforeEach(async () => {
		fake = await startFakeWecom();
		connection.length = 0;
		adapter = createWecomAdapter({
			botId: fake.botId,
			botSecret: fake.botSecret,
			botName: "亲清助手",
			wsUrl: fake.wsUrl,
			apiUrl: fake.apiUrl,
			corpId: fake.corpId,
			agentId: fake.agentId,
			agentSecret: fake.agentSecret,
			webhooks: { renshe: "KEY-RENSHE" },
			isGroupChat: async (id) => id === chatid,
			onConnection: (state) => connection.push(state),
		});
		inbox = createSinkRecorder();
		await adapter.start(inbox.sink);
	});

	afterEach(async () => {
		await adapter.stop();
		await fake.close();
	});

	it("turns a card button press into the command it carries, said by the presser where the card is", async () => {
		const press = wecomCardClick({
			userid: "lidian",
			chatid,
			eventKey: "#2026-000012 受理",
			taskId: "qq-1",
		});
		fake.pushEvent(press);
		fake.pushEvent(press);
		const message = await inbox.waitFor(
			(m) => m.text === "#2026-000012 受理",
			"the press",
		);
		expect(message).toMatchObject({
			platform: "wecom",
			conversationId: chatid,
			direct: false,
			author: { externalId: "lidian", isBot: false },
		});
		await vi.waitFor(() => expect(inbox.messages).toHaveLength(2));
		expect(inbox.messages[1]?.messageId).toBe(message.messageId);
	});

	it("sends a card's buttons with the issue's number in each key", async () => {
		await adapter.send({
			platform: "wecom",
			conversationId: chatid,
			text: "已办结",
			mentions: [],
			card: {
				issueNumber: "2026-000012",
				title: "停电",
				state: "resolved",
				stateLabel: "已办结",
				colour: "green",
				actions: [{ command: "评价", label: "评价" }],
			},
		});
		const [card] = fake.groupSends();
		expect(card?.template_card?.button_list).toEqual([
			{ text: "满意", key: "#2026-000012 满意" },
			{ text: "基本满意", key: "#2026-000012 基本满意" },
		]);
	});

	it("mentions by id in a department group reached by its webhook, and tells no one directly", async () => {
		const { message, directMessages } = adaptOutbound(
			{
				platform: "wecom",
				conversationId: "webhook:renshe",
				text: "#12 请人社局受理",
				mentions: [{ externalId: "liuke", kind: "user", displayName: "刘科" }],
			},
			adapter.capabilities,
		);
		expect(directMessages).toEqual([]);
		await adapter.send(message);
		expect(fake.webhookMessages()).toEqual([
			{ key: "KEY-RENSHE", content: "#12 请人社局受理", mentioned: ["liuke"] },
		]);
	});

	it("refuses a webhook group it has no key for, for good", async () => {
		await expect(
			adapter.send({
				platform: "wecom",
				conversationId: "webhook:unknown",
				text: "x",
				mentions: [],
			}),
		).rejects.toBeInstanceOf(PlatformRejectedError);
	});

	it("asks for the access token once, and again only when WeCom says it expired", async () => {
		const dm = (text: string) =>
			adapter.send({
				platform: "wecom",
				conversationId: "wangfu",
				text,
				mentions: [],
				direct: true,
			});
		await dm("一");
		await dm("二");
		expect(fake.tokenRequests()).toBe(1);
		fake.expireToken();
		await dm("三");
		expect(fake.tokenRequests()).toBe(2);
		expect(fake.appMessages().map((m) => [m.touser, m.content])).toEqual([
			["wangfu", "一"],
			["wangfu", "二"],
			["wangfu", "三"],
		]);
	});

	it("reports WeCom's refusals as refusals and its rate limit as a wait, never naming the token", async () => {
		const dm = () =>
			adapter.send({
				platform: "wecom",
				conversationId: "nobody",
				text: "x",
				mentions: [],
				direct: true,
			});
		fake.refuseAppMessages(81013, 1);
		const refused = await dm().catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(PlatformRejectedError);
		expect((refused as PlatformRejectedError).platformCode).toBe("81013");
		expect(String(refused)).not.toContain(fake.accessToken());
		fake.refuseAppMessages(45009, 1);
		await expect(dm()).rejects.toBeInstanceOf(PlatformRateLimitedError);
	});

	it("reconnects after the long connection drops, and a message after it arrives once", async () => {
		fake.dropConnection();
		await vi.waitFor(() => expect(connection).toEqual(["lost", "back"]), {
			timeout: 10_000,
			interval: 20,
		});
		expect(fake.signIns()).toBe(2);
		fake.pushMessage(
			wecomText({ userid: "zhoulaoban", chatid, text: "又停电了" }),
		);
		await inbox.waitFor((m) => m.text === "又停电了", "the message after");
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(inbox.messages.filter((m) => m.text === "又停电了")).toHaveLength(1);
	});

	it("does not start with a wrong secret, and does not say the secret", async () => {
		const wrong = createWecomAdapter({
			botId: fake.botId,
			botSecret: "wrong-secret-123",
			wsUrl: fake.wsUrl,
			connectTimeoutMs: 5000,
		});
		const error = await wrong.start(async () => {}).catch((e: unknown) => e);
		await wrong.stop();
		expect(String(error)).toContain("40058");
		expect(String(error)).not.toContain("wrong-secret-123");
	});
});

describe("wecom configuration", () => {
	it("reads the private deployment's addresses and the department webhooks", () => {
		const config = loadConfig({
			WECOM_BOT_ID: "aib1",
			WECOM_BOT_SECRET: "s",
			WECOM_WS_URL: "wss://ws.zwwx.example.gov.cn",
			WECOM_API_URL: "https://api.zwwx.example.gov.cn",
			WECOM_WEBHOOKS: "renshe=K1, zhujian=K2",
		});
		expect(config.WECOM_WEBHOOKS).toEqual({ renshe: "K1", zhujian: "K2" });
		expect(config.WECOM_WS_URL).toBe("wss://ws.zwwx.example.gov.cn");
		expect(config.playground).toBe(false);
		expect(() => loadConfig({ WECOM_BOT_ID: "aib1" })).toThrow(
			/WECOM_BOT_SECRET/,
		);
		expect(() => loadConfig({ WECOM_WEBHOOKS: "renshe" })).toThrow(
			/WECOM_WEBHOOKS/,
		);
	});
});
