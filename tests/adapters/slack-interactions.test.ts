import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { IssueCard } from "../../bot/messages.ts";
import { createSinkRecorder, type SinkRecorder } from "./contract.ts";
import { type SlackTestbed, startSlackTestbed } from "./slack-fixture.ts";

const channel = "C0GROUP001";
const boss = { id: "U0ENT00001", name: "chen" };
const official = { id: "U0OFF00001", name: "wang" };
const root = "1760001000.000100";

const card: IssueCard = {
	issueNumber: "2026-000012",
	title: "厂区东侧道路积水",
	state: "dispatched",
	stateLabel: "已派单，待受理",
	colour: "green",
	category: "交通",
	leadDepartment: "交通运输局",
	actions: [
		{ command: "受理", label: "受理" },
		{ command: "#2026-000012 进展", label: "报告进展" },
		{ command: "办结", label: "办结" },
		{ command: "转办", label: "转办" },
		{ command: "不能办", label: "不能办" },
	],
};

type Block = {
	type: string;
	block_id?: string;
	elements?: Array<Record<string, unknown>>;
};

/** The card as Slack would show it: post it through the adapter, read its blocks off the fake. */
async function postCard(bed: SlackTestbed, shown: IssueCard) {
	await bed.adapter.send({
		platform: "slack",
		conversationId: channel,
		text: "",
		mentions: [],
		card: shown,
		replyTo: { messageId: `${channel}/${root}` },
	});
	const post = bed.fake.calls("chat.postMessage").at(-1);
	const blocks = post?.args.blocks as Block[];
	const elements = blocks.flatMap((block) => block.elements ?? []);
	const ts = String(post?.result?.ts);
	const button = (label: string) => {
		const found = elements.find(
			(e) => (e.text as { text?: string } | undefined)?.text === label,
		);
		if (!found) throw new Error(`no button ${label}`);
		return found;
	};
	return { ts, blocks, elements, button };
}

/** A block_actions payload as Slack sends it when someone presses `element` on the card. */
function click(
	element: Record<string, unknown>,
	user: { id: string; name: string },
	ts: string,
	state: Record<string, unknown> = {},
) {
	return {
		type: "block_actions",
		user: {
			id: user.id,
			username: user.name,
			name: user.name,
			team_id: "T0TEAM0001",
		},
		api_app_id: "A0APP00001",
		token: "legacy-verification-token",
		container: {
			type: "message",
			message_ts: ts,
			channel_id: channel,
			is_ephemeral: false,
			thread_ts: root,
		},
		trigger_id: "1337.42.abcdef",
		team: { id: "T0TEAM0001", domain: "sanyuan" },
		channel: { id: channel, name: "industry" },
		message: {
			type: "message",
			user: "U0BOT00001",
			bot_id: "B0BOT00001",
			ts,
			thread_ts: root,
			text: "card",
		},
		state: { values: state },
		response_url: "https://hooks.slack.com/actions/T0TEAM0001/1/abc",
		actions: [
			{
				action_id: element.action_id,
				block_id: "blk",
				type: element.type,
				value: element.value,
				text: element.text,
				action_ts: "1760001050.123456",
			},
		],
	};
}

