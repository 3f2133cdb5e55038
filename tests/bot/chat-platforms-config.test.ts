/**
 * DingTalk and Feishu from configuration alone, as `npm start` runs them: the environment picks the
 * adapters, points them at the (fake) platforms, and refuses half a credential by name.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../bot/config.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import {
	FAKE_APP_KEY,
	FAKE_APP_SECRET,
	type FakeDingtalk,
	startFakeDingtalk,
} from "../support/fake-dingtalk.ts";
import {
	FAKE_FEISHU_APP_ID,
	FAKE_FEISHU_APP_SECRET,
	type FakeFeishu,
	startFakeFeishu,
} from "../support/fake-feishu.ts";

let dingtalk: FakeDingtalk;
let feishu: FakeFeishu;
let bot: TestBot;

beforeAll(async () => {
	dingtalk = await startFakeDingtalk();
	feishu = await startFakeFeishu();
	bot = await startTestBot({
		driver: "postgres",
		env: {
			DINGTALK_APP_KEY: FAKE_APP_KEY,
			DINGTALK_APP_SECRET: FAKE_APP_SECRET,
			DINGTALK_API_URL: dingtalk.url,
			DINGTALK_OAPI_URL: dingtalk.url,
			FEISHU_APP_ID: FAKE_FEISHU_APP_ID,
			FEISHU_APP_SECRET: FAKE_FEISHU_APP_SECRET,
			FEISHU_BASE_URL: feishu.url,
		},
	});
});

afterAll(async () => {
	await bot?.close();
	await dingtalk?.close();
	await feishu?.close();
});

it("connects to DingTalk's stream gateway and Feishu's long connection, and logs neither secret", async () => {
	await dingtalk.connected();
	await feishu.connected();
	expect(dingtalk.calls("/v1.0/gateway/connections/open")).toHaveLength(1);
	expect(feishu.calls("/callback/ws/endpoint")).toHaveLength(1);
	const logs = bot.logs.join("\n");
	expect(logs).not.toContain(FAKE_APP_SECRET);
	expect(logs).not.toContain(FAKE_FEISHU_APP_SECRET);
});

it("refuses half a credential, and a Feishu app id that is not one, naming the variables", () => {
	expect(() => loadConfig({ DINGTALK_APP_KEY: "dingabc" })).toThrow(
		/DINGTALK_APP_KEY and DINGTALK_APP_SECRET: set both/,
	);
	expect(() =>
		loadConfig({ FEISHU_APP_ID: "cli_nothex", FEISHU_APP_SECRET: "s" }),
	).toThrow(ConfigError);
	expect(() =>
		loadConfig({ FEISHU_APP_ID: "cli_nothex", FEISHU_APP_SECRET: "s" }),
	).toThrow(/FEISHU_APP_ID/);
});
