/**
 * Bad input through the real pipeline, on the WeChat mock: whatever people post, the bot records it,
 * answers politely or stays quiet, and never shows one enterprise another's issue.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { types } from "wechaty";
import { issueEvents, issues } from "../../db/schema/issues.ts";
import { outbox } from "../../db/schema/pipeline.ts";
import type { TestBot } from "../support/bot-harness.ts";
import { DRIVERS } from "../support/databases.ts";
import { drained, waitFor } from "../support/wait.ts";
import {
	exchange as ask,
	type BotSaid,
	PEOPLE,
	raise as raiseIn,
	startBotInRoom,
	type WechatRoom,
	type Who,
} from "./wechat-room.ts";

for (const driver of DRIVERS) {
	describe(`bad input on WeChat [${driver}]`, () => {
		let room: WechatRoom;
		let bot: TestBot;

		beforeAll(async () => {
			({ room, bot } = await startBotInRoom(driver));
		});

		afterAll(async () => {
			await bot?.close();
		});

		const exchange = (
			who: Who | "stranger",
			text: string,
			test: (said: BotSaid) => boolean,
			what: string,
		) => ask(room, who, text, test, what);
		const raise = (who: Who, text: string) => raiseIn(room, who, text);

		/** The bot's reply to one inbound message, if it wrote one (its outbox row). */
		async function replyOf(inboundId: number) {
			const rows = await bot.db
				.select()
				.from(outbox)
				.where(eq(outbox.dedupeKey, `inbound-${inboundId}-reply`));
			return rows[0];
		}

		// First, while 林晓红's enterprise has no issue yet: an image alone is noted, and no issue opened.
		it("notes an image that comes without words, and stores it as a placeholder", async () => {
			const after = room.botSaid().length;
			const imageId = room.send("linXiaohong", types.Message.Image);
			const said = await room.waitForBot(
				(s) => s.text.includes("已收到附件"),
				"the image noted",
				after,
			);
			expect(said.text).toContain("请用文字简要说明");
			const row = await bot.recorded(imageId);
			expect(row.outcome).toBe("attachment_only");
			expect(row.message).toMatchObject({ attachments: [{ kind: "image" }] });
			expect(await bot.issues()).toEqual([]);
		});

		it("opens an issue from a 10 000-character message with a short title", async () => {
			const head =
				"我们厂区从昨晚开始反复跳闸停电，生产线全部停了，请尽快安排人来看看。";
			const text = (head + "详细情况如下：".repeat(2000)).slice(0, 10_000);
			expect(text.length).toBe(10_000);
			const issue = await raise("chen", text);
			expect(issue.ack.text).toContain("类别：用电");

			const row = await bot.issueByNumber(issue.number);
			expect(Array.from(row.title).length).toBeLessThanOrEqual(31);
			expect(row.title.startsWith("我们厂区从昨晚开始反复跳闸停电")).toBe(true);
			expect(row.body.length).toBe(10_000);
			const inbound = await bot.recorded(issue.messageId);
			expect(inbound.text.length).toBe(10_000);
			expect(inbound.outcome).toBe("new_issue");
			// Still answering: the next message is handled as usual.
			await exchange(
				"shi",
				"帮助",
				(s) => s.text.includes("可用命令"),
				"help after the long message",
			);
		});

		it("keeps a file sent after a problem with that problem", async () => {
			const [issue] = await bot.issues();
			if (!issue) throw new Error("no issue yet");
			const after = room.botSaid().length;
			const fileId = room.send("chen", types.Message.Attachment);
			const said = await room.waitForBot(
				(s) => s.text.includes("已收到附件"),
				"the file noted",
				after,
			);
			expect(said.text).toContain(`已记入问题 #${issue.number}`);
			const row = await bot.recorded(fileId);
			expect(row.outcome).toBe("follow_up");
			const [event] = await bot.db
				.select()
				.from(issueEvents)
				.where(
					and(
						eq(issueEvents.issueId, issue.id),
						eq(issueEvents.kind, "follow_up"),
					),
				);
			expect(event?.payload).toMatchObject({
				messageId: fileId,
				attachments: [{ kind: "file" }],
			});
		});

		it("stays quiet on emoji and acknowledgements", async () => {
			const before = (await bot.issues()).length;
			for (const text of ["👍👍👍", "🙏", "收到👍", "好的，收到[强]"]) {
				const id = room.say("huang", text);
				const row = await bot.recorded(id);
				expect(row.outcome, text).toBe("chatter");
				expect(await replyOf(row.id), text).toBeUndefined();
			}
			expect((await bot.issues()).length).toBe(before);
		});

		it("records a sticker and says nothing", async () => {
			const id = room.send("huang", types.Message.Emoticon);
			const row = await bot.recorded(id);
			expect(row.outcome).toBe("chatter");
			expect(row.message).toMatchObject({ attachments: [{ kind: "sticker" }] });
			expect(await replyOf(row.id)).toBeUndefined();
		});

		it("records a message from a room it does not serve, and says nothing there", async () => {
			const other = room.group.mocker.createRoom({
				topic: "陈国栋的家人群",
				memberIdList: [room.group.botContact.id, PEOPLE.chen.id],
			});
			const id = room.group.postPayload({
				talkerId: PEOPLE.chen.id,
				roomId: other.id,
				text: "家里停电了，谁知道怎么回事",
			});
			const row = await bot.recorded(id);
			expect(row.outcome).toBe("unknown_conversation");
			expect(row.issueId).toBeNull();
			expect(await replyOf(row.id)).toBeUndefined();
			// One log line names the room, not the words said in it.
			const lines = await waitFor(() => {
				const found = bot.logs.filter((line) => line.includes(other.id));
				return found.length > 0 ? found : undefined;
			}, "the log line");
			expect(lines).toHaveLength(1);
			expect(lines[0]).toContain("not in the directory");
			expect(lines[0]).not.toContain("家里停电");
		});

		it("reads a problem through zero-width and right-to-left characters", async () => {
			const text =
				"园区门口\u200B道路\u200D被货车\u202E压坏了\u202C，\u2066通勤班车\u2069进不来\uFEFF";
			const issue = await raise("huang", text);
			expect(issue.ack.text).toContain("类别：交通");
			expect([...issue.ack.mentionIds].sort()).toEqual(
				[PEOPLE.he.id, PEOPLE.xu.id].sort(),
			);
			const row = await bot.issueByNumber(issue.number);
			expect(row.categoryCode).toBe("transport");
			expect(row.body).toBe("园区门口道路被货车压坏了，通勤班车进不来");
			expect(row.title).not.toMatch(
				/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/,
			);
			// What arrived is kept as it arrived.
			expect((await bot.recorded(issue.messageId)).text).toBe(text);
		});

		it("answers an unknown issue number by naming it", async () => {
			const { messageId, said } = await exchange(
				"shi",
				"#999 受理",
				(s) => s.text.includes("#999"),
				"the unknown number answered",
			);
			expect(said.text).toContain("没有找到问题 #999");
			expect((await bot.recorded(messageId)).outcome).toBe(
				"command_unknown_issue",
			);
		});

		it("refuses a command from the wrong person, naming who may run it", async () => {
			const [issue] = await bot.issues();
			if (!issue) throw new Error("no issue yet");
			const short = String(Number(issue.number.slice(5)));
			const { messageId, said } = await exchange(
				"chen",
				`#${short} 受理`,
				(s) => s.text.includes("可以受理"),
				"the refusal",
			);
			expect(said.text).toContain("只有牵头单位的经办人可以受理");
			expect(said.text).toContain(
				`#${issue.number} 的牵头单位：国网三明市三元区供电公司`,
			);
			expect((await bot.recorded(messageId)).outcome).toBe(
				"command_refused_not_permitted",
			);
			expect((await bot.issueByNumber(issue.number)).state).toBe("dispatched");
		});

		it("never shows an enterprise another enterprise's issue", async () => {
			const [issue] = await bot.issues();
			if (!issue) throw new Error("no issue yet");
			const short = String(Number(issue.number.slice(5)));
			for (const text of [`#${short}`, `#${short} 满意`, `#${issue.number}`]) {
				const { messageId, said } = await exchange(
					"huang",
					text,
					(s) => s.text.includes("没有找到问题"),
					`"${text}" refused`,
				);
				expect(said.text).not.toContain(issue.title);
				expect(said.text).not.toContain("跳闸");
				expect((await bot.recorded(messageId)).outcome).toMatch(
					/unknown_issue/,
				);
			}
			expect((await bot.issueByNumber(issue.number)).state).toBe("dispatched");
		});

		it("opens one issue and answers once for a redelivered message", async () => {
			const issue = await raise(
				"linXiaohong",
				"公司通勤班车的站点被取消了，员工上下班很不方便",
			);
			room.redeliver(issue.messageId);
			// A marker after the redelivery: the adapter delivers in order, so the redelivery has been queued.
			await exchange("he", "待办", (s) => s.text.includes("待办"), "a marker");
			await drained(bot.inboundQueue);
			const raised = await bot.db
				.select()
				.from(issues)
				.where(eq(issues.sourceMessageId, issue.messageId));
			expect(raised).toHaveLength(1);
			const acks = room
				.botSaid()
				.filter((s) => s.text.includes(`已登记问题 #${issue.number}`));
			expect(acks).toHaveLength(1);
			const rows = (await bot.inboundMessages()).filter(
				(r) => r.messageId === issue.messageId,
			);
			expect(rows).toHaveLength(1);
		});

		it("drops the same words re-sent at once under a new id (a puppet's redelivery)", async () => {
			// 黄志明's open issue is about transport: this one is about power, so it is a new issue.
			const text = "厂区的变压器又烧了，车间停电，请供电公司来人看看";
			const issue = await raise("huang", text);
			const againId = room.say("huang", text);
			await exchange("xu", "待办", (s) => s.text.includes("待办"), "a marker");
			await drained(bot.inboundQueue);
			// Dropped at the gateway, before the worker: no record, no second issue, no second answer.
			const rows = await bot.inboundMessages();
			expect(rows.some((r) => r.messageId === againId)).toBe(false);
			const same = (await bot.issues()).filter((i) => i.body === text);
			expect(same).toHaveLength(1);
			expect(
				room.botSaid().filter((s) => s.text.includes(`#${issue.number}`)),
			).toHaveLength(1);
		});

		it("keeps a recalled problem on the issue's record", async () => {
			const [issue] = await bot.issues();
			if (!issue?.sourceMessageId) throw new Error("no issue yet");
			const recallId = room.group.postPayload({
				talkerId: PEOPLE.chen.id,
				roomId: room.roomId,
				type: types.Message.Recalled,
				text: issue.sourceMessageId,
			});
			const row = await bot.recorded(recallId);
			expect(row.outcome).toBe("source_deleted");
			expect((await bot.eventsOf(issue.id)).at(-1)?.kind).toBe(
				"source_deleted",
			);
			const kept = await bot.issueByNumber(issue.number);
			expect(kept.body).toBe(issue.body);
		});

		it("keeps a problem from someone who is not in the directory, and answers them politely once", async () => {
			const { messageId, said } = await exchange(
				"stranger",
				"我们公司的用电问题一直没人管，怎么办",
				(s) => s.text.includes("企业服务办公室"),
				"the stranger answered",
			);
			expect(said.text).not.toContain("无法受理");
			const row = await bot.recorded(messageId);
			expect(row.outcome).toBe("unknown_member_kept");
			expect(row.authorExternalId).toBe(room.stranger.id);

			// One reply at most: the next one is kept and not answered.
			const again = room.say(
				"stranger",
				"还有用水的问题也想反映一下，水压太低",
			);
			const second = await bot.recorded(again);
			expect(second.outcome).toBe("unknown_member_kept_again");
			expect(await replyOf(second.id)).toBeUndefined();
		});

		it("tells someone who is not in the directory that a command is not theirs to run", async () => {
			const { messageId, said } = await exchange(
				"stranger",
				"我的问题",
				(s) => s.text.includes("尚未登记"),
				"the stranger's command answered",
			);
			expect(said.text).toContain("请联系企业服务办公室登记");
			expect((await bot.recorded(messageId)).outcome).toBe("unknown_person");
		});
	});
}