describe("slack interactive flows", () => {
	let bed: SlackTestbed;
	let inbox: SinkRecorder;

	beforeEach(async () => {
		bed = await startSlackTestbed({
			homeText: async (userId) => `待办 of ${userId}`,
		});
		inbox = createSinkRecorder();
		await bed.adapter.start(inbox.sink);
	});

	afterEach(async () => {
		await bed.close();
	});

	it("a button press is the command typed by the person who pressed it, in the issue's thread", async () => {
		const shown = await postCard(bed, card);
		const response = await bed.deliverInteraction(
			click(shown.button("受理"), official, shown.ts),
		);
		expect(response.status).toBe(200);

		const message = await inbox.waitFor(
			(m) => m.author.externalId === official.id,
			"the click",
		);
		expect(message).toMatchObject({
			platform: "slack",
			conversationId: channel,
			text: "#2026-000012 受理",
			author: { externalId: official.id, isBot: false },
			replyTo: { messageId: `${channel}/${root}` },
		});
		expect(message.messageId).toMatch(new RegExp(`^${channel}/${root}#click-`));
	});

	it("a button that needs words opens a modal, and its submission is the full command", async () => {
		const shown = await postCard(bed, card);
		await bed.deliverInteraction(
			click(shown.button("转办"), official, shown.ts),
		);

		const [opened] = bed.fake.calls("views.open");
		expect(opened?.args.trigger_id).toBe("1337.42.abcdef");
		expect(inbox.messages).toEqual([]);
		const view = opened?.args.view as Record<string, unknown>;
		const inputs = (view.blocks as Array<{ type: string; block_id?: string }>)
			.filter((block) => block.type === "input")
			.map((block) => block.block_id);
		expect(inputs).toEqual(["department", "reason"]);

		const response = await bed.deliverInteraction({
			type: "view_submission",
			team: { id: "T0TEAM0001", domain: "sanyuan" },
			user: { id: official.id, username: official.name, name: official.name },
			api_app_id: "A0APP00001",
			view: {
				...view,
				id: "V0MODAL001",
				hash: "1760001060.abc",
				state: {
					values: {
						department: {
							value: { type: "plain_text_input", value: "人社局" },
						},
						reason: {
							value: {
								type: "plain_text_input",
								value: "属于用工问题\n不归我局",
							},
						},
					},
				},
			},
		});
		expect(response.status).toBe(200);

		const message = await inbox.waitFor(
			(m) => m.author.externalId === official.id,
			"the submission",
		);
		expect(message).toMatchObject({
			conversationId: channel,
			text: "#2026-000012 转办 人社局 属于用工问题\n不归我局",
			replyTo: { messageId: `${channel}/${root}` },
		});
	});

	it("progress opens a one-field modal whose submission reports the note", async () => {
		const shown = await postCard(bed, card);
		await bed.deliverInteraction(
			click(shown.button("报告进展"), official, shown.ts),
		);
		const view = bed.fake.calls("views.open")[0]?.args.view as Record<
			string,
			unknown
		>;
		await bed.deliverInteraction({
			type: "view_submission",
			user: { id: official.id, name: official.name },
			view: {
				...view,
				id: "V0MODAL002",
				state: { values: { note: { value: { value: "已安排抽水车" } } } },
			},
		});
		const message = await inbox.waitFor(
			(m) => m.author.externalId === official.id,
			"the progress",
		);
		expect(message.text).toBe("#2026-000012 进展 已安排抽水车");
	});

	it("the enterprise rates with three selects and a submit button", async () => {
		const shown = await postCard(bed, {
			...card,
			state: "resolved",
			stateLabel: "已办结，请评价",
			actions: [{ command: "评价", label: "评价" }],
		});
		const selects = shown.elements.filter((e) => e.type === "static_select");
		expect(selects.map((s) => (s.options as unknown[]).length)).toEqual([
			5, 5, 5,
		]);
		const submit = shown.elements.find((e) => e.type === "button");
		if (!submit) throw new Error("no submit button");

		// Choosing a score alone delivers nothing.
		const select = selects[0] ?? {};
		await bed.deliverInteraction(click(select, boss, shown.ts));
		// Submitting with a score missing asks again, only to the person who pressed it.
		await bed.deliverInteraction(
			click(submit, boss, shown.ts, {
				"qq-rating": { "qq-rate-plan": { selected_option: { value: "5" } } },
			}),
		);
		expect(
			bed.fake.calls("chat.postEphemeral").map((c) => c.args.user),
		).toEqual([boss.id]);
		expect(inbox.messages).toEqual([]);

		const score = (value: string) => ({
			type: "static_select",
			selected_option: { value },
		});
		await bed.deliverInteraction(
			click(submit, boss, shown.ts, {
				"qq-rating": {
					"qq-rate-plan": score("5"),
					"qq-rate-process": score("4"),
					"qq-rate-result": score("3"),
				},
			}),
		);
		const message = await inbox.waitFor(
			(m) => m.author.externalId === boss.id,
			"the rating",
		);
		expect(message.text).toBe("#2026-000012 评价 5 4 3");
		expect(message.replyTo).toEqual({ messageId: `${channel}/${root}` });
	});

	it("/qinqing speaks the command language in the channel it was typed in", async () => {
		const fields = {
			token: "legacy-verification-token",
			team_id: "T0TEAM0001",
			channel_id: channel,
			channel_name: "industry",
			user_id: official.id,
			user_name: official.name,
			command: "/qinqing",
			response_url: "https://hooks.slack.com/commands/T0TEAM0001/1/abc",
			api_app_id: "A0APP00001",
		};
		expect(
			(
				await bed.deliverCommand({
					...fields,
					text: "#12 受理",
					trigger_id: "t.1",
				})
			).status,
		).toBe(200);
		expect(
			(await bed.deliverCommand({ ...fields, text: "", trigger_id: "t.2" }))
				.status,
		).toBe(200);

		await inbox.waitFor((m) => m.text === "help", "the bare command");
		expect(
			inbox.messages.map((m) => [
				m.conversationId,
				m.author.externalId,
				m.text,
				m.direct,
			]),
		).toEqual([
			[channel, official.id, "#12 受理", false],
			[channel, official.id, "help", false],
		]);
		expect(new Set(inbox.messages.map((m) => m.messageId)).size).toBe(2);
	});

	it("publishes the Home tab from the queue provider when a user opens it", async () => {
		await bed.deliverEvent({
			type: "app_home_opened",
			user: official.id,
			channel: "D0OFF00001",
			tab: "home",
			event_ts: "1760001100.000100",
		});
		await bed.deliverEvent({
			type: "app_home_opened",
			user: official.id,
			channel: "D0OFF00001",
			tab: "messages",
			event_ts: "1760001101.000100",
		});

		const published = bed.fake.calls("views.publish");
		expect(published).toHaveLength(1);
		expect(published[0]?.args).toMatchObject({
			user_id: official.id,
			view: {
				type: "home",
				blocks: [{ type: "section", text: { text: `待办 of ${official.id}` } }],
			},
		});
	});
});
