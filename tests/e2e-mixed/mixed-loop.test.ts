/**
 * A mixed deployment in one bot process: the enterprise's work group on WeChat (real Wechaty on
 * wechaty-puppet-mock) and the officials and their leader on WeCom (the real WeCom adapter against a
 * local WeCom). The enterprise is answered where it wrote; the officials, who have no WeChat account,
 * are told on WeCom — in their department's WeCom group, @-mentioned — and act there by command; the
 * leader's warning reaches the leader on WeCom. Read from what WeChat and WeCom received.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWecomAdapter } from "../../adapters/wecom/index.ts";
import { createApiKey } from "../../bot/web/api/keys.ts";
import { createSession } from "../../bot/web/console/auth.ts";
import { SESSION_COOKIE } from "../../bot/web/console/routes.ts";
import { people } from "../../db/schema/directory.ts";
import type { TestBot } from "../support/bot-harness.ts";
import { startTestBot } from "../support/bot-harness.ts";
import { DRIVERS } from "../support/databases.ts";
import {
	type FakeWecom,
	startFakeWecom,
	wecomText,
} from "../support/fake-wecom.ts";
import { waitFor } from "../support/wait.ts";
import {
	createWechatyMockGroup,
	type WechatyMockGroup,
} from "../support/wechaty-mock.ts";

const DIRECTORY = new URL("./directory.yaml", import.meta.url).pathname;
const CHEN = { id: "wxid_mixed_chen", name: "陈国栋" }; // the enterprise, on WeChat only
const SUN = { id: "wxid_mixed_sun", name: "孙服务" }; // the service office, on both
const LI_DIAN = "lidian"; // the power company's duty officer, on WeCom only
const LEADER = "wangfu"; // the power company's leader in charge, on WeCom only
const POWER_WEBHOOK = "power-webhook-key";
/** A Wednesday morning in office hours, Asia/Shanghai: the bot's clock starts here. */
const START = new Date("2026-12-09T09:30:00+08:00");

interface Said {
	text: string;
	mentionIds: string[];
}

