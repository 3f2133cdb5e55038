/** A message that failed all its attempts is listed for an operator and, once fixed, re-driven. */
import { afterEach, expect, it } from "vitest";
import { createInboundQueue } from "../../../bot/pipeline/inbound-queue.ts";
import {
	listFailedInbound,
	redriveFailedInbound,
} from "../../../bot/pipeline/inbound-redrive.ts";
import { createInboundWorker } from "../../../bot/pipeline/inbound-worker.ts";
import { describeEachDriver } from "../../support/databases.ts";
import { inbound, silentLog } from "../../support/pipeline.ts";
import {
	forgetTestKeys,
	randomPrefix,
	TEST_REDIS,
} from "../../support/redis.ts";
import { waitFor } from "../../support/wait.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const close of closers.splice(0).reverse()) await close();
	await forgetTestKeys();
});

describeEachDriver("inbound re-drive", (database) => {
	it("lists a message that failed every attempt, and handles it when re-driven after the fix", async () => {
		const { db } = database();
		const prefix = randomPrefix();
		const queue = createInboundQueue({
			connection: TEST_REDIS,
			prefix,
			retry: { attempts: 2, backoffMs: 10 },
		});
		closers.push(() => queue.close());
		let broken = true;
		const handled: string[] = [];
		const worker = createInboundWorker({
			connection: TEST_REDIS,
			prefix,
			db,
			log: silentLog,
			handle: async (_tx, message) => {
				if (broken) throw new Error("handler bug");
				handled.push(message.messageId);
				return { outcome: "chatter" };
			},
		});
		closers.push(() => worker.close());
		const message = inbound({ text: "厂区停电三天了" });
		await queue.accept(message);

		const failed = await waitFor(async () => {
			const list = await listFailedInbound(queue.queue);
			return list.length === 1 && list;
		}, "the message to fail");
		expect(failed[0]).toMatchObject({
			conversationId: message.conversationId,
			text: "厂区停电三天了",
			failedReason: "handler bug",
		});

		broken = false;
		expect(await redriveFailedInbound(queue.queue)).toBe(1);
		await waitFor(() => handled.length === 1, "the re-driven message");
		expect(handled).toEqual([message.messageId]);
		expect(await listFailedInbound(queue.queue)).toEqual([]);
	});
});
