/**
 * 回访 on WeChat (puppet-mock): a week after an issue is done the bot asks the enterprise the visit
 * questions; the enterprise's next words in the group, without quoting anything, are recorded on the
 * issue as the visit's answer (with its event) and thanked — no new issue. A plain new problem written
 * while the visit waits still opens its own issue, and leaves the visit unanswered.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issues } from "../../db/schema/issues.ts";
import type { TestBot } from "../support/bot-harness.ts";
import {
	exchange,
	type RaisedIssue,
	raise,
	startBotInRoom,
	type WechatRoom,
} from "./wechat-room.ts";

describe("回访 answers recorded on the issue [postgres]", () => {
	let room: WechatRoom;
	let bot: TestBot;
	let issue: RaisedIssue;
	const issueCount = async () => (await bot.db.select().from(issues)).length;

	beforeAll(async () => {
		({ room, bot } = await startBotInRoom("postgres"));
		issue = await raise(
			room,
			"chen",
			"我们厂区昨晚开始频繁跳闸停电，两条生产线受影响，请帮忙排查一下",
		);
		await exchange(
			room,
			"shi",
			`#${issue.short} 受理`,
			(s) => s.text.includes(`#${issue.number} 已由`),
			"the acceptance",
		);
		await exchange(
			room,
			"shi",
			`#${issue.short} 办结 已更换老化的变压器接头，恢复正常供电`,
			(s) => s.text.includes(`#${issue.number} 已办结`),
			"the resolution",
		);
		await exchange(
			room,
			"chen",
			`#${issue.short} 满意`,
			// 「满意」 confirms and rates in one message (docs/noise.md).
			(s) => s.text.includes(`#${issue.number} 企业已确认办成，已收到评价`),
			"the rating",
		);
		// A week and a day later: the follow-up step is due; the real wake-up job runs it.
		const [done] = await bot.db
			.update(issues)
			.set({ closedAt: sql`${issues.closedAt} - interval '8 days'` })
			.where(eq(issues.number, issue.number))
			.returning();
		if (!done) throw new Error("no issue");
		const after = room.botSaid().length;
		await bot.qinqing.escalation?.wakeUps.arm({
			issueId: done.id,
			generation: done.wakeGeneration,
			at: new Date(),
		});
		await room.waitForBot(
			(s) => s.text.includes("【回访】"),
			"the visit question",
			after,
		);
	});
	afterAll(async () => {
		await bot?.close();
	});

	it("still opens a new issue for a plainly new problem while the visit waits", async () => {
		const before = await issueCount();
		const registered = await exchange(
			room,
			"chen",
			"工业园通勤班车取消了，员工上下班没有公交，请交通局协调",
			(s) => s.text.includes("已登记"),
			"the new issue's acknowledgement",
		);
		expect(registered.said.text).not.toContain(issue.number);
		expect(await issueCount()).toBe(before + 1);
		expect((await bot.issueByNumber(issue.number)).visitAnsweredAt).toBeNull();
	});

	it("records the enterprise's unquoted words as the visit's answer, with an event, and opens nothing", async () => {
		const before = await issueCount();
		const words = "后续都挺顺利的，没有遗留问题";
		const thanked = await exchange(
			room,
			"chen",
			words,
			(s) => s.text.includes("回访意见"),
			"the thanks for the answer",
		);
		expect(thanked.said.text).toContain(`#${issue.number}`);
		expect((await bot.recorded(thanked.messageId)).outcome).toBe(
			"reply_visit_answer",
		);
		const answered = await bot.issueByNumber(issue.number);
		expect(answered.visitAnswer).toBe(words);
		expect(answered.visitAnsweredAt).not.toBeNull();
		expect(answered.state).toBe("done");
		const event = (await bot.eventsOf(answered.id)).find(
			(e) => e.kind === "visit_answered",
		);
		expect(event?.actorLabel).toBe("陈国栋");
		expect((event?.payload as { text?: string } | undefined)?.text).toBe(words);
		expect(await issueCount()).toBe(before);
	});

	it("takes the visit as answered: later chatter is not recorded on it again", async () => {
		const answeredAt = (await bot.issueByNumber(issue.number)).visitAnsweredAt;
		const id = room.say("chen", "建议多宣传一下政策");
		await bot.recorded(id);
		const after = await bot.issueByNumber(issue.number);
		expect(after.visitAnsweredAt).toEqual(answeredAt);
		expect(
			(await bot.eventsOf(after.id)).filter((e) => e.kind === "visit_answered"),
		).toHaveLength(1);
	});
});
