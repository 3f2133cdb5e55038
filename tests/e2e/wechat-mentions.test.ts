/**
 * Who is mentioned, and nobody turned away, on WeChat (puppet-mock). The power department names a
 * weekly duty rotation (王强 this week, 施磊 the next): a new issue mentions 王强 only; once 施磊
 * accepts, the issue's later messages mention 施磊. A member the directory does not know writes a
 * problem: it is kept, they get one polite reply, the office is asked once by direct message;
 * `认领 @张三 鑫元` opens the issue dated when they wrote it, and their next message is taken in
 * directly. The console claims another unknown member in one click (CSRF-checked form).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../bot/web/console/auth.ts";
import { people, platformIdentities } from "../../db/schema/directory.ts";
import { unknownMemberReports } from "../../db/schema/understanding.ts";
import {
	dayIndexOf,
	formatDayIndex,
} from "../../workflows/calendar/local-time.ts";
import { E2E_DIRECTORY_FILE, type TestBot } from "../support/bot-harness.ts";
import { waitFor } from "../support/wait.ts";
import {
	exchange,
	PEOPLE,
	raise,
	startBotInRoom,
	type WechatRoom,
} from "./wechat-room.ts";

/** The e2e directory with a duty rotation for the power department whose first week is this week. */
function directoryWithDuty(): string {
	const today = formatDayIndex(dayIndexOf(Date.now()));
	const text = readFileSync(E2E_DIRECTORY_FILE, "utf8").replace(
		"    head: shi-lei\n",
		`    head: shi-lei\n    duty: { rotation: [wang-qiang, shi-lei], from: "${today}" }\n`,
	);
	if (!text.includes("duty:"))
		throw new Error("fixture changed: no head: shi-lei");
	const path = `/tmp/qinqing-duty-${process.pid}-${Date.now()}.yaml`;
	writeFileSync(path, text);
	return path;
}

