/**
 * The whole bot on DingTalk: the real adapter (the real dingtalk-stream client) against a fake
 * DingTalk (stream gateway and API), and the full pipeline (Postgres, Redis, outbox) in between.
 * From a problem that @'s the robot to the enterprise's rating, read from what the group was shown.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
	createDingtalkAdapter,
	type DingtalkAdapter,
	TOPIC_CARD_CALLBACK,
	TOPIC_ROBOT_MESSAGE,
} from "../../adapters/dingtalk/index.ts";
import { createLogger } from "../../bot/runtime/logger.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { DRIVERS } from "../support/databases.ts";
import {
	FAKE_APP_KEY,
	FAKE_APP_SECRET,
	type FakeDingtalk,
	type ShownMessage,
	startFakeDingtalk,
} from "../support/fake-dingtalk.ts";

const DIRECTORY = new URL("./directory.yaml", import.meta.url).pathname;
const group = "cidINDUSTRYgroup01==";
const boss = { staffId: "boss0001", nick: "周老板" };
const powerHead = { staffId: "powerhead01", nick: "李电" };

for (const driver of DRIVERS) {
	describe(`dingtalk: the loop from a problem to the rating [${driver}]`, () => {
		let fake: FakeDingtalk;
		let adapter: DingtalkAdapter;
		let bot: TestBot;
		const logs: string[] = [];

		beforeAll(async () => {
			fake = await startFakeDingtalk();
			adapter = createDingtalkAdapter({
				appKey: FAKE_APP_KEY,
				appSecret: FAKE_APP_SECRET,
				agentId: "3000001",
				cardTemplateId: "qinqing-issue.schema",
				apiUrl: fake.url,
				oapiUrl: fake.url,
				log: createLogger("dingtalk", (line) => logs.push(line)),
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

		const shownInGroup = (text: string) =>
			vi.waitFor(
				() => {
					const found = fake
						.shown()
						.find(
							(m: ShownMessage) =>
								m.conversationId === group &&
								(m.text.includes(text) ||
									JSON.stringify(m.card ?? {}).includes(text)),
						);
					if (!found) throw new Error(`the group has not been shown "${text}"`);
					return found;
				},
				{ timeout: 20_000, interval: 50 },
			);

		const press = (
			card: ShownMessage,
			who: string,
			label: string,
			frameId?: string,
		) => {
			const actions = JSON.parse(card.card?.actions ?? "[]") as Array<{
				label: string;
				command: string;
			}>;
			const button = actions.find((a) => a.label === label);
			if (!button) throw new Error(`no button "${label}" on the card`);
			return fake.push(
				TOPIC_CARD_CALLBACK,
				{
					outTrackId: card.outTrackId,
					corpId: "dingcorp0001",
					userId: who,
					type: "actionCallback",
					content: JSON.stringify({
						cardPrivateData: {
							actionIds: [label],
							params: { command: button.command },
						},
					}),
				},
				frameId,
			);
		};

		it("acknowledges with the official @'d, accepts by card button, resolves, and takes the rating from the card", async () => {
			fake.push(
				TOPIC_ROBOT_MESSAGE,
				fake.robotMessage({
					conversationId: group,
					sender: boss,
					text: "厂区昨晚停电到现在，生产线停了，请尽快恢复供电",
				}),
			);

			// The acknowledgement: the issue's card, @'ing the power company's officials (never the enterprise).
			const ack = await shownInGroup("供电公司");
			expect(ack.via).toBe("card");
			expect(ack.mentionedIds).toContain(powerHead.staffId);
			expect(ack.mentionedIds).not.toContain(boss.staffId);
			const number = /#(\d{4}-\d{6})/.exec(JSON.stringify(ack.card))?.[1];
			if (!number) throw new Error(`no issue number on: ${ack.card?.title}`);

			// The official accepts with the card's button; DingTalk pushes the unanswered frame again.
			const frameId = press(ack, powerHead.staffId, "受理");
			press(ack, powerHead.staffId, "受理", frameId);
			await shownInGroup(`#${number} 已由供电公司受理`);
			await vi.waitFor(() => expect(fake.answerTo(frameId)).toBeDefined());

			// The card itself now offers the next steps.
			await vi.waitFor(
				() => {
					const card = fake
						.shown()
						.find((m) => m.outTrackId === ack.outTrackId);
					expect(card?.card?.actions).toContain("办结");
				},
				{ timeout: 20_000, interval: 50 },
			);

			// Resolving is typed, with the robot @'d as DingTalk requires.
			fake.push(
				TOPIC_ROBOT_MESSAGE,
				fake.robotMessage({
					conversationId: group,
					sender: powerHead,
					text: `#${number} 办结 线路已修复，恢复供电`,
				}),
			);
			const resolved = await shownInGroup("线路已修复，恢复供电");
			expect(resolved.mentionedIds).toContain(boss.staffId);

			// The enterprise rates with the card's button.
			await vi.waitFor(
				() => {
					const card = fake
						.shown()
						.find((m) => m.outTrackId === ack.outTrackId);
					expect(card?.card?.actions).toContain("满意");
				},
				{ timeout: 20_000, interval: 50 },
			);
			const card = fake.shown().find((m) => m.outTrackId === ack.outTrackId);
			if (!card) throw new Error("the card is gone");
			press(card, boss.staffId, "满意");
			// The group reads that it was rated, never the scores (docs/noise.md).
			await shownInGroup("已收到评价");
			expect(fake.shown().some((m) => m.text.includes("方案 5"))).toBe(false);

			// Accepted once, in spite of the redelivered press; the app's secret never reached a log line.
			expect(
				fake.shown().filter((m) => m.text.includes("已由供电公司受理")),
			).toHaveLength(1);
			expect(logs.join("\n")).not.toContain(FAKE_APP_SECRET);
		});
	});
}
