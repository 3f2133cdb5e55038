/**
 * A batch's answers leave without waiting for a relay pass: the worker writes them as enqueued and
 * adds their jobs itself after the commit. When Redis does not take a job, the row goes back to the
 * relay, whose next pass adds it; nothing promised is left without a job. The relay is woken after a
 * batch only when the batch left it something: a batch of chatter, or one whose answers were handed
 * over, costs it no pass (a statement per batch).
 */
import { eq, inArray } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { replyTo } from "../../../bot/conversation/reply.ts";
import type { InboundHandler } from "../../../bot/pipeline/inbound-worker.ts";
import { outboundJobId } from "../../../bot/pipeline/job-ids.ts";
import {
	createOutboundQueue,
	enqueueOutbound,
} from "../../../bot/pipeline/outbox.ts";
import {
	type BatchRelay,
	createReceiver,
} from "../../../bot/pipeline/receive.ts";
import { createOutboxRelay } from "../../../bot/pipeline/relay.ts";
import type { Db } from "../../../db/client.ts";
import { outbox } from "../../../db/schema/index.ts";
import { describeEachDriver } from "../../support/databases.ts";
import { inbound, outbound, silentLog } from "../../support/pipeline.ts";
import {
	forgetTestKeys,
	randomPrefix,
	TEST_REDIS,
} from "../../support/redis.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const close of closers.splice(0).reverse()) await close();
	await forgetTestKeys();
});

/** Acknowledges each message in its thread, as intake does. */
const acknowledge: InboundHandler = async (work, message, inboundId) => {
	await replyTo(work, inboundId, message, `收到：${message.text}`);
	return { outcome: "chatter" };
};

/** A relay over a live outbound queue, or over one whose Redis connection is gone. */
async function relayFor(db: Db, prefix: string, redis: "live" | "gone") {
	const outboundQueue = createOutboundQueue({ connection: TEST_REDIS, prefix });
	if (redis === "gone") await outboundQueue.close();
	else closers.push(() => outboundQueue.close());
	const relay = createOutboxRelay({
		db,
		outboundQueue,
		autoStart: false,
		log: silentLog,
	});
	closers.push(() => relay.close());
	return { relay, outboundQueue };
}

/** A relay with no passes of its own whose wake-ups are counted. */
async function countedRelay(db: Db, redis: "live" | "gone" = "live") {
	const { relay } = await relayFor(db, randomPrefix(), redis);
	let pokes = 0;
	const counted: BatchRelay = {
		poke: () => {
			pokes++;
		},
		handOver: (answers) => relay.handOver(answers),
	};
	return { relay: counted, pokes: () => pokes };
}

const answersTo = (db: Db, conversationId: string) =>
	db
		.select({ id: outbox.id, enqueuedAt: outbox.enqueuedAt })
		.from(outbox)
		.where(eq(outbox.conversationId, conversationId));

