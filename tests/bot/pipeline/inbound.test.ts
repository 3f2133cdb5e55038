import { eq, inArray } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import type { InboundMessage } from "../../../bot/messages.ts";
import {
	createInboundQueue,
	type InboundQueueOptions,
} from "../../../bot/pipeline/inbound-queue.ts";
import {
	createInboundWorker,
	type InboundHandler,
} from "../../../bot/pipeline/inbound-worker.ts";
import { inboundJobId } from "../../../bot/pipeline/job-ids.ts";
import { enqueueOutbound } from "../../../bot/pipeline/outbox.ts";
import type { Db } from "../../../db/client.ts";
import { openDatabase } from "../../../db/client.ts";
import { inboundMessages, outbox } from "../../../db/schema/index.ts";
import { describeEachDriver } from "../../support/databases.ts";
import { inbound, outbound, silentLog } from "../../support/pipeline.ts";
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

/** The bot stand-in: acknowledges each message through the outbox, and remembers what it saw. */
function recordingHandler() {
	const seen: Array<{ message: InboundMessage; inboundId: number }> = [];
	const handle: InboundHandler = async (tx, message, inboundId) => {
		if (message.text.includes("boom"))
			throw new Error("handler bug: cannot parse boom");
		seen.push({ message, inboundId });
		await enqueueOutbound(tx, {
			dedupeKey: `ack-${inboundId}`,
			message: outbound(message.conversationId, `收到：${message.text}`),
		});
		return { outcome: "chatter" };
	};
	return { seen, handle };
}

function startQueue(
	prefix: string,
	options: Partial<InboundQueueOptions> = {},
) {
	const queue = createInboundQueue({
		connection: TEST_REDIS,
		prefix,
		...options,
	});
	closers.push(() => queue.close());
	return queue;
}

function startWorker(
	prefix: string,
	db: Db,
	handle: InboundHandler,
	concurrency = 2,
) {
	const worker = createInboundWorker({
		connection: TEST_REDIS,
		prefix,
		db,
		handle,
		concurrency,
		log: silentLog,
	});
	closers.push(() => worker.close());
	return worker;
}

const rowsFor = (db: Db, messageId: string) =>
	db
		.select()
		.from(inboundMessages)
		.where(eq(inboundMessages.messageId, messageId));

