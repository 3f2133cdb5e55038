/**
 * The whole bot on WeCom: the real adapter (WeCom's own SDK) against a local WeCom, and the full
 * pipeline (Postgres, Redis, outbox) in between. From a problem posted in the group, @-ing the bot, to
 * the enterprise's rating by a card button — read from what WeCom received.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createWecomAdapter } from "../../adapters/wecom/index.ts";
import type { ChatAdapter } from "../../bot/adapter.ts";
import { issues } from "../../db/schema/issues.ts";
import { inboundMessages, outbox } from "../../db/schema/pipeline.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { DRIVERS } from "../support/databases.ts";
import {
	type FakeWecom,
	type GroupSend,
	startFakeWecom,
	wecomCardClick,
	wecomText,
} from "../support/fake-wecom.ts";

const DIRECTORY = new URL("./directory.yaml", import.meta.url).pathname;
const chatid = "wrINDUSTRY0001";
const boss = "zhoulaoban";
const powerHead = "lidian";
const powerClerk = "zhaoming";

/** What a group member sees of one send: the markdown, or the card's title, text and buttons. */
function seen(send: GroupSend): string {
	const card = send.template_card;
	if (!card) return send.markdown?.content ?? "";
	return [
		card.main_title?.title,
		card.main_title?.desc,
		card.sub_title_text,
		...(card.button_list ?? []).map((b) => `[${b.text}]`),
	]
		.filter(Boolean)
		.join("\n");
}

