/**
 * An enterprise's message that failed every processing attempt gets one polite answer (through the
 * outbox, in its thread), however often it fails again; an official's message gets none.
 */
import { eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { createInboundQueue } from "../bot/pipeline/inbound-queue.ts";
import { redriveFailedInbound } from "../bot/pipeline/inbound-redrive.ts";
import { createPipeline } from "../bot/pipeline/pipeline.ts";
import { people, platformIdentities } from "../db/schema/directory.ts";
import { outbox } from "../db/schema/pipeline.ts";
import { describeEachDriver } from "./helpers/databases.ts";
import {
	forgetTestKeys,
	inbound,
	REDIS,
	randomPrefix,
	silentLog,
	sleep,
	waitFor,
} from "./pipeline-helpers.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const close of closers.splice(0).reverse()) await close();
	await forgetTestKeys();
});

describeEachDriver("a message that could not be handled", (database) => {
	it("answers the enterprise member once, politely, and the official not at all", async () => {
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
				{ code: `wang-${prefix}`, name: "王科长", roles: ["official"] },
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
			connection: REDIS,
			prefix,
			retry: { attempts: 2, backoffMs: 10 },
		});
		closers.push(() => queue.close());
		const pipeline = createPipeline({
			roles: ["worker"],
			connection: REDIS,
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
		await queue.accept(fromMember);
		await queue.accept(fromOfficial);

		const answers = () =>
			db.select().from(outbox).where(eq(outbox.conversationId, room));
		const [apology] = await waitFor(async () => {
			const rows = await answers();
			return rows.length > 0 && rows;
		}, "the apology");
		expect(apology?.message).toEqual({
			platform: "wechat",
			conversationId: room,
			text: "抱歉，您的消息暂时未能处理，我们已记录并会尽快处理，无需重复发送。",
			mentions: [],
			replyTo: { messageId: fromMember.messageId },
		});

		// Re-driven and failing again: still one answer.
		await waitFor(
			async () => (await queue.queue.getFailedCount()) === 2,
			"both messages to have failed",
		);
		expect(await redriveFailedInbound(queue.queue)).toBe(2);
		await waitFor(
			async () => (await queue.queue.getFailedCount()) === 2,
			"both to fail again",
		);
		await sleep(300);
		expect(await answers()).toHaveLength(1);
	});
});
