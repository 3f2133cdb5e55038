/**
 * Replies understood in context on WeChat (puppet-mock): an official's 「收到，马上安排人去看」 under
 * the dispatch accepts the issue; the enterprise's quoted 「不满意，还是停电」 reopens it and says so in
 * one reply with an undo; 「撤销」 puts it back; 「已经修好了，谢谢」, with that one issue waiting for its
 * confirmation, confirms it — and none of these opens a new issue.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { people } from "../../db/schema/directory.ts";
import { issueEvents, issues, ratings } from "../../db/schema/issues.ts";
import type { TestBot } from "../support/bot-harness.ts";
import {
	exchange,
	type RaisedIssue,
	raise,
	startBotInRoom,
	type WechatRoom,
} from "./wechat-room.ts";

function quote(author: string, text: string, reply: string): string {
	return `「${author}：${text}」\n- - - - - - - - - - - - - - -\n${reply}`;
}

describe("replies understood in context [postgres]", () => {
	let room: WechatRoom;
	let bot: TestBot;
	let issue: RaisedIssue;
	const issueCount = async () => (await bot.db.select().from(issues)).length;
	const state = async () => (await bot.issueByNumber(issue.number)).state;

	beforeAll(async () => {
		({ room, bot } = await startBotInRoom("postgres"));
		issue = await raise(
			room,
			"chen",
			"我们厂区昨晚开始频繁跳闸停电，两条生产线受影响，请帮忙排查一下",
		);
	});
	afterAll(async () => {
		await bot?.close();
	});

	it("takes an official's 「收到，马上安排人去看」 under the dispatch as accepting it", async () => {
		const before = await issueCount();
		const accepted = await exchange(
			room,
			"shi",
			quote("亲清助手", issue.ack.text, "收到，马上安排人去看"),
			(s) => s.text.includes(`#${issue.number}`) && s.text.includes("受理"),
			"the acceptance",
		);
		expect(accepted.said.text).toContain("已按您的回复记为「受理」");
		expect(accepted.said.text).toContain("如有误，请在 10 分钟内回复「撤销」");
		expect(await state()).toBe("accepted");
		expect((await bot.recorded(accepted.messageId)).outcome).toBe(
			"reply_accept",
		);
		expect(await issueCount()).toBe(before);
	});

	it("reopens on a quoted 「不满意，还是停电」, confirms it in one reply, and 「撤销」 puts it back", async () => {
		const resolved = await exchange(
			room,
			"shi",
			`#${issue.short} 办结 已更换老化的变压器接头，恢复正常供电`,
			(s) => s.text.includes(`#${issue.number} 已办结`),
			"the resolution",
		);
		const before = await issueCount();
		const saidBefore = room.botSaid().length;
		const reopened = await exchange(
			room,
			"chen",
			quote("亲清助手", resolved.said.text, "不满意，还是停电"),
			(s) => s.text.includes("已按您的回复记为「不满意」"),
			"the reopening",
		);
		expect(reopened.said.text).toContain(`#${issue.number}`);
		expect(reopened.said.text).toContain("还是停电");
		expect(reopened.said.text).toContain("回复「撤销」");
		expect(await state()).toBe("reopened");
		expect(await issueCount()).toBe(before);
		// One message for it, not a notice and a confirmation.
		await bot.recorded(reopened.messageId);
		expect(room.botSaid().length - saidBefore).toBe(1);

		const undone = await exchange(
			room,
			"chen",
			"撤销",
			(s) => s.text.includes("已撤销"),
			"the undo",
		);
		expect(undone.said.text).toContain(`#${issue.number}`);
		expect(await state()).toBe("resolved");
		const events = await bot.eventsOf(
			(await bot.issueByNumber(issue.number)).id,
		);
		const kinds = events.map((e) => e.kind);
		expect(kinds).toContain("reply_understood");
		expect(kinds).toContain("reply_undone");
		const undoEvent = events.find((e) => e.kind === "reply_undone");
		expect(undoEvent?.actorLabel).toBe("陈国栋");
		expect(undoEvent?.toState).toBe("resolved");
	});

	it("changes nothing when another enterprise replies 不满意 to this issue, and says so", async () => {
		const resolvedText = room
			.botSaid()
			.map((s) => s.text)
			.find((t) => t.includes(`#${issue.number} 已办结`));
		const before = await issueCount();
		const answered = await exchange(
			room,
			"huang",
			quote("亲清助手", resolvedText ?? "", "不满意，还是停电"),
			(s) => s.text.includes("不由您确认或办理"),
			"the polite refusal",
		);
		expect(answered.said.text).not.toContain(issue.number);
		expect(await state()).toBe("resolved");
		expect(await issueCount()).toBe(before);
	});

	it("opens a new issue for a new problem from someone whose other issue waits for confirmation", async () => {
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
		expect(await state()).toBe("resolved");
	});

	it("confirms the one issue waiting for its confirmation on 「已经修好了，谢谢」, without a new issue", async () => {
		const before = await issueCount();
		const confirmed = await exchange(
			room,
			"chen",
			"已经修好了，谢谢",
			(s) => s.text.includes("已按您的回复记为「确认办成」"),
			"the confirmation",
		);
		expect(confirmed.said.text).toContain(`#${issue.number}`);
		expect(await state()).toBe("done");
		expect(await issueCount()).toBe(before);
		const [row] = await bot.db
			.select()
			.from(issues)
			.where(eq(issues.number, issue.number));
		expect(row?.closedAt ?? row?.state).toBeTruthy();
	});

	it("takes a bare 「满意」 as the verdict on the one issue waiting for it: confirmed and rated, in one reply", async () => {
		const second = await raise(
			room,
			"chen",
			"仓库这边的灯一到晚上就忽明忽暗，电压好像不稳，麻烦看看",
		);
		await exchange(
			room,
			"shi",
			`#${second.short} 受理`,
			(s) => s.text.includes(`#${second.number} 已由`),
			"the acceptance",
		);
		await exchange(
			room,
			"shi",
			`#${second.short} 办结 已调整仓库线路的分接头，电压稳定`,
			(s) => s.text.includes(`#${second.number} 已办结`),
			"the resolution",
		);
		const saidBefore = room.botSaid().length;
		const rated = await exchange(
			room,
			"chen",
			"满意",
			(s) => s.text.includes("已按您的回复记为「满意」"),
			"the verdict",
		);
		expect(rated.said.text).toContain(`#${second.number}`);
		await bot.recorded(rated.messageId);
		expect(room.botSaid().length - saidBefore).toBe(1);
		const after = await bot.issueByNumber(second.number);
		expect(after.state).toBe("done");
		const [rating] = await bot.db
			.select()
			.from(ratings)
			.where(eq(ratings.issueId, after.id));
		expect([rating?.plan, rating?.process, rating?.result]).toEqual([5, 5, 5]);
	});

	it("answers 「撤销」 after the 10 minutes with what was recorded, and changes nothing", async () => {
		const current = await bot.issueByNumber(issue.number);
		const [chen] = await bot.db
			.select()
			.from(people)
			.where(eq(people.code, "chen-guodong"));
		// The audit log cannot be edited: a reply action of 11 minutes ago is written as a new event.
		await bot.db.insert(issueEvents).values({
			issueId: current.id,
			actorPersonId: chen?.id ?? null,
			actorLabel: "陈国栋",
			kind: "reply_understood",
			fromState: "resolved",
			toState: current.state,
			version: current.version,
			payload: { intent: "confirm", before: { state: "resolved" } },
			createdAt: new Date(Date.now() - 11 * 60_000),
		});
		// Not 「撤销」 again: the same words from the same person are taken for a puppet's redelivery.
		const late = await exchange(
			room,
			"chen",
			"撤销！",
			(s) => s.text.includes("不能撤销"),
			"the answer to a late undo",
		);
		expect(late.said.text).toContain(`#${issue.number}`);
		expect(late.said.text).toContain("「确认办成」");
		expect(late.said.text).toContain("没有做任何改动");
		expect(await state()).toBe("done");
	});

	it("answers a verdict quoting an issue already closed with what it is, and changes nothing", async () => {
		const current = await bot.issueByNumber(issue.number);
		// Closed by the office since (the closing itself is tested with the lifecycle).
		await bot.db
			.update(issues)
			.set({ state: "closed" })
			.where(eq(issues.id, current.id));
		const before = await issueCount();
		const answered = await exchange(
			room,
			"chen",
			quote("亲清助手", issue.ack.text, "不满意，还是经常停电"),
			(s) => s.text.includes("没有做任何改动"),
			"the answer about a closed issue",
		);
		expect(answered.said.text).toContain(`#${issue.number}`);
		expect(answered.said.text).toContain("已关闭");
		expect(await state()).toBe("closed");
		expect(await issueCount()).toBe(before);
	});
});