for (const driver of DRIVERS) {
	describe(`a mixed deployment: enterprises on WeChat, officials on WeCom [${driver}]`, () => {
		let wechat: WechatyMockGroup;
		let wecom: FakeWecom;
		let bot: TestBot;
		let offsetMs = START.getTime() - Date.now();
		const clock = () => new Date(Date.now() + offsetMs);

		beforeAll(async () => {
			wechat = await createWechatyMockGroup();
			for (const person of [CHEN, SUN]) {
				const contact = wechat.mocker.createContact(person);
				wechat.room.payload.memberIdList.push(contact.id);
			}
			wecom = await startFakeWecom();
			const wecomAdapter = createWecomAdapter({
				botId: wecom.botId,
				botSecret: wecom.botSecret,
				botName: "亲清助手",
				wsUrl: wecom.wsUrl,
				apiUrl: wecom.apiUrl,
				corpId: wecom.corpId,
				agentId: wecom.agentId,
				agentSecret: wecom.agentSecret,
				webhooks: { power: POWER_WEBHOOK },
			});
			bot = await startTestBot({
				driver,
				adapters: [wechat.harness.adapter, wecomAdapter],
				env: { DIRECTORY_FILE: DIRECTORY, WECHATY_NAME: "亲清助手" },
				clock,
			});
			await wechat.harness.ready();
		});

		afterAll(async () => {
			await bot?.close();
			await wechat?.harness.close();
			await wecom?.close();
		});

		/** What the bot said on WeChat: in the room, or to one person. */
		const saidOnWechat = (where: { room: true } | { to: string }): Said[] =>
			[...wechat.mocker.cacheMessagePayload.values()]
				.filter(
					(p) =>
						p.talkerId === wechat.botContact.id &&
						("room" in where
							? "roomId" in p && p.roomId === wechat.room.id
							: "listenerId" in p && p.listenerId === where.to),
				)
				.map((p) => ({
					text: p.text ?? "",
					mentionIds: "mentionIdList" in p ? (p.mentionIdList ?? []) : [],
				}));
		const inRoom = (test: (s: Said) => boolean, what: string) =>
			waitFor(
				() => saidOnWechat({ room: true }).find(test),
				`the bot to say ${what} in the WeChat group`,
			);
		const postInRoom = (who: { id: string }, text: string) =>
			wechat.postPayload({
				talkerId: who.id,
				roomId: wechat.room.id,
				text,
			});
		const appMessageTo = (userid: string, includes: string) =>
			waitFor(
				() =>
					wecom
						.appMessages()
						.find((m) => m.touser === userid && m.content.includes(includes)),
				`a WeCom application message to ${userid} with "${includes}"`,
			);

		it("answers the enterprise on WeChat and tells the officials on WeCom, from the problem to the rating", async () => {
			postInRoom(
				CHEN,
				"我们厂区昨晚开始频繁跳闸停电，两条生产线受影响，请帮忙排查一下",
			);
			const ack = await inRoom(
				(s) => s.text.includes("已登记问题"),
				"the acknowledgement",
			);
			const number = /#(\d{4}-\d{6})/.exec(ack.text)?.[1];
			if (!number) throw new Error(`no issue number in: ${ack.text}`);
			const short = String(Number(number.slice(5)));
			expect(ack.text).toContain("牵头单位：供电公司");
			// Nobody of the power company is in the WeChat group: nobody is mentioned there, by id or name.
			expect(ack.mentionIds).toEqual([]);
			expect(ack.text).not.toContain("李电");

			// The duty officer is told in the power company's WeCom group, @-mentioned by id.
			const told = await waitFor(
				() =>
					wecom
						.webhookMessages()
						.find((m) => m.key === POWER_WEBHOOK && m.content.includes(number)),
				"the power company's WeCom group to hear of the issue",
			);
			expect(told.mentioned).toEqual([LI_DIAN]);
			expect(told.content).toContain("工业企业服务群");
			expect(told.content).toContain(`#${number} 受理`);
			// …and not by direct message as well, nor anyone on WeChat.
			expect(wecom.appMessages()).toEqual([]);
			expect(saidOnWechat({ to: CHEN.id })).toEqual([]);

			// The official accepts on WeCom, writing to the bot; the enterprise reads it in its group.
			wecom.pushMessage(wecomText({ userid: LI_DIAN, text: `#${short} 受理` }));
			await inRoom(
				(s) => s.text.includes(`#${number} 已由供电公司受理`),
				"the acceptance",
			);
			await appMessageTo(LI_DIAN, "已由供电公司受理");

			wecom.pushMessage(
				wecomText({
					userid: LI_DIAN,
					text: `#${short} 办结 已更换老化的变压器接头，恢复正常供电`,
				}),
			);
			const resolved = await inRoom(
				(s) => s.text.includes("已更换老化的变压器接头"),
				"the resolution",
			);
			expect(resolved.mentionIds).toEqual([CHEN.id]);
			// The enterprise is asked to rate on WeChat, privately.
			await waitFor(
				() =>
					saidOnWechat({ to: CHEN.id }).find((s) => s.text.includes(number)),
				"the rating request in a WeChat direct message",
			);

			postInRoom(CHEN, `#${short} 满意`);
			await waitFor(async () => {
				const issue = await bot.issueByNumber(number);
				return issue.state === "done" ? issue : undefined;
			}, "the issue to be done");
			await appMessageTo(LI_DIAN, "办结");

			// Nobody without a WeChat account was @-ed on WeChat (the acceptance names who accepted, no more),
			// and nothing of the enterprise's went to WeCom.
			for (const sent of saidOnWechat({ room: true })) {
				expect(sent.text).not.toMatch(/@(李电|赵明|王副区长)/);
				expect(sent.mentionIds.every((id) => id.startsWith("wxid_"))).toBe(
					true,
				);
			}
			expect(
				[...wecom.webhookMessages(), ...wecom.appMessages()].some(
					(m) => "touser" in m && m.touser === CHEN.id,
				),
			).toBe(false);
		});

		it("reaches the leader on WeCom when an urgent issue goes unaccepted", async () => {
			postInRoom(CHEN, "紧急！厂区全部停电，已经停产，请马上派人抢修");
			const ack = await inRoom(
				(s) => s.text.includes("已登记问题") && s.text.includes("停产"),
				"the acknowledgement of the urgent issue",
			);
			const number = /#(\d{4}-\d{6})/.exec(ack.text)?.[1];
			if (!number) throw new Error(`no issue number in: ${ack.text}`);

			// A working day and a half later, still not accepted: the acceptance ladder reaches the leader.
			offsetMs += 31 * 3600_000;
			const leaderTold = await waitFor(async () => {
				await bot.qinqing.escalation?.catchUp();
				return wecom
					.appMessages()
					.find((m) => m.touser === LEADER && m.content.includes(number));
			}, "the leader's application message on WeCom");
			expect(leaderTold.content).toContain("未签收");
			// The department heard first, in its WeCom group; the enterprise's group heard no warning.
			expect(
				wecom
					.webhookMessages()
					.some(
						(m) =>
							m.key === POWER_WEBHOOK &&
							m.content.includes("签收时限") &&
							m.mentioned.includes(LI_DIAN),
					),
			).toBe(true);
			expect(
				saidOnWechat({ room: true }).some((s) => s.text.includes("未签收")),
			).toBe(false);
		});

		it("tells the official on WeCom when the enterprise says in plain words that it is not fixed", async () => {
			postInRoom(
				CHEN,
				"厂区配电房的变压器有异响，还冒了点烟，麻烦供电公司来看看",
			);
			const ack = await inRoom(
				(s) => s.text.includes("已登记问题") && s.text.includes("变压器"),
				"the acknowledgement",
			);
			const number = /#(\d{4}-\d{6})/.exec(ack.text)?.[1];
			if (!number) throw new Error(`no issue number in: ${ack.text}`);
			const short = String(Number(number.slice(5)));
			wecom.pushMessage(wecomText({ userid: LI_DIAN, text: `#${short} 受理` }));
			await inRoom(
				(s) => s.text.includes(`#${number} 已由供电公司受理`),
				"the acceptance",
			);
			wecom.pushMessage(
				wecomText({ userid: LI_DIAN, text: `#${short} 办结 已紧固变压器螺栓` }),
			);
			await inRoom(
				(s) => s.text.includes("已紧固变压器螺栓"),
				"the resolution",
			);
			const before = wecom
				.webhookMessages()
				.filter((m) => m.key === POWER_WEBHOOK).length;

			postInRoom(CHEN, "还是没修好，今天上午变压器又响了，烟也还有");
			await waitFor(async () => {
				const issue = await bot.issueByNumber(number);
				return issue.state === "reopened" ? issue : undefined;
			}, "the issue to be reopened");
			const told = await waitFor(
				() =>
					wecom
						.webhookMessages()
						.filter((m) => m.key === POWER_WEBHOOK)
						.slice(before)
						.find((m) => m.content.includes(number)),
				"the power company's WeCom group to hear that it is not fixed",
			);
			expect(told.mentioned).toEqual([LI_DIAN]);
			expect(told.content).toContain("工业企业服务群");
		});

		it("tells the official on WeCom of a problem the hotline registered through the API", async () => {
			const { key } = await createApiKey(bot.db, "12345-hotline");
			const response = await fetch(`${bot.url}/api/v1/issues`, {
				method: "POST",
				headers: {
					authorization: `Bearer ${key}`,
					"content-type": "application/json",
					"idempotency-key": "mixed-call-1",
				},
				body: JSON.stringify({
					channel: "hotline_12345",
					enterprise: "三明某某机械有限公司",
					reporter: { name: "陈先生", phone: "13800000000" },
					text: "企业来电：厂区今天停电两次，影响生产，请供电公司尽快处理",
				}),
			});
			const answer = await response.text();
			expect(response.status, answer).toBe(201);
			const { number } = JSON.parse(answer) as { number: string };
			const told = await waitFor(
				() =>
					wecom
						.webhookMessages()
						.find((m) => m.key === POWER_WEBHOOK && m.content.includes(number)),
				"the power company's WeCom group to hear of the hotline's issue",
			);
			expect(told.mentioned).toEqual([LI_DIAN]);
			expect(told.content).toContain("停电两次");
		});

		it("shows the admins, in the console, a message WeCom refused for good", async () => {
			// 赵明 is outside the application's visible range (81013): WeCom refuses every message to him.
			wecom.refuseAppMessages(81013, 1);
			wecom.pushMessage(wecomText({ userid: "zhaoming", text: "待办" }));
			await waitFor(async () => {
				const rows = await bot.outbox();
				return rows.find(
					(r) => r.conversationId === "zhaoming" && r.failedAt !== null,
				);
			}, "the refused send to be given up");

			const page = async (code: string) => {
				const [person] = await bot.db
					.select({ id: people.id })
					.from(people)
					.where(eq(people.code, code));
				if (!person) throw new Error(`no person ${code}`);
				const cookie = `${SESSION_COOKIE}=${await createSession(bot.db, person.id)}`;
				return fetch(`${bot.url}/console/send-failures`, {
					headers: { cookie },
					redirect: "manual",
				});
			};
			const shown = await page("it-admin");
			expect(shown.status).toBe(200);
			const body = await shown.text();
			expect(body).toContain("wecom");
			expect(body).toContain("zhaoming");
			expect(body).toContain("81013");
			// The office sees refusals about its issues only (a 待办 answer is about none); officials
			// do not see the page.
			const desk = await page("desk");
			expect(desk.status).toBe(200);
			expect(await desk.text()).not.toContain("zhaoming");
			expect((await page("power-head")).status).toBe(403);
		});
	});
}
