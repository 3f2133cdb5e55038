/**
 * How the bot reads a WeChat work group with its trained model: chatter left alone, an unsure
 * message kept silently for the office, registered from the console in one click or by 登记 in the
 * group, a problem relayed by the office, a category corrected — and the next message read better.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendTriageDigests } from "../../bot/understanding/triage-digest.ts";
import { createSession } from "../../bot/web/console/auth.ts";
import { enterprises, people } from "../../db/schema/directory.ts";
import { issues } from "../../db/schema/issues.ts";
import {
	intakeCandidates,
	intakeCorrections,
	intakeModels,
} from "../../db/schema/understanding.ts";
import { loadRoutingRules } from "../../workflows/directory/queries.ts";
import type { Classification } from "../../workflows/intake/classify-message.ts";
import { classifyMessage } from "../../workflows/intake/classify-message.ts";
import type { TestBot } from "../support/bot-harness.ts";
import { waitFor } from "../support/wait.ts";
import {
	exchange,
	PEOPLE,
	raise,
	startBotInRoom,
	type WechatRoom,
} from "./wechat-room.ts";

/** Vague messages; the test uses the first one the model is unsure of (and says so if none is). */
const VAGUE = [
	"供电那边的人今天来过了吗",
	"设备有点问题，不知道找谁",
	"最近车间电压好像不太稳，大家有遇到吗",
	"我们那边电的事不知道该找谁问",
	"厂里最近用电有点情况，想问问",
];

const TRANSPORT = "三元区交通运输局";

function quote(author: string, text: string, reply: string): string {
	return `「${author}：${text}」\n- - - - - - - - - - - - - - -\n${reply}`;
}

