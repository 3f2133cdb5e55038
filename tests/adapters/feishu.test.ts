/**
 * The Feishu adapter's own promises beyond the contract: a token Feishu calls invalid is renewed and
 * the send made once more; a rate limit and a refusal reach the outbound worker as such; a dropped
 * long connection comes back through the endpoint call and takes the next event; a person is
 * written to by their id.
 */
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import {
	createFeishuAdapter,
	type FeishuAdapter,
} from "../../adapters/feishu/index.ts";
import {
	PlatformRateLimitedError,
	PlatformRejectedError,
} from "../../bot/adapter.ts";
import {
	FAKE_FEISHU_APP_ID,
	FAKE_FEISHU_APP_SECRET,
	type FakeFeishu,
	startFakeFeishu,
} from "../support/fake-feishu.ts";
import { createSinkRecorder, type SinkRecorder } from "./contract.ts";

const chat = "oc_grouptest000000000000000001";
let fake: FakeFeishu;
let adapter: FeishuAdapter;
let inbox: SinkRecorder;

beforeEach(async () => {
	fake = await startFakeFeishu();
	adapter = createFeishuAdapter({
		appId: FAKE_FEISHU_APP_ID,
		appSecret: FAKE_FEISHU_APP_SECRET,
		baseUrl: fake.url,
	});
	inbox = createSinkRecorder();
	await adapter.start(inbox.sink);
	await fake.connected();
});

afterEach(async () => {
	await adapter.stop();
	await fake.close();
});

const text = (words: string, conversationId = chat) => ({
	platform: "feishu" as const,
	conversationId,
	text: words,
	mentions: [],
});

it("renews a token Feishu calls invalid and sends once more", async () => {
	await adapter.send(text("一"));
	const tokensBefore = fake.calls(
		"/open-apis/auth/v3/tenant_access_token/internal",
	).length;
	fake.failNext("/open-apis/im/v1/messages", 400, {
		code: 99991663,
		msg: "Invalid access token",
	});
	await adapter.send(text("二"));
	expect(
		fake.calls("/open-apis/auth/v3/tenant_access_token/internal").length,
	).toBe(tokensBefore + 1);
	expect(fake.shown().map((m) => m.text)).toEqual(["一", "二"]);
});

it("reports a rate limit, and a refusal with a hint, as such", async () => {
	fake.failNext("/open-apis/im/v1/messages", 400, {
		code: 99991400,
		msg: "request trigger frequency limit",
	});
	await expect(adapter.send(text("太快"))).rejects.toBeInstanceOf(
		PlatformRateLimitedError,
	);
	fake.failNext("/open-apis/im/v1/messages", 400, {
		code: 230002,
		msg: "Bot/User can NOT be out of the chat.",
	});
	const refused = adapter.send(text("不在群"));
	await expect(refused).rejects.toBeInstanceOf(PlatformRejectedError);
	await expect(refused).rejects.toThrow(/add it to the group/);
});

it("writes to a person by their open_id", async () => {
	await adapter.send(text("您有一件待办", "ou_powerhead00000000000000001"));
	expect(fake.shown().at(-1)).toMatchObject({
		conversationId: "ou_powerhead00000000000000001",
		text: "您有一件待办",
	});
});

it("comes back after the long connection drops, and takes the next event once", async () => {
	fake.dropConnections();
	await vi.waitFor(
		() => expect(fake.calls("/callback/ws/endpoint")).toHaveLength(2),
		{ timeout: 10_000 },
	);
	await fake.connected();
	fake.pushEvent(
		"im.message.receive_v1",
		fake.messageEvent({
			chatId: chat,
			sender: "ou_boss1",
			text: "断线后的消息",
		}),
	);
	await inbox.waitFor((m) => m.text === "断线后的消息", "the message after");
	expect(inbox.messages.filter((m) => m.text === "断线后的消息")).toHaveLength(
		1,
	);
});