for (const driver of DRIVERS) {
	describe(`wecom: the loop from a problem to the rating [${driver}]`, () => {
		let fake: FakeWecom;
		let adapter: ChatAdapter;
		let bot: TestBot;
		const logged: string[] = [];

		beforeAll(async () => {
			fake = await startFakeWecom();
			adapter = createWecomAdapter({
				botId: fake.botId,
				botSecret: fake.botSecret,
				botName: "亲清助手",
				wsUrl: fake.wsUrl,
				apiUrl: fake.apiUrl,
				corpId: fake.corpId,
				agentId: fake.agentId,
				agentSecret: fake.agentSecret,
				isGroupChat: async (id) => id === chatid,
			});
			bot = await startTestBot({
				driver,
				directoryFile: DIRECTORY,
				adapters: [adapter],
				log: (line) => logged.push(JSON.stringify(line)),
			});
		});

		afterAll(async () => {
			await bot?.close();
			await fake?.close();
		});

		const botSays = (text: string) =>
			vi.waitFor(
				() => {
					const send = fake
						.groupSends()
						.find((s) => s.chatid === chatid && seen(s).includes(text));
					if (!send)
						throw new Error(`the bot has not said "${text}" in the group`);
					return send;
				},
				{ timeout: 20_000, interval: 50 },
			);
		/** The newest card of the issue that shows this button. */
		const cardWith = (number: string, label: string) =>
			vi.waitFor(
				() => {
					const card = fake
						.groupSends()
						.filter(
							(s) =>
								s.template_card?.main_title?.title?.includes(number) &&
								s.template_card.button_list?.some((b) => b.text === label),
						)
						.at(-1);
					if (!card) throw new Error(`no card of #${number} with "${label}"`);
					return card;
				},
				{ timeout: 20_000, interval: 50 },
			);
		const buttonKey = (send: GroupSend, label: string) => {
			const button = send.template_card?.button_list?.find(
				(b) => b.text === label,
			);
			if (!button) throw new Error(`no "${label}" button in: ${seen(send)}`);
			return {
				eventKey: button.key,
				taskId: send.template_card?.task_id ?? "",
			};
		};

		it("registers, tells the officials directly, accepts by button, resolves and takes the rating by button", async () => {
			fake.pushMessage(
				wecomText({
					userid: boss,
					chatid,
					text: "厂区昨晚停电到现在，生产线停了，请尽快恢复供电",
				}),
			);

			// The acknowledgement in the group: a card with the number and the buttons that apply now.
			const ack = await botSays("供电公司");
			const number = /#(\d{4}-\d{6})/.exec(seen(ack))?.[1];
			if (!number) throw new Error(`no issue number in: ${seen(ack)}`);
			const card = await cardWith(number, "受理");
			expect(card.template_card?.button_list?.map((b) => b.text)).toEqual(
				expect.arrayContaining(["受理", "转办"]),
			);
			// The AI bot cannot @ in the group: the officials are named, and told by application message.
			expect(seen(ack)).toContain("@李电");
			await vi.waitFor(
				() => {
					const told = fake.appMessages().map((m) => m.touser);
					expect(told).toEqual(expect.arrayContaining([powerHead, powerClerk]));
				},
				{ timeout: 20_000, interval: 50 },
			);
			expect(fake.appMessages().every((m) => m.agentid === fake.agentId)).toBe(
				true,
			);

			// The official presses 受理; WeCom delivers the press twice: still one acceptance.
			const press = wecomCardClick({
				userid: powerHead,
				chatid,
				...buttonKey(card, "受理"),
			});
			fake.pushEvent(press);
			fake.pushEvent(press);
			await botSays(`#${number} 已由供电公司受理`);

			// Resolving is typed (it needs words), @-ing the bot as WeCom requires.
			fake.pushMessage(
				wecomText({
					userid: powerHead,
					chatid,
					text: `#${number} 办结 线路已修复，恢复供电`,
				}),
			);
			await botSays("线路已修复，恢复供电");
			const resolved = await cardWith(number, "满意");
			expect(resolved.template_card?.button_list?.map((b) => b.text)).toEqual(
				expect.arrayContaining(["满意", "基本满意"]),
			);

			// The enterprise rates with one press.
			fake.pushEvent(
				wecomCardClick({
					userid: boss,
					chatid,
					...buttonKey(resolved, "满意"),
				}),
			);
			// The group reads that it was rated, never the scores (docs/noise.md).
			await botSays("已收到评价");
			expect(fake.groupSends().some((s) => seen(s).includes("方案 5"))).toBe(
				false,
			);

			expect(
				fake.groupSends().filter((s) => seen(s).includes("已由供电公司受理")),
			).toHaveLength(1);
			// The access token was asked for once and never written to the log.
			expect(fake.tokenRequests()).toBe(1);
			const log = JSON.stringify(logged);
			for (const secret of [
				fake.accessToken(),
				fake.agentSecret,
				fake.botSecret,
			])
				expect(log).not.toContain(secret);
		});

		it("ignores a message from a group not in the directory, with one log line and no answer", async () => {
			const stranger = "wrNOTINDIRECTORY9";
			const before = await bot.database.db.select().from(issues);
			const body = wecomText({
				userid: boss,
				chatid: stranger,
				text: "厂区停电了，请尽快处理",
			});
			fake.pushMessage(body);
			const row = await vi.waitFor(
				async () => {
					const [found] = await bot.database.db
						.select()
						.from(inboundMessages)
						.where(eq(inboundMessages.messageId, String(body.msgid)));
					if (!found?.outcome) throw new Error("not handled yet");
					return found;
				},
				{ timeout: 20_000, interval: 50 },
			);
			expect(row.outcome).toBe("unknown_conversation");
			expect(row.issueId).toBeNull();
			expect(await bot.database.db.select().from(issues)).toHaveLength(
				before.length,
			);
			const promised = await bot.database.db
				.select()
				.from(outbox)
				.where(eq(outbox.conversationId, stranger));
			expect(promised).toEqual([]);
			expect(fake.groupSends().filter((s) => s.chatid === stranger)).toEqual(
				[],
			);
			const lines = logged.filter((line) => line.includes(stranger));
			expect(lines).toHaveLength(1);
			expect(lines[0]).toContain("not in the directory");
			// The words are not logged.
			expect(lines[0]).not.toContain("停电");
		});
	});
}
