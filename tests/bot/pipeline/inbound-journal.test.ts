/**
 * A message the gateway took is never only in Redis: when Redis loses what it held (FLUSHALL, or a
 * restart without its data) before a worker recorded it, the inbound journal hands it over again.
 */
import { inArray, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { InboundMessage } from "../../../bot/messages.ts";
import { createInboundJournal } from "../../../bot/pipeline/inbound-journal.ts";
import { createPipeline } from "../../../bot/pipeline/pipeline.ts";
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

	it("lets go of a row whose message a worker recorded before the row landed, and offers only the unrecorded", async () => {
		const { db } = database();
		const journal = createInboundJournal(db);
		const recorded = inbound({ text: "车间停电了" });
		const unrecorded = inbound({ text: "车间又停电了" });
		// The journal's insert and the hand-off to Redis run at once: a fast worker can record the
		// message, and let go of a row that was not there yet, before the insert lands.
		await db.insert(inboundMessages).values({
			platform: recorded.platform,
			messageId: recorded.messageId,
			conversationId: recorded.conversationId,
			authorExternalId: recorded.author.externalId,
			text: recorded.text,
			message: recorded,
			receivedAt: new Date(),
			outcome: "chatter",
		});
		await journal.write(recorded);
		await journal.write(unrecorded);
		const ids = [recorded.messageId, unrecorded.messageId];
		await db
			.update(inboundJournal)
			.set({ receivedAt: sql`now() - interval '1 hour'` })
			.where(inArray(inboundJournal.messageId, ids));

		const offered = await journal.unrecorded(30_000, 100);

		expect(
			offered.map((m) => m.messageId).filter((id) => ids.includes(id)),
		).toEqual([unrecorded.messageId]);
		const left = await db
			.select({ messageId: inboundJournal.messageId })
			.from(inboundJournal)
			.where(inArray(inboundJournal.messageId, ids));
		expect(left.map((row) => row.messageId)).toEqual([unrecorded.messageId]);
	});
});
