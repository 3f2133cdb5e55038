/**
 * The whole bot on Feishu: the real adapter (the SDK's WSClient and client) against a fake Feishu
 * speaking the long connection's protobuf frames and the IM API, and the full pipeline in between.
 * From a problem that @'s the bot to the enterprise's rating, read from what the chat was shown.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
	createFeishuAdapter,
	type FeishuAdapter,
} from "../../adapters/feishu/index.ts";
import { createLogger } from "../../bot/runtime/logger.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { DRIVERS } from "../support/databases.ts";
import {
	FAKE_FEISHU_APP_ID,
	FAKE_FEISHU_APP_SECRET,
	type FakeFeishu,
	type ShownFeishu,
	startFakeFeishu,
} from "../support/fake-feishu.ts";

const DIRECTORY = new URL("./directory.yaml", import.meta.url).pathname;
const chat = "oc_industrygroup0000000000001";
const boss = "ou_boss000000000000000000001";
const powerHead = "ou_powerhead00000000000000001";

for (const driver of DRIVERS) {
	describe(`feishu: the loop from a problem to the rating [${driver}]`, () => {
		let fake: FakeFeishu;
		let adapter: FeishuAdapter;
		let bot: TestBot;
		const logs: string[] = [];

		beforeAll(async () => {
			fake = await startFakeFeishu();
			adapter = createFeishuAdapter({
				appId: FAKE_FEISHU_APP_ID,
				appSecret: FAKE_FEISHU_APP_SECRET,
				baseUrl: fake.url,
				log: createLogger("feishu", (line) => logs.push(line)),
			});
			bot = await startTestBot({
				driver,
				directoryFile: DIRECTORY,
				adapters: [adapter],
				log: (line) => logs.push(line),
			});
			await fake.connected();
		});

		afterAll(async () => {
			await bot?.close();
			await fake?.close();
		});

		const shown = (match: (m: ShownFeishu) => boolean, what: string) =>
			vi.waitFor(
				() => {
					const found = fake.shown().find(match);
					if (!found) throw new Error(`the chat has not been shown ${what}`);
					return found;
				},
				{ timeout: 20_000, interval: 50 },
			);

		const press = (
			card: ShownFeishu,
			who: string,
			label: string,
			eventId?: string,
		) => {
			const button = card.buttons?.find((b) => b.label === label);
			if (!button) throw new Error(`no button "${label}" on the card`);
			return fake.pushEvent(
				"card.action.trigger",
				{
					operator: {
						open_id: who,
						user_id: `u-${who}`,
						tenant_key: "tenant0001",
					},
					token: "c-token",
					action: { tag: "button", value: { command: button.command } },
					host: "im_message",
					context: { open_message_id: card.messageId, open_chat_id: chat },
				},
				eventId,
			);
		};

		it("acknowledges in the thread with the official @'d, accepts by card button, resolves, and takes the rating from the card", async () => {
			const problem = fake.messageEvent({
				chatId: chat,
				sender: boss,
				text: "厂区昨晚停电到现在，生产线停了，请尽快恢复供电",
			});
			const root = (problem.message as { message_id: string }).message_id;
			fake.pushEvent("im.message.receive_v1", problem);

			// The acknowledgement: the issue's card in the problem's thread, @'ing the power company's official.
			const ack = await shown(
				(m) => m.rootId === root && m.text.includes("供电公司") && !!m.buttons,
				"the acknowledgement card",
			);
			expect(ack.conversationId).toBe(chat);
			expect(ack.mentionedIds).toContain(powerHead);
			expect(ack.mentionedIds).not.toContain(boss);
			const number = /#(\d{4}-\d{6})/.exec(ack.text)?.[1];
			if (!number) throw new Error(`no issue number in: ${ack.text}`);

			// Accept with the card's button; Feishu delivers the event again: still one acceptance.
			const eventId = press(ack, powerHead, "受理");
			press(ack, powerHead, "受理", eventId);
			await shown(
				(m) =>
					m.rootId === root && m.text.includes(`#${number} 已由供电公司受理`),
				"the acceptance in the thread",
			);
			await vi.waitFor(() =>
				expect(fake.answerTo(eventId)).toMatchObject({ code: 200 }),
			);

			// Resolve by replying in the thread, @'ing the bot.
			fake.pushEvent(
				"im.message.receive_v1",
				fake.messageEvent({
					chatId: chat,
					sender: powerHead,
					rootId: root,
					text: `#${number} 办结 线路已修复，恢复供电`,
				}),
			);
			const resolved = await shown(
				(m) =>
					m.rootId === root &&
					m.text.includes("线路已修复，恢复供电") &&
					!m.buttons,
				"the resolution",
			);
			expect(resolved.mentionedIds).toContain(boss);

			// The card, patched in place, now offers the rating; the enterprise rates with a button.
			const card = await shown(
				(m) =>
					m.messageId === ack.messageId &&
					!!m.buttons?.some((b) => b.label === "满意"),
				"the card offering the rating",
			);
			press(card, boss, "满意");
			// The chat reads that it was rated, never the scores (docs/noise.md).
			await shown((m) => m.text.includes("已收到评价"), "the rating");
			expect(fake.shown().some((m) => m.text.includes("方案 5"))).toBe(false);

			// Everything about the issue stayed in its thread; accepted once; the secret never logged.
			const about = fake.shown().filter((m) => m.text.includes(`#${number}`));
			expect(
				about.every((m) => m.rootId === root && m.conversationId === chat),
			).toBe(true);
			expect(
				fake.shown().filter((m) => m.text.includes("已由供电公司受理")),
			).toHaveLength(1);
			expect(logs.join("\n")).not.toContain(FAKE_FEISHU_APP_SECRET);
		});
	});
}
