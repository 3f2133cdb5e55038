/**
 * The bot's main loop on WeChat, by chat messages only: real Wechaty on wechaty-puppet-mock, the
 * whole bot in-process (pipeline, Postgres or PGlite, Redis), reading what it says in the room.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enterprises, people } from "../../db/schema/directory.ts";
import type { TestBot } from "../support/bot-harness.ts";
import { DRIVERS } from "../support/databases.ts";
import { waitFor } from "../support/wait.ts";
import {
	exchange as ask,
	type BotSaid,
	mentionText,
	PEOPLE,
	raise as raiseIn,
	startBotInRoom,
	type WechatRoom,
	type Who,
} from "./wechat-room.ts";

const POWER = "国网三明市三元区供电公司";
const TRANSPORT = "三元区交通运输局";

for (const driver of DRIVERS) {
	describe(`the main loop on WeChat [${driver}]`, () => {
		let room: WechatRoom;
		let bot: TestBot;

		beforeAll(async () => {
			({ room, bot } = await startBotInRoom(driver));
		});

		afterAll(async () => {
			await bot?.close();
		});

		const exchange = (
			who: Who,
			text: string,
			test: (said: BotSaid) => boolean,
			what: string,
			mentions: Who[] = [],
		) => ask(room, who, text, test, what, mentions);
		const raise = (who: Who, text: string) => raiseIn(room, who, text);

		const ids = (...who: Who[]) => who.map((w) => PEOPLE[w].id).sort();
		const sorted = (list: string[]) => [...list].sort();

		it("takes a problem from the enterprise's message to its rating", async () => {
			const issue = await raise(
				"chen",
				"我们厂区昨晚开始频繁跳闸停电，两条生产线受影响，请帮忙排查一下",
			);
			// The acknowledgement: number, category, lead department, deadline; the officials mentioned as data.
			expect(issue.ack.text).toContain(`#${issue.number}`);
			expect(issue.ack.text).toContain("类别：用电");
			expect(issue.ack.text).toContain(`牵头单位：${POWER}`);
			expect(issue.ack.text).toMatch(
				/受理后\d+个工作日（约\d+月\d+日 \d\d:\d\d）/,
			);
			expect(sorted(issue.ack.mentionIds)).toEqual(ids("shi", "wang"));

			const followUp = await exchange(
				"chen",
				"补充一下：跳闸主要集中在晚上8点以后，车间电压也不稳",
				(s) => s.text.includes("已补充到问题"),
				"the follow-up joined",
			);
			expect(followUp.said.text).toContain(`#${issue.number}`);

			const accepted = await exchange(
				"shi",
				`#${issue.short} 受理`,
				(s) => s.text.includes(`#${issue.number} 已由`),
				"the acceptance",
			);
			expect(accepted.said.text).toContain(`${POWER}受理（施磊）`);
			expect(accepted.said.text).toMatch(
				/办理期限：\d+月\d+日 \d\d:\d\d（\d+个工作日）/,
			);

			const progress = await exchange(
				"shi",
				`#${issue.short} 进展 已派抢修班组到现场排查线路`,
				(s) => s.text.includes("办理进展"),
				"the progress note",
			);
			expect(progress.said.text).toContain(
				`#${issue.number} 办理进展（${POWER}）：已派抢修班组到现场排查线路`,
			);

			const resolved = await exchange(
				"shi",
				`#${issue.short} 办结 已更换老化的变压器接头，恢复正常供电`,
				(s) => s.text.includes("已办结"),
				"the resolution",
			);
			expect(resolved.said.text).toContain(
				"已更换老化的变压器接头，恢复正常供电",
			);
			expect(resolved.said.text).toContain(`#${issue.short} 满意`);
			expect(resolved.said.mentionIds).toEqual(ids("chen"));

			const rated = await exchange(
				"chen",
				`#${issue.short} 评价 5 4 5`,
				(s) => s.text.includes("已收到评价"),
				"the thanks for the rating",
			);
			// The group reads that it was rated, never the score (docs/noise.md).
			expect(rated.said.text).not.toMatch(/方案|[1-5] ?分/);

			const done = await bot.issueByNumber(issue.number);
			expect(done.state).toBe("done");
			const events = await bot.eventsOf(done.id);
			const actors = await actorNames();
			expect(
				events.map((e) => [
					e.kind,
					e.actorPersonId === null ? null : actors.get(e.actorPersonId),
				]),
			).toEqual([
				["created", "陈国栋"],
				["dispatched", "陈国栋"],
				["follow_up", "陈国栋"],
				["accepted", "施磊"],
				["progress", "施磊"],
				["resolved", "施磊"],
				["rated", "陈国栋"],
			]);
			for (const event of events) {
				expect(event.createdAt.getTime()).toBeGreaterThanOrEqual(
					done.createdAt.getTime(),
				);
			}
			await expectAllRecorded();
		});

		it("reopens an issue one tier up when the enterprise is not satisfied", async () => {
			const issue = await raise(
				"chen",
				"配电房的变压器有异响，担心影响用电安全",
			);
			// The official starts with a mention of the enterprise, as WeChat users often do.
			const accepted = await exchange(
				"wang",
				`${mentionText("chen")}#${issue.short} 受理`,
				(s) => s.text.includes(`#${issue.number} 已由`),
				"the acceptance",
				["chen"],
			);
			expect(accepted.said.text).toContain("受理（王强）");
			await exchange(
				"wang",
				`#${issue.short} 办结 已检修变压器`,
				(s) => s.text.includes(`#${issue.number} 已办结`),
				"the resolution",
			);
			const reopened = await exchange(
				"chen",
				`#${issue.short} 不满意 异响还在，晚上更明显`,
				(s) => s.text.includes(`#${issue.number} 企业不满意`),
				"the reopening",
			);
			expect(reopened.said.text).toContain("企服办统筹");
			expect(reopened.said.text).toContain("异响还在，晚上更明显");
			// Back to the official who accepted it, not the whole department.
			expect(sorted(reopened.said.mentionIds)).toEqual(ids("wang"));

			const row = await bot.issueByNumber(issue.number);
			expect(row.state).toBe("reopened");
			expect(row.tier).toBe("office");
			expect((await bot.eventsOf(row.id)).at(-1)?.kind).toBe("reopened");

			// Handled again, and this time the enterprise is satisfied.
			await exchange(
				"wang",
				`#${issue.short} 受理`,
				(s) => s.text.includes(`#${issue.number} 已由`),
				"the second acceptance",
			);
			await exchange(
				"wang",
				`#${issue.short} 办结 已更换变压器冷却风扇，夜间复测无异响`,
				(s) => s.text.includes(`#${issue.number} 已办结`),
				"the second resolution",
			);
			const satisfied = await exchange(
				"chen",
				`#${issue.short} 满意`,
				(s) => s.text.includes(`#${issue.number} 企业已确认办成，已收到评价`),
				"the thanks",
			);
			expect(satisfied.said.text).not.toContain("方案");
			const done = await bot.issueByNumber(issue.number);
			expect(done.state).toBe("done");
			expect(done.reopenCount).toBe(1);
		});

		it("transfers an issue to the department of a mentioned official", async () => {
			const issue = await raise("huang", "厂门口的电缆被挖断了，整个车间停电");
			expect(sorted(issue.ack.mentionIds)).toEqual(ids("shi", "wang"));
			const transferred = await exchange(
				"shi",
				`#${issue.short} 转办 ${mentionText("xu")}道路施工挖断了电缆，需交通运输局协调施工单位`,
				(s) => s.text.includes(`#${issue.number} 已由`),
				"the transfer",
				["xu"],
			);
			expect(transferred.said.text).toContain(
				`已由${POWER}转至${TRANSPORT}，请受理`,
			);
			expect(transferred.said.text).toContain(
				"转办原因：道路施工挖断了电缆，需交通运输局协调施工单位",
			);
			expect(sorted(transferred.said.mentionIds)).toEqual(ids("he", "xu"));
			const row = await bot.issueByNumber(issue.number);
			expect(row.state).toBe("dispatched");
			expect(row.leadDepartmentId).not.toBe(null);

			// The transport officials now see it waiting; the power company no longer does.
			const queue = await exchange(
				"xu",
				"待办",
				(s) => s.text.includes("待办问题") || s.text.includes("没有待办"),
				"徐涛's queue",
			);
			expect(queue.said.text).toContain(`#${issue.number}`);
			const powerQueue = await exchange(
				"shi",
				"待办",
				(s) => s.text.includes("待办问题") || s.text.includes("没有待办"),
				"施磊's queue",
			);
			expect(powerQueue.said.text).not.toContain(`#${issue.number}`);
		});

		it("lists an enterprise's own issues and no one else's", async () => {
			const mine = await exchange(
				"huang",
				"我的问题",
				(s) => s.text.includes("您提出的问题"),
				"黄志明's issues",
			);
			const theirs = await exchange(
				"linXiaohong",
				"我的问题",
				(s) => s.text.includes("您提出的问题"),
				"林晓红's issues",
			);
			const codes = await enterpriseCodes();
			for (const issue of await bot.issues()) {
				const line = `#${issue.number}`;
				if (codes.get(issue.enterpriseId ?? -1) === "lvyuan-materials") {
					expect(mine.said.text).toContain(line);
					expect(theirs.said.text).not.toContain(line);
				} else {
					expect(theirs.said.text).toContain(line);
					expect(mine.said.text).not.toContain(line);
				}
			}
			expect(mine.said.text).toContain("您提出的问题（1）");
		});

		it("shows an issue's timeline to its enterprise", async () => {
			const [first] = await bot.issues();
			if (!first) throw new Error("no issue yet");
			const short = String(Number(first.number.slice(5)));
			const { said } = await exchange(
				"chen",
				`#${short}`,
				(s) => s.text.includes("办理过程"),
				"the timeline",
			);
			expect(said.text).toContain(`#${first.number}`);
			expect(said.text).toContain("状态：已办成");
			expect(said.text).toMatch(/\d+月\d+日 \d\d:\d\d 施磊 /);
			expect(said.text).toMatch(/\d+月\d+日 \d\d:\d\d 陈国栋 /);
		});

		it("answers 帮助 with the commands the speaker may use", async () => {
			const enterprise = await exchange(
				"chen",
				"帮助",
				(s) => s.text.includes("可用命令"),
				"the enterprise's help",
			);
			expect(enterprise.said.text).toContain("满意");
			expect(enterprise.said.text).not.toContain("受理");
			const official = await exchange(
				"shi",
				"帮助",
				(s) => s.text.includes("可用命令"),
				"the official's help",
			);
			expect(official.said.text).toContain("受理");
			expect(official.said.text).toContain("办结");
			await expectAllRecorded();
		});

		async function actorNames(): Promise<Map<number, string>> {
			const rows = await bot.db
				.select({ id: people.id, name: people.name })
				.from(people);
			return new Map(rows.map((r) => [r.id, r.name]));
		}

		async function enterpriseCodes(): Promise<Map<number, string>> {
			const rows = await bot.db
				.select({ id: enterprises.id, code: enterprises.code })
				.from(enterprises);
			return new Map(rows.map((r) => [r.id, r.code]));
		}

		/** Every message people posted in the room reached the bot and is in inbound_messages. */
		async function expectAllRecorded(): Promise<void> {
			const posted = [...room.group.mocker.cacheMessagePayload.values()]
				.filter((p) => p.talkerId !== room.group.botContact.id)
				.map((p) => p.id);
			const recorded = await waitFor(async () => {
				const rows = await bot.inboundMessages();
				const ids = new Set(rows.map((r) => r.messageId));
				return posted.every((id) => ids.has(id)) && rows;
			}, "every posted message in inbound_messages");
			expect(recorded.length).toBe(posted.length);
		}
	});
}
