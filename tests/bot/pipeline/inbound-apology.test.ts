/**
 * The turn's error boundary: a person's message that failed every processing attempt gets one polite
 * answer (through the outbox, in its thread, in the person's language), however often it fails
 * again, and stays in the failed set; a bot's message gets none.
 */
import { eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { createInboundQueue } from "../../../bot/pipeline/inbound-queue.ts";
import { redriveFailedInbound } from "../../../bot/pipeline/inbound-redrive.ts";
import { createPipeline } from "../../../bot/pipeline/pipeline.ts";
import { people, platformIdentities } from "../../../db/schema/directory.ts";
import { outbox } from "../../../db/schema/pipeline.ts";
import { describeEachDriver } from "../../support/databases.ts";
import { inbound, silentLog } from "../../support/pipeline.ts";
import {
	forgetTestKeys,
	randomPrefix,
	TEST_REDIS,
} from "../../support/redis.ts";
import { sleep, waitFor } from "../../support/wait.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const close of closers.splice(0).reverse()) await close();
	await forgetTestKeys();
});

describeEachDriver("a message that could not be handled", (database) => {
	it("answers each person once, politely, in their own language, and keeps the messages", async () => {
		const { db } = database();
		const prefix = randomPrefix();
		const [member, official] = await db
			.insert(people)
			.values([
				{
					code: `chen-${prefix}`,
					name: "陈经理",
					roles: ["enterprise_member"],
				},
				{
					code: `wang-${prefix}`,
					name: "王科长",
					roles: ["official"],
					locale: "en",
				},
			])
			.returning();
		if (!member || !official) throw new Error("no people");
		await db.insert(platformIdentities).values([
			{
				platform: "wechat",
				externalId: `wxid_chen-${prefix}`,
				personId: member.id,
			},
			{
				platform: "wechat",
				externalId: `wxid_wang-${prefix}`,
				personId: official.id,
			},
		]);
		const queue = createInboundQueue({
			connection: TEST_REDIS,
			prefix,
			retry: { attempts: 2, backoffMs: 10 },
		});
		closers.push(() => queue.close());
		const pipeline = createPipeline({
			roles: ["worker"],
			connection: TEST_REDIS,
			prefix,
			db,
			locale: "zh-CN",
			handle: async () => {
				throw new Error("handler bug");
			},
			log: silentLog,
		});
		closers.push(() => pipeline.close());

		const room = `room-${prefix}@chatroom`;
		const fromMember = inbound({
			conversationId: room,
			author: { externalId: `wxid_chen-${prefix}`, isBot: false },
			text: "厂区停电三天了",
		});
		const fromOfficial = inbound({
			conversationId: room,
			author: { externalId: `wxid_wang-${prefix}`, isBot: false },
			text: "收到",
		});
		const fromBot = inbound({
			conversationId: room,
			author: { externalId: "qinqing-bot", isBot: true },
			text: "已受理",
		});
		await queue.accept(fromMember);
		await queue.accept(fromOfficial);
		await queue.accept(fromBot);

		const answers = async () =>
			(await db.select().from(outbox).where(eq(outbox.conversationId, room)))
				.map((row) => row.message as { replyTo?: { messageId: string } })
				.sort((a, b) =>
					(a.replyTo?.messageId ?? "").localeCompare(
						b.replyTo?.messageId ?? "",
					),
				);
		const apologies = await waitFor(async () => {
			const rows = await answers();
			return rows.length >= 2 && rows;
		}, "the apologies");
		const expected = [
			{
				platform: "wechat",
				conversationId: room,
				text: "抱歉，这条消息没有处理成功。消息已保留，工作人员会人工查看，无需重复发送。",
				mentions: [],
				replyTo: { messageId: fromMember.messageId },
			},
			{
				platform: "wechat",
				conversationId: room,
				text: "Sorry, this message could not be processed. It has been kept and a member of staff will look at it; there is no need to send it again.",
				mentions: [],
				replyTo: { messageId: fromOfficial.messageId },
			},
		].sort((a, b) => a.replyTo.messageId.localeCompare(b.replyTo.messageId));
		expect(apologies).toEqual(expected);

		// Nothing is lost: the messages wait in the failed set; re-driven and failing again, still one answer each.
		await waitFor(
			async () => (await queue.queue.getFailedCount()) === 3,
			"the three messages to have failed",
		);
		expect(await redriveFailedInbound(queue.queue)).toBe(3);
		await waitFor(
			async () => (await queue.queue.getFailedCount()) === 3,
			"the three to fail again",
		);
		await sleep(300);
		expect(await answers()).toEqual(expected);
	});
});
