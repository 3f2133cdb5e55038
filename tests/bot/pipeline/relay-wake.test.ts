/**
 * The relay is woken after a batch only when the batch left it something: a message promised
 * outside the batch's answers, or answers Redis did not take. A batch of chatter, or one whose
 * answers the worker handed over itself, costs the relay no pass (a statement per batch).
 */
import { afterEach, expect, it } from "vitest";
import { replyTo } from "../../../bot/conversation/reply.ts";
import type { InboundHandler } from "../../../bot/pipeline/inbound-worker.ts";
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

/** A live relay (no passes of its own) whose wake-ups are counted. */
async function countedRelay(db: Db, redis: "live" | "gone" = "live") {
	const outboundQueue = createOutboundQueue({
		connection: TEST_REDIS,
		prefix: randomPrefix(),
	});
	if (redis === "gone") await outboundQueue.close();
	else closers.push(() => outboundQueue.close());
	const relay = createOutboxRelay({
		db,
		outboundQueue,
		autoStart: false,
		log: silentLog,
	});
	closers.push(() => relay.close());
	let pokes = 0;
	const counted: BatchRelay = {
		poke: () => {
			pokes++;
		},
		handOver: (answers) => relay.handOver(answers),
	};
	return { relay: counted, pokes: () => pokes };
}

const silence: InboundHandler = async () => ({ outcome: "chatter" });
const acknowledge: InboundHandler = async (work, message, inboundId) => {
	await replyTo(work, inboundId, message, `收到：${message.text}`);
	return { outcome: "chatter" };
};

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
