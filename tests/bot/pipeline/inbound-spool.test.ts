/**
 * Redis away at the gateway: a message a platform hands over is kept in Postgres (the inbound spool)
 * instead of waiting in memory, and reaches the bot, in order, once Redis is back.
 */

import { inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { InboundMessage } from "../../../bot/messages.ts";
import { enqueueOutbound } from "../../../bot/pipeline/outbox.ts";
import { createPipeline } from "../../../bot/pipeline/pipeline.ts";
import { inboundMessages, inboundSpool } from "../../../db/schema/pipeline.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	createRecordingAdapter,
	inbound,
	outbound,
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
let redisDown = false;
afterEach(async () => {
	if (redisDown) await redis.start();
	redisDown = false;
	for (const close of closers.splice(0).reverse()) await close();
});

describeEachDriver("inbound spool", (database) => {
	it("keeps messages in Postgres while Redis is down and hands them over in order when it returns", async () => {
		const { db } = database();
		const seen: InboundMessage[] = [];
		const adapter = createRecordingAdapter("wechat");
		const pipeline = createPipeline({
			roles: ["gateway", "worker"],
			connection: redis.connection,
			prefix: randomPrefix(),
			db,
			adapters: [adapter],
			handle: async (tx, message, inboundId) => {
				seen.push(message);
				await enqueueOutbound(tx, {
					dedupeKey: `ack-${inboundId}`,
					message: outbound(message.conversationId, "收到"),
				});
				return { outcome: "chatter" };
			},
			log: silentLog,
			spoolRetryMs: 200,
			spoolAcceptTimeoutMs: 500,
		});
		closers.push(() => pipeline.close());
		await pipeline.start();
		const sink = adapter.sink;
		if (!sink) throw new Error("the adapter was not started");

		await redis.stop();
		redisDown = true;
		const conversationId = `room-${Math.random()}`;
		const messages = ["一", "二", "三"].map((text) =>
			inbound({ conversationId, text: `第${text}条：用电问题` }),
		);
		for (const message of messages) {
			// The hand-off returns promptly: the message is kept, not waiting on Redis in memory.
			const started = Date.now();
			await sink(message);
			expect(Date.now() - started).toBeLessThan(3000);
		}
		const spooled = await db.select().from(inboundSpool);
		expect(
			spooled
				.filter((row) => messages.some((m) => m.messageId === row.messageId))
				.map((row) => row.messageId),
		).toEqual(messages.map((m) => m.messageId));

		await redis.start();
		redisDown = false;
		await waitFor(
			() => seen.length === 3,
			"the spooled messages to be handled",
			30_000,
		);
		expect(seen.map((m) => m.messageId).sort()).toEqual(
			messages.map((m) => m.messageId).sort(),
		);
		// Queued in arrival order (the worker may then handle neighbours in parallel batches).
		const rows = await waitFor(async () => {
			const found = await db
				.select()
				.from(inboundMessages)
				.where(
					inArray(
						inboundMessages.messageId,
						messages.map((m) => m.messageId),
					),
				);
			return found.length === 3 && found;
		}, "the three messages to be recorded");
		const receivedAt = messages.map(
			(m) =>
				rows.find((r) => r.messageId === m.messageId)?.receivedAt.getTime() ??
				0,
		);
		expect([...receivedAt].sort((a, b) => a - b)).toEqual(receivedAt);
		await waitFor(
			async () => (await db.select().from(inboundSpool)).length === 0,
			"the spool to empty",
		);
	}, 60_000);
});