describe("who is mentioned, and nobody turned away [postgres]", () => {
	let room: WechatRoom;
	let bot: TestBot;
	const ids = (...who: (keyof typeof PEOPLE)[]) =>
		who.map((w) => PEOPLE[w].id).sort();
	const sorted = (list: string[]) => [...list].sort();
	/** What the bot sent to someone by direct message (the outbox: the mock keeps no DM thread). */
	const directTo = async (externalId: string) =>
		(await bot.outbox()).filter((r) => r.conversationId === externalId);

	beforeAll(async () => {
		({ room, bot } = await startBotInRoom("postgres", {
			DIRECTORY_FILE: directoryWithDuty(),
			PUBLIC_URL: "https://qinqing.example",
		}));
	});
	afterAll(async () => {
		await bot?.close();
	});

	it("mentions this week's duty officer for a new issue, then whoever accepted it", async () => {
		const issue = await raise(
			room,
			"chen",
			"我们厂区昨晚开始频繁跳闸停电，两条生产线受影响，请帮忙排查一下",
		);
		// 王强 is on duty this week: not 施磊 as well, and not every official of the department.
		expect(sorted(issue.ack.mentionIds)).toEqual(ids("wang"));

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
			`#${issue.short} 办结 已更换老化的变压器接头`,
			(s) => s.text.includes(`#${issue.number} 已办结`),
			"the resolution",
		);
		const reopened = await exchange(
			room,
			"chen",
			`#${issue.short} 不满意 晚上还是跳闸`,
			(s) => s.text.includes(`#${issue.number} 企业不满意`),
			"the reopening",
		);
		// The acceptor, not the duty officer, and not the whole department.
		expect(sorted(reopened.said.mentionIds)).toEqual(ids("shi"));
	});

	it("keeps an unknown member's problem, asks the office once, and 认领 opens it from its own time", async () => {
		const stranger = room.stranger;
		const first = await exchange(
			room,
			"stranger",
			"我们厂的变压器跳闸停电了，生产线全停，请尽快派人处理",
			(s) => s.text.includes("转给企业服务办公室"),
			"the one polite reply",
		);
		expect(first.said.text).not.toContain("尚未登记");
		expect(first.said.text).not.toContain("无法受理");
		const kept = await bot.recorded(first.messageId);
		expect(kept.outcome).toBe("unknown_member_kept");

		const asked = await waitFor(async () => {
			const dms = await directTo(PEOPLE.liu.id);
			return dms.length > 0 ? dms : undefined;
		}, "the office's question");
		expect(asked).toHaveLength(1);
		const question = JSON.stringify(asked[0]?.message);
		expect(question).toContain("变压器跳闸停电");
		expect(question).toContain(`认领 @${stranger.name}`);
		expect(question).toContain("https://qinqing.example/console/triage");

		// A second message while they wait: kept too, but no second reply and no second question.
		const saidBefore = room.botSaid().length;
		const secondId = room.say(
			"stranger",
			"从早上八点开始停的，到现在还没有来电，损失很大",
		);
		const second = await bot.recorded(secondId);
		expect(second.outcome).toBe("unknown_member_kept_again");
		expect(await directTo(PEOPLE.liu.id)).toHaveLength(1);
		expect(room.botSaid().length).toBe(saidBefore);
		const reports = await bot.db
			.select()
			.from(unknownMemberReports)
			.where(eq(unknownMemberReports.authorExternalId, stranger.id));
		expect(reports.map((r) => r.state)).toEqual(["pending", "pending"]);

		// The office answers in the group, mentioning the person.
		const claimAt = Date.now();
		const after = room.botSaid().length;
		const claimId = room.group.postPayload({
			talkerId: PEOPLE.liu.id,
			roomId: room.roomId,
			text: `认领 @${stranger.name}\u2005鑫元`,
			mentionIdList: [stranger.id],
		});
		const claimed = {
			said: await room.waitForBot(
				(s) => s.text.includes("已登记问题"),
				"the issue opened on the claim",
				after,
			),
		};
		expect((await bot.recorded(claimId)).outcome).toBe("member_claimed");
		const confirmed = await room.waitForBot(
			(s) => s.text.includes("鑫元精密机械有限公司」的成员"),
			"the claim confirmed",
			after,
		);
		expect(confirmed.text).toContain("按原发送时间计时");
		const number = /#(\d{4}-\d{6})/.exec(claimed.said.text)?.[1] ?? "";
		const issue = await bot.issueByNumber(number);
		// Dated when the member wrote it: the deadlines count from then, not from the claim.
		expect(issue.createdAt.getTime()).toBeLessThan(claimAt);
		expect(issue.createdAt.getTime()).toBe(reports[0]?.createdAt.getTime());
		expect(issue.body).toContain("变压器跳闸停电");
		expect(sorted(claimed.said.mentionIds)).toEqual(ids("wang"));
		const events = await bot.eventsOf(issue.id);
		const kinds = events.map((e) => e.kind);
		expect(kinds).toContain("member_claimed");
		expect(kinds).toContain("registered_by_office");
		expect(kinds).toContain("follow_up");
		const claimEvent = events.find((e) => e.kind === "member_claimed");
		expect(claimEvent?.actorLabel).toBe(PEOPLE.liu.name);
		const [identity] = await bot.db
			.select({ person: people })
			.from(platformIdentities)
			.innerJoin(people, eq(people.id, platformIdentities.personId))
			.where(eq(platformIdentities.externalId, stranger.id));
		expect(identity?.person.roles).toEqual(["enterprise_member"]);
		expect(identity?.person.origin).toBe("claimed");
		expect(issue.reporterPersonId).toBe(identity?.person.id);

		// Their next message is taken in directly, as anyone's in the directory.
		const next = await exchange(
			room,
			"stranger",
			"另外园区门口的道路坑洼很多，货车进出很危险，希望尽快修补",
			(s) => s.text.includes("已登记问题") || s.text.includes("已补充"),
			"the next message taken in",
		);
		const row = await bot.recorded(next.messageId);
		expect(["new_issue", "follow_up"]).toContain(row.outcome);
	});

	it("claims an unknown member with one click on the console's triage page", async () => {
		const zhao = room.group.members.zhao;
		const messageId = room.group.postPayload({
			talkerId: zhao.id,
			roomId: room.roomId,
			text: "我们公司门口的路灯坏了一个多月，晚上货车进出很危险",
		});
		expect((await bot.recorded(messageId)).outcome).toBe("unknown_member_kept");
		const [report] = await bot.db
			.select()
			.from(unknownMemberReports)
			.where(eq(unknownMemberReports.authorExternalId, zhao.id));
		const [liu] = await bot.db
			.select()
			.from(people)
			.where(eq(people.code, "liu-jianping"));
		if (!report || !liu) throw new Error("fixture");
		const cookie = `qq_console=${await createSession(bot.db, liu.id)}`;
		const page = await fetch(`${bot.url}/console/triage`, {
			headers: { cookie },
		});
		const body = await page.text();
		expect(body).toContain("待认领的成员");
		expect(body).toContain("路灯坏了一个多月");
		const csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? "";
		const csrfCookie = (page.headers.get("set-cookie") ?? "").split(";")[0];
		const enterpriseId =
			/<option value="(\d+)">三明绿源新材料科技有限公司/.exec(body)?.[1];
		expect(enterpriseId).toBeDefined();

		// Without the CSRF token the click is refused and nothing is claimed.
		const forged = await fetch(
			`${bot.url}/console/triage/unknown/${report.id}`,
			{
				method: "POST",
				headers: {
					cookie,
					"content-type": "application/x-www-form-urlencoded",
				},
				body: new URLSearchParams({
					enterprise: enterpriseId ?? "",
				}).toString(),
			},
		);
		expect(forged.status).toBe(403);

		const posted = await fetch(
			`${bot.url}/console/triage/unknown/${report.id}`,
			{
				method: "POST",
				headers: {
					cookie: `${cookie}; ${csrfCookie}`,
					"content-type": "application/x-www-form-urlencoded",
				},
				body: new URLSearchParams({
					_csrf: csrf,
					enterprise: enterpriseId ?? "",
				}).toString(),
			},
		);
		expect(posted.status).toBe(200);
		expect(await posted.text()).toContain("三明绿源新材料科技有限公司");
		const [after] = await bot.db
			.select()
			.from(unknownMemberReports)
			.where(eq(unknownMemberReports.id, report.id));
		expect(after?.state).toBe("claimed");
		expect(after?.claimedByPersonId).toBe(liu.id);
		const issue = (await bot.issues()).find((i) => i.id === after?.issueId);
		expect(issue?.createdAt.getTime()).toBe(report.createdAt.getTime());
		await room.waitForBot(
			(s) =>
				s.text.includes(`#${issue?.number}`) && s.text.includes("已登记问题"),
			"the acknowledgement in the group",
		);
	});
});
