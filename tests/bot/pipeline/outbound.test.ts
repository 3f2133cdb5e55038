import { asc, eq, like, sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import {
	PlatformRateLimitedError,
	PlatformRejectedError,
} from "../../../bot/adapter.ts";
import type { Platform } from "../../../bot/messages.ts";
import {
	createPacing,
	type PacingConfig,
} from "../../../bot/pipeline/chat-pacer.ts";
import { createInboundQueue } from "../../../bot/pipeline/inbound-queue.ts";
import { createInboundWorker } from "../../../bot/pipeline/inbound-worker.ts";
import { outboundJobId } from "../../../bot/pipeline/job-ids.ts";
import { createOutboundWorker } from "../../../bot/pipeline/outbound-worker.ts";
import {
	createOutboundQueue,
	enqueueOutbound,
} from "../../../bot/pipeline/outbox.ts";
import { createOutboxRows } from "../../../bot/pipeline/outbox-rows.ts";
import {
	createOutboxRelay,
	type OutboxRelayOptions,
} from "../../../bot/pipeline/relay.ts";
import type { RetryPolicy } from "../../../bot/pipeline/retry-policy.ts";
import type { Db } from "../../../db/client.ts";
import { outbox } from "../../../db/schema/index.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	createRecordingAdapter,
	inbound,
	outbound,
	type RecordingAdapter,
	silentLog,
} from "../../support/pipeline.ts";
import {
	forgetTestKeys,
	randomPrefix,
	TEST_REDIS,
	wipeRedis,
} from "../../support/redis.ts";
import { drained, waitFor } from "../../support/wait.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const close of closers.splice(0).reverse()) await close();
	await forgetTestKeys();
});

const FAST_RETRY: RetryPolicy = { attempts: 5, backoffMs: 50 };

function setup(db: Db, relayOptions: Partial<OutboxRelayOptions> = {}) {
	const prefix = randomPrefix();
	const outboundQueue = createOutboundQueue({ connection: TEST_REDIS, prefix });
	closers.push(() => outboundQueue.close());
	const relay = createOutboxRelay({
		db,
		outboundQueue,
		autoStart: false,
		retry: FAST_RETRY,
		...relayOptions,
	});
	closers.push(() => relay.close());
	const adapter = createRecordingAdapter("wechat");
	const startSending = (
		pacing: PacingConfig = createPacing({ chatIntervalMs: 1 }),
		concurrency = 4,
	) => {
		const worker = createOutboundWorker({
			connection: TEST_REDIS,
			prefix,
			db,
			adapters: new Map<Platform, RecordingAdapter>([["wechat", adapter]]),
			pacing,
			concurrency,
			orderRecheckMs: 50,
			log: silentLog,
		});
		closers.push(() => worker.close());
		return worker;
	};
	return { prefix, outboundQueue, relay, adapter, startSending };
}

async function promise(
	db: Db,
	conversationId: string,
	texts: string[],
): Promise<number[]> {
	const ids: number[] = [];
	for (const text of texts) {
		const id = await enqueueOutbound(db, {
			dedupeKey: `${conversationId}-${text}`,
			message: outbound(conversationId, text),
		});
		if (id === null) throw new Error("not promised");
		ids.push(id);
	}
	return ids;
}

const rowsOf = (db: Db, conversationId: string) =>
	db
		.select()
		.from(outbox)
		.where(eq(outbox.conversationId, conversationId))
		.orderBy(asc(outbox.id));

const textsSentTo = (adapter: RecordingAdapter, conversationId: string) =>
	adapter.sent
		.filter((s) => s.message.conversationId === conversationId)
		.map((s) => s.message.text);

