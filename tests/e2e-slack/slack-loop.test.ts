/**
 * The whole bot on Slack: the real adapter (real Bolt) against the fake Web API, signed deliveries
 * to its routes, and the full pipeline (Postgres, Redis, outbox) in between. From a problem posted
 * in the channel to the enterprise's rating, read from what the bot posted on Slack.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
	createSlackAdapter,
	type SlackAdapter,
} from "../../adapters/slack/index.ts";
import {
	nextTs,
	SIGNING_SECRET,
	serveSlackRoutes,
	slackDeliveries,
	userMessage,
} from "../adapters/slack-fixture.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { DRIVERS } from "../support/databases.ts";
import {
	type FakeSlackApi,
	startFakeSlackApi,
} from "../support/fake-slack-api.ts";

const DIRECTORY = new URL("./directory.yaml", import.meta.url).pathname;
const channel = "C0INDUSTRY1";
const boss = { id: "U0BOSSA001", name: "zhou" };
const powerHead = { id: "U0POWERHD1", name: "li.dian" };

for (const driver of DRIVERS) {
	describe(`slack: the loop from a problem to the rating [${driver}]`, () => {
		let fake: FakeSlackApi;
		let adapter: SlackAdapter;
		let bot: TestBot;
		let routes: FastifyInstance;
		let slack: ReturnType<typeof slackDeliveries>;

		beforeAll(async () => {
			fake = await startFakeSlackApi();
			adapter = createSlackAdapter({
				botToken: fake.token,
				signingSecret: SIGNING_SECRET,
				apiUrl: fake.apiUrl,
			});
			bot = await startTestBot({
				driver,
				directoryFile: DIRECTORY,
				adapters: [adapter],
			});
			const served = await serveSlackRoutes(adapter);
			routes = served.server;
			slack = slackDeliveries(served.url);
		});

		afterAll(async () => {
			await routes?.close();
			await bot?.close();
			await fake?.close();
		});

		/** Waits for the bot's post in the thread that contains `text`. */
		const botSays = (root: string, text: string) =>
			vi.waitFor(
				() => {
					const post = fake
						.posts()
						.find((p) => p.thread_ts === root && p.text.includes(text));
					if (!post)
						throw new Error(`the bot has not said "${text}" in the thread`);
					return post;
				},
				{ timeout: 20_000, interval: 50 },
			);

		const ok = async (response: Promise<Response>) =>
			expect((await response).status).toBe(200);

		it("registers, dispatches, accepts, reports progress, resolves and takes the rating, all in the thread", async () => {
			const root = nextTs();
			await ok(
				slack.deliverEvent(
					userMessage({
						channel,
						user: boss.id,
						ts: root,
						text: "厂区昨晚停电到现在，生产线停了，请尽快恢复供电",
					}),
				),
			);

			// The acknowledgement, in the thread, mentioning the power company's duty user group: with no
			// duty officers named in the directory, its shared account stands for it, not every official too.
			const ack = await botSays(root, "供电公司");
			expect(ack.channel).toBe(channel);
			expect(ack.text).not.toContain(`<@${powerHead.id}>`);
			expect(ack.text).not.toContain("<@U0POWERCK1>");
			expect(ack.text).toContain("<!subteam^S0POWER001>");
			expect(ack.text).not.toContain(`<@${boss.id}>`);
			const number = /#(\d{4}-\d{6})/.exec(ack.text)?.[1];
			if (!number) throw new Error(`no issue number in: ${ack.text}`);

			// The official accepts by replying in the thread (Slack redelivers it once: still one acceptance).
			const accept = userMessage({
				channel,
				user: powerHead.id,
				thread_ts: root,
				text: "受理",
			});
			await ok(slack.deliverEvent(accept));
			await ok(slack.deliverEvent(accept, { retryNum: 1 }));
			await botSays(root, `#${number} 已由供电公司受理`);

			// Progress through the slash command, which speaks the same language.
			await ok(
				slack.deliverCommand({
					command: "/qinqing",
					text: `#${number} 进展 抢修队已到现场`,
					channel_id: channel,
					user_id: powerHead.id,
					user_name: powerHead.name,
					trigger_id: "trigger.progress",
					team_id: "T0TEAM0001",
				}),
			);
			await botSays(root, "抢修队已到现场");

			// The status card: the acknowledgement carries it, and each event updates that same message.
			expect(JSON.stringify(ack.blocks)).toContain(number);
			const cardUpdate = await vi.waitFor(
				() => {
					const update = fake
						.calls("chat.update")
						.filter((call) => call.args.ts === ack.ts)
						.at(-1);
					const blocks = JSON.stringify(update?.args.blocks ?? []);
					if (!blocks.includes("办结"))
						throw new Error(
							"the card has not been updated to the accepted state",
						);
					return update;
				},
				{ timeout: 20_000, interval: 50 },
			);
			expect(
				fake
					.posts()
					.filter((p) => p.blocks && JSON.stringify(p.blocks).includes(number)),
			).toHaveLength(1);
			const cardTs = ack.ts;

			// Resolve from the card's button: a modal, and its submission.
			const resolveButton = (
				(cardUpdate?.args.blocks ?? []) as Array<{
					elements?: Array<Record<string, unknown>>;
				}>
			)
				.flatMap((block) => block.elements ?? [])
				.find(
					(element) =>
						element.type === "button" && String(element.value).includes("办结"),
				);
			await ok(
				slack.deliverInteraction({
					type: "block_actions",
					user: { id: powerHead.id, name: powerHead.name },
					channel: { id: channel },
					container: {
						channel_id: channel,
						message_ts: cardTs,
						thread_ts: root,
					},
					message: { ts: cardTs, thread_ts: root },
					trigger_id: "trigger.resolve",
					actions: [{ ...resolveButton, action_ts: nextTs() }],
				}),
			);
			const view = fake.calls("views.open").at(-1)?.args.view as Record<
				string,
				unknown
			>;
			await ok(
				slack.deliverInteraction({
					type: "view_submission",
					user: { id: powerHead.id, name: powerHead.name },
					view: {
						...view,
						id: "V0RESOLVE1",
						state: {
							values: { note: { value: { value: "线路已修复，恢复供电" } } },
						},
					},
				}),
			);
			const resolved = await botSays(root, "线路已修复，恢复供电");
			expect(resolved.text).toContain(`<@${boss.id}>`);

			// The enterprise rates with the three selects.
			const score = (value: string) => ({ selected_option: { value } });
			await ok(
				slack.deliverInteraction({
					type: "block_actions",
					user: { id: boss.id, name: boss.name },
					channel: { id: channel },
					container: {
						channel_id: channel,
						message_ts: cardTs,
						thread_ts: root,
					},
					message: { ts: cardTs, thread_ts: root },
					trigger_id: "trigger.rate",
					state: {
						values: {
							"qq-rating": {
								"qq-rate-plan": score("5"),
								"qq-rate-process": score("4"),
								"qq-rate-result": score("5"),
							},
						},
					},
					actions: [
						{
							action_id: "qq-rate-submit",
							type: "button",
							value: `#${number} 评价`,
							action_ts: nextTs(),
						},
					],
				}),
			);
			// The channel reads that it was rated, never the score (docs/noise.md).
			const thanks = await botSays(root, "已收到评价");
			expect(thanks.text).not.toContain("方案");

			// Everything the bot said about the issue stayed in its thread, and the acceptance was said once.
			const inThread = fake
				.posts()
				.filter((p) => p.text.includes(`#${number}`));
			expect(
				inThread.every((p) => p.thread_ts === root && p.channel === channel),
			).toBe(true);
			expect(
				fake.posts().filter((p) => p.text.includes("已由供电公司受理")),
			).toHaveLength(1);
		});
	});
}
