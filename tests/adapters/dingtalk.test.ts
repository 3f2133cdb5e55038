/**
 * The DingTalk adapter's own promises beyond the contract: the app token is fetched once and renewed
 * when DingTalk calls it stale; a rate limit and a refusal reach the outbound worker as such; a
 * mention after the reply window goes by 工作通知; a dropped stream reconnects without losing a message.
 */
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import {
	createDingtalkAdapter,
	type DingtalkAdapter,
	TOPIC_ROBOT_MESSAGE,
} from "../../adapters/dingtalk/index.ts";
import {
	PlatformRateLimitedError,
	PlatformRejectedError,
} from "../../bot/adapter.ts";
import {
	FAKE_APP_KEY,
	FAKE_APP_SECRET,
	type FakeDingtalk,
	startFakeDingtalk,
} from "../support/fake-dingtalk.ts";
import { createSinkRecorder, type SinkRecorder } from "./contract.ts";

const group = "cidGROUPtest0001==";
let fake: FakeDingtalk;
let adapter: DingtalkAdapter;
let inbox: SinkRecorder;

beforeEach(async () => {
	fake = await startFakeDingtalk();
	adapter = createDingtalkAdapter({
		appKey: FAKE_APP_KEY,
		appSecret: FAKE_APP_SECRET,
		agentId: "3000001",
		apiUrl: fake.url,
		oapiUrl: fake.url,
	});
	inbox = createSinkRecorder();
	await adapter.start(inbox.sink);
	await fake.connected();
});

afterEach(async () => {
	await adapter.stop();
	await fake.close();
});

const text = (words: string) => ({
	platform: "dingtalk" as const,
	conversationId: group,
	text: words,
	mentions: [],
});

it("fetches the app token once, and renews it when DingTalk calls it stale", async () => {
	await adapter.send(text("一"));
	await adapter.send(text("二"));
	expect(fake.calls("/v1.0/oauth2/accessToken")).toHaveLength(1);

	fake.failNext("/v1.0/robot/groupMessages/send", 401, {
		code: "InvalidAuthentication",
		message: "不合法的access_token",
	});
	await adapter.send(text("三"));
	expect(fake.calls("/v1.0/oauth2/accessToken")).toHaveLength(2);
	expect(fake.shown().map((m) => m.text)).toEqual(["一", "二", "三"]);
});

it("reports a rate limit with DingTalk's wait, and a refusal as final", async () => {
	fake.failNext("/v1.0/robot/groupMessages/send", 403, {
		code: "Forbidden.AccessDenied.QpsLimitForApi",
	});
	await expect(adapter.send(text("太快"))).rejects.toBeInstanceOf(
		PlatformRateLimitedError,
	);
	fake.failNext("/v1.0/robot/groupMessages/send", 400, {
		code: "robot.notInGroup",
		message: "机器人不在群内",
	});
	const refused = adapter.send(text("不在群"));
	await expect(refused).rejects.toBeInstanceOf(PlatformRejectedError);
	await expect(refused).rejects.toThrow(/robot.notInGroup/);
});

it("@'s in a reply through the session webhook; after it, names the person and sends a 工作通知", async () => {
	const mention = [
		{ externalId: "powerhead01", kind: "user" as const, displayName: "李电" },
	];
	fake.push(
		TOPIC_ROBOT_MESSAGE,
		fake.robotMessage({
			conversationId: group,
			sender: { staffId: "boss0001" },
			text: "停电了",
		}),
	);
	await inbox.waitFor((m) => m.text === "停电了", "the problem");
	await adapter.send({ ...text("请尽快处理"), mentions: mention });
	expect(fake.shown().at(-1)).toMatchObject({
		via: "webhook",
		mentionedIds: ["powerhead01"],
	});

	// A message whose reply window has closed: the robot API, and the official is told directly.
	fake.push(TOPIC_ROBOT_MESSAGE, {
		...fake.robotMessage({
			conversationId: group,
			sender: { staffId: "boss0001" },
			text: "还没来电",
		}),
		sessionWebhookExpiredTime: Date.now() - 1000,
	});
	await inbox.waitFor((m) => m.text === "还没来电", "the follow-up");
	await adapter.send({ ...text("请今天内答复"), mentions: mention });
	const last = fake.shown().slice(-2);
	expect(last[0]).toMatchObject({ via: "robot", mentionedIds: [] });
	expect(last[0]?.text).toContain("@李电");
	expect(last[1]).toMatchObject({
		via: "notice",
		conversationId: "powerhead01",
		text: "请今天内答复",
	});
});

it("reconnects after the stream drops, and takes the message pushed after", async () => {
	fake.dropConnections();
	await vi.waitFor(
		() => expect(fake.calls("/v1.0/gateway/connections/open")).toHaveLength(2),
		{ timeout: 10_000 },
	);
	await fake.connected();
	fake.push(
		TOPIC_ROBOT_MESSAGE,
		fake.robotMessage({
			conversationId: group,
			sender: { staffId: "boss0001" },
			text: "断线后的消息",
		}),
	);
	await inbox.waitFor((m) => m.text === "断线后的消息", "the message after");
	expect(inbox.messages.filter((m) => m.text === "断线后的消息")).toHaveLength(
		1,
	);
});
