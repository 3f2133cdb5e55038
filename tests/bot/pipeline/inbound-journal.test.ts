/**
 * A message the gateway took is never only in Redis: when Redis loses what it held (FLUSHALL, or a
 * restart without its data) before a worker recorded it, the inbound journal hands it over again.
 */
import { inArray, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { InboundMessage } from "../../../bot/messages.ts";
import { createInboundJournal } from "../../../bot/pipeline/inbound-journal.ts";
import { createPipeline } from "../../../bot/pipeline/pipeline.ts";
import type { Db } from "../../../db/client.ts";
import {
	inboundJournal,
	inboundMessages,
	inboundSpool,
} from "../../../db/schema/pipeline.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	createRecordingAdapter,
	inbound,
	silentLog,
} from "../../support/pipeline.ts";
import {
	type PrivateRedis,
	startPrivateRedis,
} from "../../support/private-redis.ts";
import { randomPrefix } from "../../support/redis.ts";
import { waitFor } from "../../support/wait.ts";

let redis: PrivateRedis;
beforeAll(async () => {
	redis = await startPrivateRedis();
}, 20_000);
afterAll(async () => {
	await redis?.close();
});

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const close of closers.splice(0).reverse()) await close();
});

describeEachDriver("inbound journal", (database) => {
	it("gets back messages a wiped Redis lost before any worker recorded them, each handled once", async () => {
		const { db } = database();
		const prefix = randomPrefix();
		const adapter = createRecordingAdapter("wechat");
		// The gateway alone: the messages wait in the queue, no worker takes them yet.
		const gateway = createPipeline({
			roles: ["gateway"],
			connection: redis.connection,
			prefix,
			db,
			adapters: [adapter],
			log: silentLog,
			journalRehandAfterMs: 500,
			journalRehandEveryMs: 200,
			journalCheckEveryMs: 200,
		});
		closers.push(() => gateway.close());
		await gateway.start();
		const sink = adapter.sink;
		if (!sink) throw new Error("the adapter was not started");
		const conversationId = `room-${Math.random()}`;
		const messages = ["一", "二", "三"].map((n) =>
			inbound({ conversationId, text: `第${n}条：车间停电了` }),
		);
		for (const message of messages) await sink(message);
		const ids = messages.map((m) => m.messageId);
		// In Redis, not in the spool (which keeps messages while Redis is away, and at start-up).
		await waitFor(
			async () =>
				(
					await db
						.select()
						.from(inboundSpool)
						.where(inArray(inboundSpool.messageId, ids))
				).length === 0,
			"the messages to be handed to Redis",
			10_000,
		);

		await redis.flushAll();

		const seen: InboundMessage[] = [];
		const worker = createPipeline({
			roles: ["worker"],
			connection: redis.connection,
			prefix,
			db,
			handle: async (_tx, message) => {
				seen.push(message);
				return { outcome: "chatter" };
			},
			log: silentLog,
		});
		closers.push(() => worker.close());
		await worker.start();

		await waitFor(
			async () =>
				(
					await db
						.select()
						.from(inboundMessages)
						.where(inArray(inboundMessages.messageId, ids))
				).length === 3,
			"the wiped messages to be recorded",
			30_000,
		);
		await waitFor(
			async () =>
				(
					await db
						.select()
						.from(inboundJournal)
						.where(inArray(inboundJournal.messageId, ids))
				).length === 0,
			"the journal to let them go",
			10_000,
		);
		// Offered again after they were recorded: still handled once each.
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(seen.map((m) => m.messageId).sort()).toEqual([...ids].sort());
	}, 60_000);

	it("writes nothing when a message is handed over, and at its check journals only what no worker has recorded", async () => {
		const { db } = database();
		const journal = createInboundJournal(db, { checkEveryMs: 60_000 });
		closers.push(() => journal.close());
		const recorded = inbound({ text: "车间停电了" });
		const unrecorded = inbound({ text: "车间又停电了" });
		const ids = [recorded.messageId, unrecorded.messageId];
		const handedOverFrom = Date.now();
		journal.watch(recorded);
		journal.watch(unrecorded);
		const handedOverBy = Date.now();
		expect(await journalRows(db, ids)).toEqual([]);

		await record(db, recorded);
		expect(await journal.check()).toBe(1);

		const rows = await journalRows(db, ids);
		expect(rows.map((row) => row.messageId)).toEqual([unrecorded.messageId]);
		// Stale from when it was handed over, not from when it was checked.
		expect(rows[0]?.receivedAt.getTime()).toBeGreaterThanOrEqual(
			handedOverFrom,
		);
		expect(rows[0]?.receivedAt.getTime()).toBeLessThanOrEqual(handedOverBy);
		expect(await journal.check()).toBe(0);
	});

	it("drops a watched redelivery the queue refused, and journals what it watches when it closes", async () => {
		const { db } = database();
		const journal = createInboundJournal(db, { checkEveryMs: 60_000 });
		const refused = inbound({ text: "车间停电了" });
		const waiting = inbound({ text: "车间停电了，急" });
		journal.watch(refused);
		journal.watch(waiting);
		await journal.forget(refused);

		await journal.close();

		expect(
			(await journalRows(db, [refused.messageId, waiting.messageId])).map(
				(row) => row.messageId,
			),
		).toEqual([waiting.messageId]);
	});

	it("lets go of a row whose message a worker recorded after the check wrote it, and offers only the unrecorded", async () => {
		const { db } = database();
		const journal = createInboundJournal(db, { checkEveryMs: 60_000 });
		closers.push(() => journal.close());
		const recorded = inbound({ text: "车间停电了" });
		const unrecorded = inbound({ text: "车间又停电了" });
		// The check and a worker's batch run at once: the worker can record the message, and let go
		// of a row that was not there yet, before the check's insert lands.
		journal.watch(recorded);
		journal.watch(unrecorded);
		expect(await journal.check()).toBe(2);
		await record(db, recorded);
		const ids = [recorded.messageId, unrecorded.messageId];
		await db
			.update(inboundJournal)
			.set({ receivedAt: sql`now() - interval '1 hour'` })
			.where(inArray(inboundJournal.messageId, ids));

		const offered = await journal.unrecorded(30_000, 100);

		expect(
			offered.map((m) => m.messageId).filter((id) => ids.includes(id)),
		).toEqual([unrecorded.messageId]);
		expect((await journalRows(db, ids)).map((row) => row.messageId)).toEqual([
			unrecorded.messageId,
		]);
	});
});

const journalRows = (db: Db, ids: string[]) =>
	db
		.select({
			messageId: inboundJournal.messageId,
			receivedAt: inboundJournal.receivedAt,
		})
		.from(inboundJournal)
		.where(inArray(inboundJournal.messageId, ids));

/** What a worker's batch writes for a message it recorded. */
async function record(db: Db, message: InboundMessage): Promise<void> {
	await db.insert(inboundMessages).values({
		platform: message.platform,
		messageId: message.messageId,
		conversationId: message.conversationId,
		authorExternalId: message.author.externalId,
		text: message.text,
		message,
		receivedAt: new Date(),
		outcome: "chatter",
	});
}