describeEachDriver("a batch's answers on their way out", (database) => {
	it("are in the outbound queue when the batch is done, with no relay pass", async () => {
		const { db } = database();
		const prefix = randomPrefix();
		const { relay, outboundQueue } = await relayFor(db, prefix, "live");
		// Closed, the relay runs no pass of its own: what reaches the queue was handed over.
		await relay.close();
		const conversationId = `room-${prefix}`;
		const receive = createReceiver({ db, handle: acknowledge, relay });

		await receive([
			inbound({ conversationId, text: "一" }),
			inbound({ conversationId, text: "二" }),
		]);

		const rows = await answersTo(db, conversationId);
		expect(rows).toHaveLength(2);
		for (const row of rows) {
			expect(row.enqueuedAt).not.toBeNull();
			expect(await outboundQueue.getJob(outboundJobId(row.id))).toBeDefined();
		}
		expect(await relay.runOnce()).toBe(0);
	});

	it("go back to the relay when Redis does not take their jobs, and its next pass adds them", async () => {
		const { db } = database();
		const prefix = randomPrefix();
		const gone = await relayFor(db, prefix, "gone");
		await gone.relay.close();
		const conversationId = `room-${prefix}`;
		const receive = createReceiver({
			db,
			handle: acknowledge,
			relay: gone.relay,
		});

		const [handled] = await receive([inbound({ conversationId, text: "一" })]);
		expect(handled?.result.outcome).toBe("chatter");
		const [row] = await answersTo(db, conversationId);
		expect(row?.enqueuedAt).toBeNull();

		const live = await relayFor(db, prefix, "live");
		expect(await live.relay.runOnce()).toBeGreaterThanOrEqual(1);
		expect(
			await live.outboundQueue.getJob(outboundJobId(row?.id ?? 0)),
		).toBeDefined();
	});

	it("a relay pass whose jobs Redis does not take leaves the rows for the next pass", async () => {
		const { db } = database();
		const prefix = randomPrefix();
		const conversationId = `room-${prefix}`;
		const ids = await db.transaction(async (tx) =>
			Promise.all(
				["一", "二"].map((text) =>
					enqueueOutbound(tx, {
						dedupeKey: `${prefix}-${text}`,
						message: outbound(conversationId, text),
					}),
				),
			),
		);

		const gone = await relayFor(db, prefix, "gone");
		await expect(gone.relay.runOnce()).rejects.toThrow();
		const rows = await db
			.select({ enqueuedAt: outbox.enqueuedAt })
			.from(outbox)
			.where(
				inArray(
					outbox.id,
					ids.filter((id) => id !== null),
				),
			);
		expect(rows.map((row) => row.enqueuedAt)).toEqual([null, null]);

		const live = await relayFor(db, prefix, "live");
		await live.relay.runOnce();
		for (const id of ids)
			expect(
				await live.outboundQueue.getJob(outboundJobId(id ?? 0)),
			).toBeDefined();
	});
});

const silence: InboundHandler = async () => ({ outcome: "chatter" });

describeEachDriver("waking the outbox relay after a batch", (database) => {
	it("does not wake it for a batch of chatter", async () => {
		const { db } = database();
		const { relay, pokes } = await countedRelay(db);
		const receive = createReceiver({ db, handle: silence, relay });

		await receive([inbound({ text: "谢谢" }), inbound({ text: "好的" })]);

		expect(pokes()).toBe(0);
	});

	it("does not wake it for answers the worker handed to the queue itself", async () => {
		const { db } = database();
		const { relay, pokes } = await countedRelay(db);
		const receive = createReceiver({ db, handle: acknowledge, relay });

		await receive([inbound({ text: "一" })]);

		expect(pokes()).toBe(0);
	});

	it("wakes it for answers Redis did not take", async () => {
		const { db } = database();
		const { relay, pokes } = await countedRelay(db, "gone");
		const receive = createReceiver({ db, handle: acknowledge, relay });

		await receive([inbound({ text: "一" })]);

		expect(pokes()).toBe(1);
	});

	it("wakes it for a message promised outside the answers, also from a savepoint", async () => {
		const { db } = database();
		const { relay, pokes } = await countedRelay(db);
		const prefix = randomPrefix();
		const promise =
			(text: string): InboundHandler =>
			async (work) => {
				await work.transaction((savepoint) =>
					enqueueOutbound(savepoint, {
						dedupeKey: `${prefix}-${text}`,
						message: outbound(`dm-${prefix}`, text),
					}),
				);
				return { outcome: "chatter" };
			};

		await createReceiver({ db, handle: promise("一"), relay })([
			inbound({ text: "一" }),
		]);
		expect(pokes()).toBe(1);

		const direct: InboundHandler = async (work) => {
			await enqueueOutbound(work, {
				dedupeKey: `${prefix}-direct`,
				message: outbound(`dm-${prefix}`, "二"),
			});
			return { outcome: "chatter" };
		};
		await createReceiver({ db, handle: direct, relay })([
			inbound({ text: "二" }),
		]);
		expect(pokes()).toBe(2);
	});

	it("wakes it for answers when no one hands them over", async () => {
		const { db } = database();
		const { relay, pokes } = await countedRelay(db);
		const receive = createReceiver({
			db,
			handle: acknowledge,
			relay: { poke: relay.poke },
		});

		await receive([inbound({ text: "一" })]);

		expect(pokes()).toBe(1);
	});
});