describe("the bot reads the group [postgres]", () => {
	let room: WechatRoom;
	let bot: TestBot;
	const read = async (text: string): Promise<Classification> => {
		const routing = await loadRoutingRules(bot.db);
		return classifyMessage(
			{ text, attachments: [] },
			routing,
			bot.qinqing.intakeModels.current(),
		);
	};

	beforeAll(async () => {
		({ room, bot } = await startBotInRoom("postgres"));
	});
	afterAll(async () => {
		await bot?.close();
	});

	it("starts with a trained model and stays silent on thanks after a fix and meeting questions", async () => {
		expect(bot.qinqing.intakeModels.current()).not.toBeNull();
		const before = room.botSaid().length;
		const thanks = room.say(
			"chen",
			"谢谢王局，停电原因找到了，是我们自己的开关柜老化，已经换好了",
		);
		const meeting = room.say("huang", "请问今天下午的政策培训是线上还是线下？");
		expect((await bot.recorded(thanks)).outcome).toBe("chatter");
		expect((await bot.recorded(meeting)).outcome).toBe("chatter");
		// A real problem after them is answered, and is the only thing the bot said.
		const issue = await raise(room, "chen", "车间黑了一下午，机器全趴窝，急");
		expect(issue.ack.text).toContain("类别：用电");
		expect(
			room
				.botSaid()
				.slice(before)
				.map((s) => s.id),
		).toEqual([issue.ack.id]);
	});

	it("keeps an unsure message for the office without a word in the group, and the console registers it", async () => {
		let text: string | undefined;
		for (const candidate of VAGUE) {
			if ((await read(candidate)).kind === "unsure") {
				text = candidate;
				break;
			}
		}
		if (!text)
			throw new Error(
				`the model is sure of every message in VAGUE now: add a vaguer one (${VAGUE.join(" / ")})`,
			);
		const before = room.botSaid().length;
		const messageId = room.say("huang", text);
		const row = await bot.recorded(messageId);
		expect(row.outcome).toBe("candidate");
		const [candidate] = await bot.db
			.select()
			.from(intakeCandidates)
			.where(eq(intakeCandidates.inboundMessageId, row.id));
		expect(candidate?.state).toBe("pending");
		expect(room.botSaid().length).toBe(before);

		// The office hears of it once, by direct message to its staff, not in the group.
		const digest = {
			now: new Date(),
			locale: "zh-CN" as const,
			publicUrl: "https://qinqing.example",
		};
		expect(await sendTriageDigests(bot.db, digest)).toBe(1);
		const dm = (await bot.outbox()).filter(
			(r) => r.conversationId === PEOPLE.liu.id,
		);
		expect(dm).toHaveLength(1);
		expect(JSON.stringify(dm[0]?.message)).toContain(text);
		expect(JSON.stringify(dm[0]?.message)).toContain(
			"https://qinqing.example/console/triage",
		);
		expect(await sendTriageDigests(bot.db, digest)).toBe(0);

		// The office's desk: the candidate is listed; one click registers it as 用电.
		const [liu] = await bot.db
			.select()
			.from(people)
			.where(eq(people.code, "liu-jianping"));
		if (!liu || !candidate) throw new Error("fixture");
		const cookie = `qq_console=${await createSession(bot.db, liu.id)}`;
		const page = await fetch(`${bot.url}/console/triage`, {
			headers: { cookie },
		});
		expect(page.status).toBe(200);
		const body = await page.text();
		expect(body).toContain(text);
		const csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? "";
		const csrfCookie = (page.headers.get("set-cookie") ?? "").split(";")[0];
		const posted = await fetch(`${bot.url}/console/triage/${candidate.id}`, {
			method: "POST",
			headers: {
				cookie: `${cookie}; ${csrfCookie}`,
				"content-type": "application/x-www-form-urlencoded",
			},
			body: new URLSearchParams({
				_csrf: csrf,
				action: "promote",
				category: "power",
			}).toString(),
		});
		expect(posted.status).toBe(200);
		expect(await posted.text()).toContain("已登记为问题");

		const ack = await room.waitForBot(
			(s) => s.text.includes("已登记问题") && s.text.includes("类别：用电"),
			"the acknowledgement of the registered candidate",
			before,
		);
		expect(ack.mentionIds.sort()).toEqual(
			[PEOPLE.shi.id, PEOPLE.wang.id].sort(),
		);
		const [after] = await bot.db
			.select()
			.from(intakeCandidates)
			.where(eq(intakeCandidates.id, candidate.id));
		expect(after?.state).toBe("promoted");
		const issue = await bot.issueByNumber(
			/#(\d{4}-\d{6})/.exec(ack.text)?.[1] ?? "",
		);
		const events = await bot.eventsOf(issue.id);
		expect(events.map((e) => e.kind)).toContain("registered_by_office");
		expect(
			events.find((e) => e.kind === "registered_by_office")?.actorPersonId,
		).toBe(liu.id);

		// The correction is learnt: the same words are now read as a 用电 problem.
		const trained = (await bot.db.select().from(intakeModels)).length;
		await waitFor(
			async () => (await bot.db.select().from(intakeModels)).length > trained,
			"a model trained with the correction",
			60_000,
		);
		await waitFor(
			async () => {
				const now = await read(text ?? "");
				return now.kind === "issue" && now.categoryCode === "power";
			},
			"the next reading to use the correction",
			40_000,
		);
	}, 150_000);

	it("registers a message the bot left alone when the office replies 登记 to it in the group", async () => {
		const text = "电费好像比上个月多了不少";
		const messageId = room.say("chen", text);
		const row = await bot.recorded(messageId);
		expect(["chatter", "candidate"]).toContain(row.outcome);
		const reply = await exchange(
			room,
			"liu",
			quote("陈国栋", text, "登记 用电"),
			(s) => s.text.includes("已登记问题") && s.text.includes("类别：用电"),
			"the acknowledgement of the registered message",
		);
		expect(reply.said.mentionIds.sort()).toEqual(
			[PEOPLE.shi.id, PEOPLE.wang.id].sort(),
		);
		const issue = await bot.issueByNumber(
			/#(\d{4}-\d{6})/.exec(reply.said.text)?.[1] ?? "",
		);
		const [xinyuan] = await bot.db
			.select()
			.from(enterprises)
			.where(eq(enterprises.code, "xinyuan-machinery"));
		expect(issue.enterpriseId).toBe(xinyuan?.id);
		expect(issue.body).toBe(text);
		const corrections = await bot.db
			.select()
			.from(intakeCorrections)
			.where(
				and(
					eq(intakeCorrections.issueId, issue.id),
					eq(intakeCorrections.categoryCode, "power"),
				),
			);
		expect(corrections).toHaveLength(1);
	});

	it("registers a problem the office relays for an enterprise, and corrects its category", async () => {
		const relayed = await exchange(
			room,
			"liu",
			"登记 三明绿源新材料科技有限公司：绿源反映厂区东侧道路塌陷，货车进不去",
			(s) => s.text.includes("已登记问题"),
			"the acknowledgement of the relayed problem",
		);
		const number = /#(\d{4}-\d{6})/.exec(relayed.said.text)?.[1] ?? "";
		const issue = await bot.issueByNumber(number);
		const [lvyuan] = await bot.db
			.select()
			.from(enterprises)
			.where(eq(enterprises.code, "lvyuan-materials"));
		expect(issue.enterpriseId).toBe(lvyuan?.id);
		expect(issue.body).toBe("绿源反映厂区东侧道路塌陷，货车进不去");

		const short = String(Number(number.slice(5)));
		const target = issue.categoryCode === "power" ? "交通" : "用电";
		const corrected = await exchange(
			room,
			"liu",
			`#${short} 改类别 ${target}`,
			(s) => s.text.includes(`#${number} 的类别`),
			"the confirmation of the new category",
		);
		expect(corrected.said.text).toContain(`改为「${target}」`);
		expect((await bot.issueByNumber(number)).categoryCode).toBe(
			target === "交通" ? "transport" : "power",
		);
		// An official who is not of the office cannot do this.
		const refused = await exchange(
			room,
			"shi",
			`#${short} 改类别 ${target === "交通" ? "用电" : "交通"}`,
			(s) => s.text.includes("只有企业服务办公室"),
			"the refusal",
		);
		expect(refused.said.text).toContain("只有企业服务办公室可以这样更正");
		expect((await bot.issueByNumber(number)).categoryCode).toBe(
			target === "交通" ? "transport" : "power",
		);
	});

	it("learns the category the office gives by dispatching an issue the bot could not place", async () => {
		const relayed = await exchange(
			room,
			"liu",
			"登记 三明绿源新材料科技有限公司：绿源反映厂门口的路面被重车压坏了，坑很深",
			(s) => s.text.includes("已登记问题"),
			"the acknowledgement of the relayed problem",
		);
		const number = /#(\d{4}-\d{6})/.exec(relayed.said.text)?.[1] ?? "";
		const registered = await bot.issueByNumber(number);
		// As the bot leaves a problem it cannot place: no category, waiting for the office.
		await bot.db
			.update(issues)
			.set({
				categoryCode: null,
				leadDepartmentId: null,
				state: "awaiting_dispatch",
				acceptDueAt: null,
				dueAt: null,
				clockStartedAt: null,
			})
			.where(eq(issues.id, registered.id));
		const short = String(Number(number.slice(5)));
		await exchange(
			room,
			"liu",
			`#${short} 派单 ${TRANSPORT}`,
			(s) => s.text.includes(`#${number}`) && s.text.includes(TRANSPORT),
			"the dispatch notice",
		);
		const learnt = await bot.db
			.select()
			.from(intakeCorrections)
			.where(eq(intakeCorrections.issueId, registered.id));
		expect(
			learnt.map(({ source, kind, categoryCode, botCategoryCode, text }) => ({
				source,
				kind,
				categoryCode,
				botCategoryCode,
				text,
			})),
		).toContainEqual({
			source: "dispatched",
			kind: "issue",
			categoryCode: "transport",
			botCategoryCode: null,
			text: "绿源反映厂门口的路面被重车压坏了，坑很深",
		});
	});

	it("closes an issue the bot registered in error with 误登记, and learns the message as chatter", async () => {
		const text = "停电那会儿车间正好在换班，大家都说运气好，哈哈";
		const messageId = room.say("chen", text);
		const row = await bot.recorded(messageId);
		const issueId =
			row.issueId ??
			(
				await exchange(
					room,
					"liu",
					quote("陈国栋", text, "登记 用电"),
					(s) => s.text.includes("已登记问题"),
					"the registration of the message (the bot left it alone)",
				).then((r) =>
					bot.issueByNumber(/#(\d{4}-\d{6})/.exec(r.said.text)?.[1] ?? ""),
				)
			).id;
		const [issue] = await bot.db
			.select()
			.from(issues)
			.where(eq(issues.id, issueId));
		const short = String(Number(issue?.number.slice(5)));
		await exchange(
			room,
			"liu",
			`#${short} 误登记 是闲聊`,
			(s) => s.text.includes(`#${issue?.number}`),
			"the closing notice",
		);
		const [after] = await bot.db
			.select()
			.from(issues)
			.where(eq(issues.id, issueId));
		expect(after?.state).toBe("closed");
		const learnt = await bot.db
			.select()
			.from(intakeCorrections)
			.where(
				and(
					eq(intakeCorrections.issueId, issueId),
					eq(intakeCorrections.source, "not_a_problem"),
				),
			);
		expect(learnt.map((c) => [c.kind, c.text])).toEqual([["chatter", text]]);
	}, 30_000);
});
