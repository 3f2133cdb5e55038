import { describe, expect, it } from "vitest";
import {
	cardBlocks,
	commandText,
	formOf,
} from "../../adapters/slack/blocks.ts";
import {
	parseSlackMessageId,
	slackMessageId,
	threadTsOf,
} from "../../adapters/slack/ids.ts";
import {
	escapeSlackText,
	parseSlackMarkup,
} from "../../adapters/slack/markup.ts";
import {
	parseSlackEvent,
	type SlackMessageEvent,
} from "../../adapters/slack/parse.ts";
import { renderPost, renderUpdate } from "../../adapters/slack/render.ts";
import type { IssueCard, OutboundMessage } from "../../bot/messages.ts";

const self = { botUserId: "U0BOT00001", botId: "B0BOT00001" };
/** Recorded payloads carry more than the adapter reads. */
const parse = (event: object) =>
	parseSlackEvent(event as SlackMessageEvent, self);

// Payloads as Slack's Events API delivers them (trimmed of fields the adapter does not read).
const recorded = {
	withFile: {
		type: "message",
		subtype: "file_share",
		channel: "C0GROUP001",
		channel_type: "channel",
		user: "U0ENT00001",
		text: "现场照片，<@U0OFF00001|王芳> 请看",
		ts: "1760002000.000200",
		files: [
			{ id: "F1", name: "积水.jpg", mimetype: "image/jpeg", filetype: "jpg" },
			{
				id: "F2",
				name: "报告.pdf",
				mimetype: "application/pdf",
				filetype: "pdf",
			},
		],
	},
	direct: {
		type: "message",
		channel: "D0ENT00001",
		channel_type: "im",
		user: "U0ENT00001",
		text: "我的问题",
		ts: "1760002001.000300",
	},
	joined: {
		type: "message",
		subtype: "channel_join",
		channel: "C0GROUP001",
		user: "U0NEW00001",
		text: "<@U0NEW00001> has joined the channel",
		ts: "1760002002.000400",
	},
	ownPost: {
		type: "message",
		channel: "C0GROUP001",
		user: "U0BOT00001",
		bot_id: "B0BOT00001",
		app_id: "A0APP00001",
		text: "收到",
		ts: "1760002003.000500",
	},
	unfurl: {
		type: "message",
		subtype: "message_changed",
		channel: "C0GROUP001",
		ts: "1760002005.000700",
		message: {
			user: "U0ENT00001",
			text: "见 <https://a.cn>",
			ts: "1760002004.000600",
			attachments: [{}],
		},
		previous_message: {
			user: "U0ENT00001",
			text: "见 <https://a.cn>",
			ts: "1760002004.000600",
		},
	},
	editInThread: {
		type: "message",
		subtype: "message_changed",
		channel: "C0GROUP001",
		ts: "1760002007.000900",
		event_ts: "1760002007.000900",
		message: {
			user: "U0ENT00001",
			text: "改成两天",
			ts: "1760002006.000800",
			thread_ts: "1760002000.000200",
		},
		previous_message: {
			user: "U0ENT00001",
			text: "三天",
			ts: "1760002006.000800",
			thread_ts: "1760002000.000200",
		},
	},
};

describe("slack markup", () => {
	it("turns mentions, channels, groups, links and escapes into plain text and mention data", () => {
		expect(
			parseSlackMarkup(
				"<@U0BOT00001> <@U0OFF00001> 和 <@U0OFF00002|李电> 看 <#C0OTHER01|general> <#C0OTHER02> <!subteam^S0POWER01|@power-team> <!here> &lt;急&gt; A&amp;B <https://x.cn/?a=1&amp;b=2|公告> <mailto:a@b.cn|a@b.cn>",
				self,
			),
		).toEqual({
			text: "@U0OFF00001 和 @李电 看 #general #C0OTHER02 @power-team @here <急> A&B 公告 (https://x.cn/?a=1&b=2) a@b.cn",
			mentions: [
				{ externalId: "U0OFF00001", kind: "user", displayName: "U0OFF00001" },
				{ externalId: "U0OFF00002", kind: "user", displayName: "李电" },
				{
					externalId: "S0POWER01",
					kind: "user_group",
					displayName: "power-team",
				},
			],
		});
	});

	it("does not unescape twice", () => {
		expect(parseSlackMarkup("&amp;lt; <https://a.cn|&amp;lt;>").text).toBe(
			"&lt; &lt; (https://a.cn)",
		);
	});

	it("escapes outgoing text so it cannot mention anyone", () => {
		expect(escapeSlackText("<@U1> & <!channel>")).toBe(
			"&lt;@U1&gt; &amp; &lt;!channel&gt;",
		);
	});
});

describe("slack message ids", () => {
	it("name the channel, the thread's root and the message, and round-trip", () => {
		const reply = slackMessageId({ channel: "C1", ts: "2.2", threadTs: "1.1" });
		expect(reply).toBe("C1/1.1/2.2");
		expect(parseSlackMessageId(reply)).toEqual({
			channel: "C1",
			rootTs: "1.1",
			ts: "2.2",
		});
		expect(parseSlackMessageId("C1/1.1")).toEqual({
			channel: "C1",
			rootTs: "1.1",
			ts: "1.1",
		});
		expect(parseSlackMessageId("C1/1.1#click-9.9-qq-cmd-0")).toEqual({
			channel: "C1",
			rootTs: "1.1",
			suffix: "click-9.9-qq-cmd-0",
		});
		expect(threadTsOf("C1/1.1/2.2")).toBe("1.1");
		expect(threadTsOf("C1#command-abc")).toBeUndefined();
	});
});