describeEachDriver("the inbound pipeline", (database) => {
	it("records a message once and lets the bot handle it in the same transaction", async () => {
		const { db } = database();
		const prefix = randomPrefix();
		const bot = recordingHandler();
		const queue = startQueue(prefix);
		startWorker(prefix, db, bot.handle);

		const message = inbound({ raw: { puppetPayload: "never stored" } });
		await queue.sink(message);

		const [row] = await waitFor(async () => {
			const rows = await rowsFor(db, message.messageId);
			return rows[0]?.outcome ? rows : undefined;
		}, "the message to be handled");
		expect(row).toMatchObject({
			platform: "wechat",
			text: message.text,
			outcome: "chatter",
		});
		expect(row?.message).not.toHaveProperty("raw");
		expect(bot.seen.map((s) => s.inboundId)).toEqual([row?.id]);
		const acks = await db
			.select()
			.from(outbox)
			.where(eq(outbox.dedupeKey, `ack-${row?.id}`));
		expect(acks).toHaveLength(1);
	});

	it("drops a redelivered message id, whether or not its job still exists", async () => {
		const { db } = database();
		const prefix = randomPrefix();
		const bot = recordingHandler();
		// No content dedupe and no kept jobs: only the database can recognise the redelivery.
		const queue = startQueue(prefix, {
			dedupeWindowMs: 0,
			removeOnComplete: true,
		});
		const worker = startWorker(prefix, db, bot.handle);

		const message = inbound();
		await queue.sink(message);
		await waitFor(async () => bot.seen.length === 1, "the first delivery");
		await waitFor(
			async () =>
				!(await queue.queue.getJob(inboundJobId("wechat", message.messageId))),
			"job removal",
		);

		const results: unknown[] = [];
		worker.worker.on("completed", (_job, result) => results.push(result));
		await queue.sink({ ...message });
		await waitFor(
			async () => results.length === 1,
			"the redelivery to be processed",
		);

		expect(results).toEqual([{ status: "duplicate" }]);
		expect(await rowsFor(db, message.messageId)).toHaveLength(1);
		expect(bot.seen).toHaveLength(1);
	});

	it("drops a redelivery while its job exists without touching the database", async () => {
		const { db } = database();
		const prefix = randomPrefix();
		const queue = startQueue(prefix, { dedupeWindowMs: 0 });
		const message = inbound();
		await queue.sink(message);
		await queue.sink({ ...message, text: `${message.text}（重发）` });
		expect(await queue.queue.getWaitingCount()).toBe(1);

		const bot = recordingHandler();
		startWorker(prefix, db, bot.handle);
		await waitFor(
			async () => bot.seen.length === 1,
			"the message to be handled",
		);
		expect(bot.seen[0]?.message.text).toBe(message.text);
	});

	it("drops the same text re-sent under a new id within the window, and takes it after", async () => {
		const { db } = database();
		const prefix = randomPrefix();
		const bot = recordingHandler();
		const queue = startQueue(prefix, { dedupeWindowMs: 2000 });
		startWorker(prefix, db, bot.handle);
		const conversationId = `room-${prefix}`;

		const first = inbound({ conversationId, text: "申请 用电 增容" });
		// The puppet's redelivery: a new id, the same text give or take width and spacing.
		const redelivery = inbound({
			conversationId,
			text: "  申请　用电   增容 ",
		});
		// Not duplicates: another person, another group, two images with no text.
		const otherPerson = inbound({
			conversationId,
			text: first.text,
			author: { externalId: "wxid_li", isBot: false },
		});
		const otherGroup = inbound({
			conversationId: `${conversationId}-b`,
			text: first.text,
		});
		const images = [1, 2].map(() =>
			inbound({ conversationId, text: "", attachments: [{ kind: "image" }] }),
		);
		// The same word in answer to two different issues' messages.
		const acceptTwelve = inbound({
			conversationId,
			text: "受理",
			replyTo: { messageId: "bot-msg-issue-12" },
		});
		const acceptThirteen = inbound({
			conversationId,
			text: "受理",
			replyTo: { messageId: "bot-msg-issue-13" },
		});

		expect(await queue.accept(first)).toBe("queued");
		expect(await queue.accept(redelivery)).toBe("duplicate_content");
		for (const message of [
			otherPerson,
			otherGroup,
			...images,
			acceptTwelve,
			acceptThirteen,
		])
			expect(await queue.accept(message)).toBe("queued");

		await sleep(2100);
		const later = inbound({ conversationId, text: first.text });
		expect(await queue.accept(later)).toBe("queued");

		await waitFor(
			async () => bot.seen.length === 8,
			"eight messages to be handled",
		);
		expect(bot.seen.map((s) => s.message.messageId).sort()).toEqual(
			[
				first,
				otherPerson,
				otherGroup,
				...images,
				acceptTwelve,
				acceptThirteen,
				later,
			]
				.map((m) => m.messageId)
				.sort(),
		);
	});

	it("takes many messages arriving at once, and still drops the redeliveries among them", async () => {
		const { db } = database();
		const prefix = randomPrefix();
		const bot = recordingHandler();
		const queue = startQueue(prefix, { dedupeWindowMs: 5000 });
		startWorker(prefix, db, bot.handle);
		const conversationId = `room-${prefix}`;
		const distinct = Array.from({ length: 30 }, (_, i) =>
			inbound({ conversationId, text: `第${i}件事：厂区道路破损` }),
		);
		const sameId = {
			...distinct[3],
			text: "同一条消息又投递了一次",
		} as InboundMessage;
		const sameText = inbound({ conversationId, text: distinct[7]?.text });

		// All at once, as a busy gateway delivers them: they go to Redis in batches.
		const outcomes = await Promise.all(
			[...distinct, sameId, sameText].map((m) => queue.accept(m)),
		);
		expect(outcomes.slice(0, 30)).toEqual(Array(30).fill("queued"));
		// A same-id redelivery is queued as far as the caller knows, and BullMQ keeps the first.
		expect(outcomes[30]).toBe("queued");
		expect(outcomes[31]).toBe("duplicate_content");

		await waitFor(
			async () => bot.seen.length === 30,
			"thirty messages to be handled",
		);
		await sleep(300);
		expect(bot.seen.map((s) => s.message.messageId).sort()).toEqual(
			distinct.map((m) => m.messageId).sort(),
		);
		expect(
			bot.seen.find((s) => s.message.messageId === distinct[3]?.messageId)
				?.message.text,
		).toBe(distinct[3]?.text);
	});

	it("keeps a message while Postgres is unreachable and handles it once Postgres is back", async () => {
		const { db } = database();
		const prefix = randomPrefix();
		const bot = recordingHandler();
		const queue = startQueue(prefix, {
			retry: { attempts: 30, backoffMs: 200 },
		});
		const unreachable = await openDatabase({
			url: "postgres://postgres@127.0.0.1:1/nowhere",
			poolSize: 1,
		});
		closers.push(() => unreachable.close());
		const downWorker = createInboundWorker({
			connection: TEST_REDIS,
			prefix,
			db: unreachable.db,
			handle: bot.handle,
		});

		const message = inbound();
		await queue.sink(message);
		const jobId = inboundJobId("wechat", message.messageId);
		await waitFor(
			async () => ((await queue.queue.getJob(jobId))?.attemptsMade ?? 0) >= 2,
			"two failed attempts",
		);
		await downWorker.close();
		expect(await rowsFor(db, message.messageId)).toHaveLength(0);
		expect(await queue.queue.getJobState(jobId)).toBe("delayed");

		startWorker(prefix, db, bot.handle);
		const [row] = await waitFor(async () => {
			const rows = await rowsFor(db, message.messageId);
			return rows.length > 0 ? rows : undefined;
		}, "the message to be handled after Postgres returned");
		expect(row?.outcome).toBe("chatter");
		expect(bot.seen).toHaveLength(1);
	});

	it("survives a handler bug: the message fails after its attempts and stays in the failed set", async () => {
		const { db } = database();
		const prefix = randomPrefix();
		const bot = recordingHandler();
		const queue = startQueue(prefix, { retry: { attempts: 2, backoffMs: 50 } });
		startWorker(prefix, db, bot.handle);

		const bad = inbound({ text: "boom 这条消息触发了缺陷" });
		await queue.sink(bad);
		const jobId = inboundJobId("wechat", bad.messageId);
		await waitFor(
			async () => (await queue.queue.getJobState(jobId)) === "failed",
			"the job to fail",
		);
		const failed = await queue.queue.getJob(jobId);
		expect(failed?.failedReason).toMatch(/handler bug/);
		expect(failed?.attemptsMade).toBe(2);
		expect(await rowsFor(db, bad.messageId)).toHaveLength(0);

		const good = inbound();
		await queue.sink(good);
		await waitFor(
			async () => bot.seen.some((s) => s.message.messageId === good.messageId),
			"the next message",
		);
	});

	it("handles a burst many messages to a transaction, and a bad one holds back none of the others", async () => {
		const { db } = database();
		const prefix = randomPrefix();
		const transactions = new Set<unknown>();
		const bot = recordingHandler();
		const handle: InboundHandler = (tx, message, inboundId) => {
			transactions.add(tx);
			return bot.handle(tx, message, inboundId);
		};
		const queue = startQueue(prefix, { retry: { attempts: 2, backoffMs: 50 } });
		const burst = Array.from({ length: 40 }, (_, i) =>
			inbound({ text: i === 17 ? "boom 坏消息" : `第${i}条消息` }),
		);
		for (const message of burst) await queue.sink(message);
		startWorker(prefix, db, handle, 40);

		const bad = burst[17];
		if (!bad) throw new Error("no message 17");
		await waitFor(
			async () =>
				(await queue.queue.getJobState(
					inboundJobId("wechat", bad.messageId),
				)) === "failed",
			"the bad message to fail",
		);
		const good = burst.filter((m) => m !== bad);
		const ours = inArray(
			inboundMessages.messageId,
			burst.map((m) => m.messageId),
		);
		await waitFor(
			async () =>
				(await db.select().from(inboundMessages).where(ours)).filter(
					(r) => r.outcome === "chatter",
				).length === good.length,
			"every good message to be recorded",
		);
		const rows = await db.select().from(inboundMessages).where(ours);
		expect(rows.map((r) => r.messageId).sort()).toEqual(
			good.map((m) => m.messageId).sort(),
		);
		// Each good message answered exactly once, though its first batch rolled back.
		const acks = await db
			.select()
			.from(outbox)
			.where(
				inArray(
					outbox.dedupeKey,
					rows.map((r) => `ack-${r.id}`),
				),
			);
		expect(
			acks.map((a) => (a.message as { text: string }).text).sort(),
		).toEqual(good.map((m) => `收到：${m.text}`).sort());
		// Group commit: fewer transactions than messages.
		expect(transactions.size).toBeLessThan(burst.length);
	});
});