describeEachDriver("the outbound pipeline", (database) => {
	it("carries a message from the chat to the bot's reply, sent exactly once", async () => {
		const { db } = database();
		const { prefix, outboundQueue, adapter, startSending } = setup(db);
		const relay = createOutboxRelay({
			db,
			outboundQueue,
			intervalMs: 60_000,
			log: silentLog,
		});
		closers.push(() => relay.close());
		const inboundQueue = createInboundQueue({ connection: TEST_REDIS, prefix });
		closers.push(() => inboundQueue.close());
		const worker = createInboundWorker({
			connection: TEST_REDIS,
			prefix,
			db,
			relay,
			handle: async (tx, message, inboundId) => {
				await enqueueOutbound(tx, {
					dedupeKey: `ack-${inboundId}`,
					message: {
						...outbound(message.conversationId, `已收到：${message.text}`),
						replyTo: { messageId: message.messageId },
					},
				});
				return { outcome: "new_issue" };
			},
		});
		closers.push(() => worker.close());
		startSending();

		const conversationId = `room-${prefix}`;
		const message = inbound({ conversationId, text: "厂区停电三天了" });
		await inboundQueue.sink(message);
		await inboundQueue.sink(message);

		await waitFor(() => adapter.sent.length === 1, "the reply to be sent");
		await drained(inboundQueue.queue);
		await drained(outboundQueue);
		expect(adapter.sent.map((s) => s.message)).toEqual([
			{
				...outbound(conversationId, "已收到：厂区停电三天了"),
				replyTo: { messageId: message.messageId },
			},
		]);
		const [row] = await waitFor(async () => {
			const rows = await rowsOf(db, conversationId);
			return rows[0]?.sentAt ? rows : undefined;
		}, "the outbox row to be marked sent");
		expect(row).toMatchObject({
			platformMessageId: "sent-1",
			attempts: 1,
			lastError: null,
		});
	});

	it("promises a message once per dedupe key", async () => {
		const { db } = database();
		const conversationId = `room-${randomPrefix()}`;
		const request = {
			dedupeKey: `${conversationId}-reminder-1`,
			message: outbound(conversationId, "催办"),
		};
		expect(await enqueueOutbound(db, request)).toEqual(expect.any(Number));
		expect(await enqueueOutbound(db, request)).toBeNull();
		expect(await rowsOf(db, conversationId)).toHaveLength(1);
		await db.delete(outbox).where(eq(outbox.conversationId, conversationId));
	});

	it("reads rows and records sends that wait together in one go, each getting its own answer", async () => {
		const { db } = database();
		const conversationId = `room-${randomPrefix()}`;
		const [first, second, third] = await promise(db, conversationId, [
			"一",
			"二",
			"三",
		]);
		if (!first || !second || !third) throw new Error("not promised");
		const rows = createOutboxRows(db);
		// The first read runs at once; the send and the reads behind it go together in the next batch.
		const [one, , two, three, missing] = await Promise.all([
			rows.read(first),
			rows.markSent({ id: first, platformMessageId: "wx-1" }),
			rows.read(second),
			rows.read(third),
			rows.read(-1),
		]);
		expect(one).toMatchObject({ id: first, sentAt: null, heldBack: false });
		// Read in the statement that marks the first sent: it still sees the first as pending.
		expect(two).toMatchObject({ id: second, heldBack: true });
		expect(three).toMatchObject({ id: third, heldBack: true });
		expect(missing).toBeNull();
		const stored = await rowsOf(db, conversationId);
		expect(stored.map((r) => [r.id, r.platformMessageId, r.attempts])).toEqual([
			[first, "wx-1", 1],
			[second, null, 0],
			[third, null, 0],
		]);
		expect((await rows.read(second))?.heldBack).toBe(false);
		await db.delete(outbox).where(eq(outbox.conversationId, conversationId));
	});

	it("rebuilds the jobs from Postgres after Redis lost everything, and sends each message once", async () => {
		const { db } = database();
		const { prefix, outboundQueue, relay, adapter, startSending } = setup(db);
		const conversationId = `room-${prefix}`;

		await promise(db, conversationId, ["一"]);
		expect(await relay.runOnce()).toBe(1);
		const before = startSending();
		await waitFor(() => adapter.sent.length === 1, "the first message");
		await before.close();

		await promise(db, conversationId, ["二", "三"]);
		expect(await relay.runOnce()).toBe(2);
		expect(await outboundQueue.getWaitingCount()).toBe(2);
		expect(await wipeRedis(prefix)).toBeGreaterThan(0);
		expect(await outboundQueue.getWaitingCount()).toBe(0);

		startSending();
		expect(await relay.reconcile()).toBe(2);
		await waitFor(() => adapter.sent.length === 3, "the promised messages");
		await drained(outboundQueue);
		expect(textsSentTo(adapter, conversationId)).toEqual(["一", "二", "三"]);

		// Everything is sent: losing Redis again re-adds nothing, and a stray job for a sent row sends nothing.
		await wipeRedis(prefix);
		expect(await relay.reconcile()).toBe(0);
		const [first] = await rowsOf(db, conversationId);
		await outboundQueue.add(
			"send",
			{ outboxId: first?.id ?? 0 },
			{ jobId: outboundJobId(first?.id ?? 0) },
		);
		await drained(outboundQueue);
		expect(adapter.calls).toBe(3);
	});

	it("sends the messages of one chat in order and paced, without holding up other chats", async () => {
		const { db } = database();
		const { prefix, relay, adapter, startSending } = setup(db);
		const busy = `room-${prefix}`;
		const quiet = `room-${prefix}-quiet`;
		const intervalMs = 300;
		await promise(db, busy, ["1", "2", "3", "4", "5"]);
		await promise(db, quiet, ["other chat"]);
		startSending(createPacing({ chatIntervalMs: intervalMs }), 4);
		await relay.runOnce();

		await waitFor(() => adapter.sent.length === 6, "all six messages");
		expect(textsSentTo(adapter, busy)).toEqual(["1", "2", "3", "4", "5"]);
		const times = adapter.sent
			.filter((s) => s.message.conversationId === busy)
			.map((s) => s.at);
		// Slots are granted at least `intervalMs` apart; the margin absorbs the moment between grant and send.
		for (let i = 1; i < times.length; i++)
			expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThan(
				intervalMs - 60,
			);
		expect(
			adapter.sent.findIndex((s) => s.message.conversationId === quiet),
		).toBeLessThan(5);
	});

	it("sends many chats' messages at once and records for each row the id the platform gave it", async () => {
		const { db } = database();
		const { prefix, relay, adapter, startSending } = setup(db);
		const chats = Array.from({ length: 12 }, (_, i) => `room-${prefix}-${i}`);
		for (const chat of chats) await promise(db, chat, [`给${chat}`]);
		startSending(createPacing({ chatIntervalMs: 1 }), 8);
		await relay.runOnce();
		await waitFor(
			() => adapter.sent.length === chats.length,
			"every chat's message",
		);

		const givenId = new Map(
			adapter.sent.map((s, i) => [s.message.text, `sent-${i + 1}`]),
		);
		const rows = await waitFor(async () => {
			const all = (
				await Promise.all(chats.map((chat) => rowsOf(db, chat)))
			).flat();
			return all.every((row) => row.sentAt !== null) && all;
		}, "every row marked sent");
		expect(
			rows.map((row) => [
				(row.message as { text: string }).text,
				row.platformMessageId,
				row.attempts,
			]),
		).toEqual(chats.map((chat) => [`给${chat}`, givenId.get(`给${chat}`), 1]));
		expect(adapter.calls).toBe(chats.length);
	});

	it("waits out a platform rate limit and then sends, without using up an attempt", async () => {
		const { db } = database();
		// One attempt only: if waiting out a rate limit counted as a failure, the message would be lost.
		const { prefix, outboundQueue, relay, adapter, startSending } = setup(db, {
			retry: { attempts: 1, backoffMs: 50 },
		});
		const conversationId = `room-${prefix}`;
		adapter.failWith = (_message, call) =>
			call <= 2 ? new PlatformRateLimitedError(150) : undefined;
		const [id] = await promise(db, conversationId, ["限流后发送"]);
		startSending();
		await relay.runOnce();

		await waitFor(
			() => adapter.sent.length === 1,
			"the message after the rate limit",
		);
		const job = await outboundQueue.getJob(outboundJobId(id ?? 0));
		await waitFor(
			async () => (await job?.getState()) === "completed",
			"the job to complete",
		);
		expect(adapter.calls).toBe(3);
	});

	it("retries a network failure with backoff and then sends", async () => {
		const { db } = database();
		const { prefix, relay, adapter, startSending } = setup(db);
		const conversationId = `room-${prefix}`;
		adapter.failWith = (_message, call) =>
			call <= 2 ? new Error("socket hang up") : undefined;
		await promise(db, conversationId, ["网络恢复后发送"]);
		startSending();
		await relay.runOnce();

		await waitFor(
			() => adapter.sent.length === 1,
			"the message after two failures",
		);
		const [row] = await waitFor(async () => {
			const rows = await rowsOf(db, conversationId);
			return rows[0]?.sentAt ? rows : undefined;
		}, "the row to be marked sent");
		expect(row?.attempts).toBe(3);
	});

	it("does not send again a message the platform took when recording the send failed", async () => {
		const { db } = database();
		const { prefix, relay, adapter, startSending } = setup(db);
		const conversationId = `room-${prefix}`;
		const flag = sql.identifier(`fail_once_${prefix.replace(/\W/g, "_")}`);
		// The first attempt to mark this chat's row sent fails, as if Postgres went away just then.
		await db.execute(sql`create sequence ${flag}`);
		await db.execute(sql`
			create function ${flag}() returns trigger language plpgsql as $$
			begin
				if nextval(${sql.raw(`'${flag.value}'`)}) = 1 then raise exception 'recording failed'; end if;
				return new;
			end $$`);
		await db.execute(sql`
			create trigger ${flag} before update of sent_at on outbox for each row
			when (new.conversation_id = ${sql.raw(`'${conversationId}'`)} and new.sent_at is not null)
			execute function ${flag}()`);
		closers.push(async () => {
			await db.execute(sql`drop trigger ${flag} on outbox`);
			await db.execute(sql`drop function ${flag}()`);
			await db.execute(sql`drop sequence ${flag}`);
		});

		await promise(db, conversationId, ["只发一次"]);
		startSending();
		await relay.runOnce();
		const [row] = await waitFor(async () => {
			const rows = await rowsOf(db, conversationId);
			return rows[0]?.sentAt ? rows : undefined;
		}, "the row to be marked sent on the retry");
		expect(textsSentTo(adapter, conversationId)).toEqual(["只发一次"]);
		expect(row?.platformMessageId).toBe("sent-1");
	});

	it("records a message the platform refused, does not retry it, and sends the next one", async () => {
		const { db } = database();
		const { prefix, outboundQueue, relay, adapter, startSending } = setup(db);
		const conversationId = `room-${prefix}`;
		adapter.failWith = (message) =>
			message.text === "被拒"
				? new PlatformRejectedError("bot was removed from the group", "1205")
				: undefined;
		const [refusedId] = await promise(db, conversationId, [
			"被拒",
			"之后的消息",
		]);
		startSending();
		await relay.runOnce();

		await waitFor(() => adapter.sent.length === 1, "the next message");
		expect(textsSentTo(adapter, conversationId)).toEqual(["之后的消息"]);
		const job = await outboundQueue.getJob(outboundJobId(refusedId ?? 0));
		expect(await job?.getState()).toBe("failed");
		expect(adapter.calls).toBe(2);
		const [refused] = await db
			.select()
			.from(outbox)
			.where(like(outbox.dedupeKey, `${conversationId}-被拒`));
		expect(refused).toMatchObject({ sentAt: null, attempts: 1 });
		expect(refused?.lastError).toMatch(/rejected \(1205\): bot was removed/);
	});
});
