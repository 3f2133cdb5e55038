/**
 * Bad input over HTTP on the playground, with the demo directory: the page's length limit, a
 * 10 000-character problem, and emoji, through the same pipeline as WeChat.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PLAYGROUND_BOT } from "../../adapters/playground/index.ts";
import type { PlaygroundMessage } from "../../adapters/playground/types.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { DRIVERS } from "../support/databases.ts";
import { waitFor } from "../support/wait.ts";

const GROUP = "demo-industry";
// 陈国栋 of 三明鑫元精密机械 in db/seeds/sanyuan.yaml.
const ENTERPRISE = "chen-guodong";

for (const driver of DRIVERS) {
	describe(`bad input on the playground [${driver}]`, () => {
		let bot: TestBot;
		let api = "";

		beforeAll(async () => {
			bot = await startTestBot({ driver, env: { PLAYGROUND: "on" } });
			api = `${bot.url}/playground/api/conversations/${GROUP}/messages`;
		});

		afterAll(async () => {
			await bot?.close();
		});

		async function post(authorId: string, text: string) {
			const response = await fetch(api, {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify({ authorId, text }),
			});
			return {
				status: response.status,
				body: (await response.json()) as {
					messageId?: string;
					error?: { code: string };
				},
			};
		}

		async function botReplyTo(messageId: string): Promise<PlaygroundMessage> {
			return waitFor(async () => {
				const { messages } = (await (await fetch(api)).json()) as {
					messages: PlaygroundMessage[];
				};
				return messages.find(
					(m) =>
						m.author.externalId === DEFAULT_PLAYGROUND_BOT.externalId &&
						m.replyTo?.messageId === messageId,
				);
			}, `the bot's reply to ${messageId}`);
		}

		it("opens an issue from a 10 000-character problem and shows a short title", async () => {
			const text = "车间频繁跳闸停电，生产线停了。"
				.concat("三号车间的设备一开机就跳闸，请供电所派人来看看。".repeat(500))
				.slice(0, 10_000);
			const { status, body } = await post(ENTERPRISE, text);
			expect(status).toBe(200);
			const messageId = body.messageId ?? "";
			const reply = await botReplyTo(messageId);
			expect(reply.text).toContain("已登记问题");
			expect(reply.text).toContain("类别：用电");
			const row = await bot.recorded(messageId);
			expect(row.outcome).toBe("new_issue");
			expect(row.text.length).toBe(10_000);
			const [issue] = await bot.issues();
			expect(issue?.title).toBe("车间频繁跳闸停电，生产线停了");
			expect(reply.text).toContain(`「${issue?.title}」`);
		});

		it("refuses a longer message at the page, before it reaches the bot", async () => {
			const before = (await bot.inboundMessages()).length;
			const { status, body } = await post(ENTERPRISE, "停".repeat(10_001));
			expect(status).toBe(400);
			expect(body.error?.code).toBe("text_too_long");
			expect((await bot.inboundMessages()).length).toBe(before);
		});

		it("records emoji but does not answer them", async () => {
			const { body } = await post("huang-zhiming", "👍👍");
			const row = await bot.recorded(body.messageId ?? "");
			expect(row.outcome).toBe("chatter");
			const replies = (await bot.outbox()).filter(
				(o) => o.dedupeKey === `inbound-${row.id}-reply`,
			);
			expect(replies).toEqual([]);
		});
	});
}
