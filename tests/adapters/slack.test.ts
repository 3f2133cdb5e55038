import {
	afterEach,
	beforeEach,
	describe,
	expect,
	it,
	onTestFinished,
	vi,
} from "vitest";
import { createSlackAdapter } from "../../adapters/slack/index.ts";
import {
	PlatformRateLimitedError,
	PlatformRejectedError,
} from "../../bot/adapter.ts";
import type { IssueCard, OutboundMessage } from "../../bot/messages.ts";
import { createSinkRecorder, type SinkRecorder } from "./contract.ts";
import {
	nextTs,
	type SlackTestbed,
	startSlackTestbed,
	userMessage,
} from "./slack-fixture.ts";

const channel = "C0GROUP001";
const boss = "U0ENT00001";
const official = "U0OFF00001";

describe("slack adapter over HTTP", () => {
	let bed: SlackTestbed;
	let inbox: SinkRecorder;

	beforeEach(async () => {
		bed = await startSlackTestbed();
		inbox = createSinkRecorder();
		await bed.adapter.start(inbox.sink);
	});

	afterEach(async () => {
		await bed.close();
	});

	const send = (message: Partial<OutboundMessage>) =>
		bed.adapter.send({
			platform: "slack",
			conversationId: channel,
			text: "",
			mentions: [],
			...message,
		});

	it("learns its own user id from auth.test at start", () => {
		expect(bed.adapter.botUserId()).toBe(bed.fake.botUserId);
		expect(bed.fake.calls("auth.test")).toHaveLength(1);
	});

	it("delivers a thread reply normalized, pointing at the thread's root", async () => {
		const root = nextTs();
		const ts = nextTs();
		const response = await bed.deliverEvent(
			userMessage({
				channel,
				user: official,
				ts,
				thread_ts: root,
				text: `<@${bed.fake.botUserId}> 已联系 <!subteam^S0POWER01|@power-team> &amp; <#C0OTHER01|general>，见 <https://example.gov.cn/a?b=1&amp;c=2|通知>`,
			}),
		);
		expect(response.status).toBe(200);

		const message = await inbox.waitFor(
			(m) => m.author.externalId === official,
			"the reply",
		);
		expect(message).toMatchObject({
			platform: "slack",
			messageId: `${channel}/${root}/${ts}`,
			conversationId: channel,
			direct: false,
			text: "已联系 @power-team & #general，见 通知 (https://example.gov.cn/a?b=1&c=2)",
			mentions: [
				{
					externalId: "S0POWER01",
					kind: "user_group",
					displayName: "power-team",
				},
			],
			replyTo: { messageId: `${channel}/${root}` },
		});
	});

	it("refuses a forged signature with 401 and delivers nothing", async () => {
		const response = await bed.deliverEvent(
			userMessage({ channel, user: boss, text: "伪造的消息" }),
			{
				secret: "not-the-signing-secret",
			},
		);
		expect(response.status).toBe(401);
		await bed.deliverEvent(
			userMessage({ channel, user: boss, text: "真的消息" }),
		);
		await inbox.waitFor((m) => m.text === "真的消息", "the genuine message");
		expect(inbox.messages.map((m) => m.text)).toEqual(["真的消息"]);
	});

	it("refuses a delivery signed more than 5 minutes ago with 401", async () => {
		const response = await bed.deliverEvent(
			userMessage({ channel, user: boss, text: "重放的旧消息" }),
			{
				timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
			},
		);
		expect(response.status).toBe(401);
		await bed.deliverEvent(
			userMessage({ channel, user: boss, text: "新消息" }),
		);
		await inbox.waitFor((m) => m.text === "新消息", "the fresh message");
		expect(inbox.messages.map((m) => m.text)).toEqual(["新消息"]);
	});

	it("gives a retried delivery and the app_mention copy the message's own id", async () => {
		const event = userMessage({
			channel,
			user: boss,
			text: `<@${bed.fake.botUserId}> 厂区停电了`,
		});
		await bed.deliverEvent(event);
		await bed.deliverEvent(event, { retryNum: 1 });
		await bed.deliverEvent({
			...event,
			type: "app_mention",
			channel_type: undefined,
		});

		const copies = await vi.waitFor(() => {
			const found = inbox.messages.filter((m) => m.text === "厂区停电了");
			if (found.length < 3) throw new Error("not all deliveries yet");
			return found;
		});
		expect(new Set(copies.map((m) => m.messageId))).toEqual(
			new Set([`${channel}/${event.ts}`]),
		);
	});

	it("tells Slack to deliver again (500) when the inbound queue failed", async () => {
		const failing = createSinkRecorder();
		await bed.adapter.stop();
		let attempts = 0;
		await bed.adapter.start(async (message) => {
			attempts += 1;
			if (attempts === 1) throw new Error("redis is away");
			await failing.sink(message);
		});
		const event = userMessage({
			channel,
			user: boss,
			text: "第一次没收进队列",
		});
		expect((await bed.deliverEvent(event)).status).toBe(500);
		expect((await bed.deliverEvent(event, { retryNum: 1 })).status).toBe(200);
		expect(failing.messages.map((m) => m.text)).toEqual(["第一次没收进队列"]);
	});

	it("answers 503 in time when the inbound queue hangs, so Slack delivers again", async () => {
		const slow = await startSlackTestbed({ ackTimeoutMs: 300 });
		onTestFinished(() => slow.close());
		await slow.adapter.start(() => new Promise<void>(() => {}));
		const response = await slow.deliverEvent(
			userMessage({ channel, user: boss, text: "队列卡住了" }),
		);
		expect(response.status).toBe(503);
	});

	it("ignores bots and records edits and deletions against the original message", async () => {
		const ts = nextTs();
		await bed.deliverEvent({
			type: "message",
			subtype: "bot_message",
			channel,
			bot_id: "B0OTHER001",
			text: "别的机器人",
			ts,
		});
		await bed.deliverEvent({
			type: "message",
			subtype: "message_changed",
			channel,
			ts: nextTs(),
			event_ts: "1760000123.000200",
			message: { user: boss, text: "停电三天了（更正：两天）", ts },
			previous_message: { user: boss, text: "停电三天了", ts },
		});
		await bed.deliverEvent({
			type: "message",
			subtype: "message_deleted",
			channel,
			ts: nextTs(),
			event_ts: "1760000124.000300",
			deleted_ts: ts,
			previous_message: { user: boss, text: "停电三天了（更正：两天）", ts },
		});

		const deleted = await inbox.waitFor(
			(m) => m.change?.kind === "deleted",
			"the deletion",
		);
		expect(inbox.messages.map((m) => m.change)).toEqual([
			{ kind: "edited", originalMessageId: `${channel}/${ts}` },
			{ kind: "deleted", originalMessageId: `${channel}/${ts}` },
		]);
		expect(inbox.messages[0]?.text).toBe("停电三天了（更正：两天）");
		expect(new Set(inbox.messages.map((m) => m.messageId)).size).toBe(2);
		expect(deleted.messageId).not.toBe(`${channel}/${ts}`);
	});

	describe("sending", () => {
		it("posts in the thread with mentions as <@U…> and <!subteam^S…>, text escaped", async () => {
			const root = nextTs();
			const result = await send({
				text: "请 <今天> 内答复 & 反馈",
				mentions: [
					{ externalId: official, kind: "user", displayName: "王芳" },
					{ externalId: "S0POWER01", kind: "user_group" },
				],
				replyTo: { messageId: `${channel}/${root}/${nextTs()}` },
			});
			const [post] = bed.fake.calls("chat.postMessage");
			expect(post?.args).toMatchObject({
				channel,
				thread_ts: root,
				text: `<@${official}> <!subteam^S0POWER01> 请 &lt;今天&gt; 内答复 &amp; 反馈`,
			});
			expect(result.messageId).toBe(`${channel}/${root}/${post?.result?.ts}`);
		});

		it("updates the status card with chat.update when the message replaces it", async () => {
			const root = nextTs();
			const card: IssueCard = {
				issueNumber: "2026-000012",
				title: "厂区停电",
				state: "dispatched",
				stateLabel: "已派单",
				colour: "green",
				actions: [{ command: "受理", label: "受理" }],
			};
			const posted = await send({
				text: "",
				card,
				replyTo: { messageId: `${channel}/${root}` },
			});
			const updated = await send({
				text: "",
				card: {
					...card,
					state: "accepted",
					stateLabel: "已受理",
					colour: "yellow",
					actions: [],
				},
				replaces: posted,
			});

			expect(updated).toEqual(posted);
			expect(bed.fake.calls("chat.postMessage")).toHaveLength(1);
			const [update] = bed.fake.calls("chat.update");
			expect(update?.result?.ok).toBe(true);
			expect(update?.args).toMatchObject({
				channel,
				ts: posted.messageId.split("/").pop(),
			});
			expect(JSON.stringify(update?.args.blocks)).toContain("已受理");
		});

		it("sends to a person by opening the direct conversation", async () => {
			await send({
				conversationId: "U0LEADER01",
				text: "#2026-000012 已超期，请督办",
			});
			await send({ conversationId: "U0LEADER01", text: "第二条" });
			expect(
				bed.fake.calls("conversations.open").map((c) => c.args.users),
			).toEqual(["U0LEADER01"]);
			expect(bed.fake.posts().map((p) => p.channel)).toEqual([
				"D0LEADER01",
				"D0LEADER01",
			]);
		});

		it("turns a 429 into PlatformRateLimitedError with Retry-After in ms, without retrying itself", async () => {
			bed.fake.failNext("chat.postMessage", {
				kind: "rate_limited",
				retryAfterSeconds: 7,
			});
			const error = await send({ text: "慢一点" }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(PlatformRateLimitedError);
			expect((error as PlatformRateLimitedError).retryAfterMs).toBe(7000);
			expect(bed.fake.calls("chat.postMessage")).toHaveLength(1);
		});

		it("turns Slack's refusals into PlatformRejectedError and network failures into plain errors", async () => {
			bed.fake.failNext("chat.postMessage", {
				kind: "error",
				error: "not_in_channel",
			});
			const refused = await send({ text: "x" }).catch((e: unknown) => e);
			expect(refused).toBeInstanceOf(PlatformRejectedError);
			expect((refused as PlatformRejectedError).platformCode).toBe(
				"not_in_channel",
			);

			await bed.fake.close();
			const failed = await send({ text: "y" }).catch((e: unknown) => e);
			expect(failed).toBeInstanceOf(Error);
			expect(failed).not.toBeInstanceOf(PlatformRejectedError);
			expect(failed).not.toBeInstanceOf(PlatformRateLimitedError);
		});
	});
});

describe("slack adapter configuration", () => {
	it("uses Socket Mode when given an app token, and then serves no HTTP routes", () => {
		// Connecting needs Slack's WebSocket endpoint, which we do not fake: construction only.
		const adapter = createSlackAdapter({
			botToken: "xoxb-1",
			appToken: "xapp-1",
		});
		expect(adapter.mode).toBe("socket");
		expect(adapter.routes).toBeUndefined();
	});

	it("refuses to start without a signing secret or an app token, saying which to set", () => {
		expect(() => createSlackAdapter({ botToken: "xoxb-1" })).toThrow(
			/SLACK_SIGNING_SECRET.*SLACK_APP_TOKEN/,
		);
	});

	it("fails to start with a bad token, naming the variable to check", async () => {
		const bed = await startSlackTestbed({ botToken: "xoxb-revoked" });
		onTestFinished(() => bed.close());
		await expect(bed.adapter.start(async () => {})).rejects.toThrow(
			/invalid_auth.*SLACK_BOT_TOKEN/,
		);
	});
});