describe("slack events → inbound messages", () => {
	it("keeps files as attachment placeholders and mentions as data", () => {
		expect(parse(recorded.withFile)).toMatchObject({
			messageId: "C0GROUP001/1760002000.000200",
			text: "现场照片，@王芳 请看",
			mentions: [
				{ externalId: "U0OFF00001", kind: "user", displayName: "王芳" },
			],
			attachments: [
				{ kind: "image", name: "积水.jpg" },
				{ kind: "file", name: "报告.pdf" },
			],
			sentAt: "2025-10-09T09:26:40.000Z",
		});
	});

	it("marks a direct message as direct", () => {
		expect(parse(recorded.direct)).toMatchObject({
			direct: true,
			conversationId: "D0ENT00001",
		});
	});

	it("drops joins, the bot's own posts and link unfurls", () => {
		expect(parse(recorded.joined)).toBeNull();
		expect(parse(recorded.ownPost)).toBeNull();
		expect(parse(recorded.unfurl)).toBeNull();
	});

	it("an edit in a thread names the original reply and stays in its thread", () => {
		expect(parse(recorded.editInThread)).toMatchObject({
			messageId:
				"C0GROUP001/1760002000.000200/1760002006.000800#edit-1760002007.000900",
			text: "改成两天",
			change: {
				kind: "edited",
				originalMessageId: "C0GROUP001/1760002000.000200/1760002006.000800",
			},
			replyTo: { messageId: "C0GROUP001/1760002000.000200" },
		});
	});
});

const card: IssueCard = {
	issueNumber: "2026-000012",
	title: "路面 <积水> & 塌陷",
	state: "dispatched",
	stateLabel: "待受理",
	colour: "orange",
	category: "交通",
	leadDepartment: "交通运输局",
	dueAt: "2026-03-02T09:30:00.000Z",
	actions: [
		{ command: "受理", label: "受理" },
		{ command: "#2026-000012 不能办", label: "不能办" },
	],
};

describe("slack rendering", () => {
	const base: OutboundMessage = {
		platform: "slack",
		conversationId: "C1",
		text: "",
		mentions: [],
	};

	it("posts under the thread's root and renders each kind of mention", () => {
		expect(
			renderPost(
				{
					...base,
					text: "请处理",
					mentions: [
						{ externalId: "U1", kind: "user" },
						{ externalId: "S1", kind: "user_group", displayName: "@team" },
					],
					replyTo: { messageId: "C1/1.1/2.2" },
				},
				"C1",
				"zh-CN",
			),
		).toEqual({
			channel: "C1",
			text: "<@U1> <!subteam^S1> 请处理",
			thread_ts: "1.1",
			unfurl_links: false,
		});
	});

	it("renders a card as blocks whose buttons carry full commands", () => {
		const blocks = cardBlocks(card, "zh-CN");
		const json = JSON.stringify(blocks);
		expect(json).toContain("🟠 *#2026-000012* 路面 &lt;积水&gt; &amp; 塌陷");
		expect(json).toContain("办理期限：3月2日 17:30");
		const buttons = blocks
			.flatMap(
				(b) => (b.elements as Array<Record<string, unknown>> | undefined) ?? [],
			)
			.filter((e) => e.type === "button");
		expect(buttons.map((b) => [b.action_id, b.value])).toEqual([
			["qq-cmd-0", "#2026-000012 受理"],
			["qq-form-1", "#2026-000012 不能办"],
		]);
	});

	it("knows which commands need a form", () => {
		expect(
			[
				"#1 受理",
				"进展",
				"#1 resolve",
				"转交",
				"cannot",
				"#2026-000001 评价",
			].map(formOf),
		).toEqual(["none", "note", "note", "transfer", "reason", "rating"]);
		expect(commandText(card, "  受理 ")).toBe("#2026-000012 受理");
	});

	it("updates the message a card replaces, and never a click's id", () => {
		expect(
			renderUpdate(
				{ ...base, card, replaces: { messageId: "C1/1.1/2.2" } },
				"en",
			),
		).toMatchObject({
			channel: "C1",
			ts: "2.2",
			text: "#2026-000012 路面 &lt;积水&gt; &amp; 塌陷 — 待受理",
		});
		expect(
			renderUpdate(
				{ ...base, card, replaces: { messageId: "C1/1.1#click-3.3" } },
				"en",
			),
		).toBeNull();
	});
});

describe("slack app manifest", () => {
	it("subscribes to what the adapter handles and points at the bot's routes", async () => {
		const { readFile } = await import("node:fs/promises");
		const { parse } = await import("yaml");
		const manifest = parse(
			await readFile(
				new URL("../../adapters/slack/manifest.yaml", import.meta.url),
				"utf8",
			),
		);
		expect(manifest.settings.event_subscriptions.bot_events).toEqual(
			expect.arrayContaining([
				"app_mention",
				"message.channels",
				"message.im",
				"app_home_opened",
			]),
		);
		expect(manifest.settings.event_subscriptions.request_url).toMatch(
			/\/slack\/events$/,
		);
		expect(manifest.settings.interactivity.request_url).toMatch(
			/\/slack\/interactions$/,
		);
		expect(manifest.features.slash_commands[0]).toMatchObject({
			command: "/qinqing",
			url: expect.stringMatching(/\/slack\/commands$/),
		});
		expect(manifest.oauth_config.scopes.bot).toEqual(
			expect.arrayContaining(["chat:write", "im:write", "commands"]),
		);
	});
});
