/**
 * Pruning by age (bot/pipeline/retention.ts): a year of bookkeeping goes, what is recent or not yet
 * finished stays — unsent outbox rows, unrecorded journal rows, messages that made an issue, live
 * tokens, waiting jobs.
 */
import { Queue, Worker } from "bullmq";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createPruner } from "../../../bot/pipeline/retention.ts";
import { consoleTokens } from "../../../db/schema/console.ts";
import { people } from "../../../db/schema/directory.ts";
import {
	inboundJournal,
	inboundMessages,
	outbox,
} from "../../../db/schema/pipeline.ts";
import { describeEachDriver } from "../../support/databases.ts";
import { silentLog } from "../../support/pipeline.ts";
import {
	type PrivateRedis,
	startPrivateRedis,
} from "../../support/private-redis.ts";
import { randomPrefix } from "../../support/redis.ts";

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

const DAY = 24 * 3_600_000;
const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);

describeEachDriver("pruning by age", (database) => {
	it("removes old finished rows and keeps recent and unfinished ones", async () => {
		const { db } = database();
		const [person] = await db
			.insert(people)
			.values({
				code: `p-${Math.random()}`,
				name: "王科员",
				roles: ["official"],
			})
			.returning();
		if (!person) throw new Error("no person");
		const message = { text: "x" };
		const inserted =
			(await db.execute(sql`insert into issues (number, source_channel, title, body, state, policy)
				values ('2026-0000001', 'wechat', '停电', '车间停电了', 'dispatched', '{}') returning id`)) as {
				rows: Array<{ id: number }>;
			};
		const [issue] = inserted.rows;
		await db.insert(outbox).values([
			{
				dedupeKey: "sent-old",
				platform: "wechat",
				conversationId: "c",
				message,
				createdAt: daysAgo(40),
				sentAt: daysAgo(40),
			},
			{
				dedupeKey: "sent-new",
				platform: "wechat",
				conversationId: "c",
				message,
				createdAt: daysAgo(2),
				sentAt: daysAgo(2),
			},
			{
				dedupeKey: "unsent-old",
				platform: "wechat",
				conversationId: "c",
				message,
				createdAt: daysAgo(400),
			},
			{
				dedupeKey: "failed-old",
				platform: "wechat",
				conversationId: "c",
				message,
				createdAt: daysAgo(200),
				failedAt: daysAgo(200),
				lastError: "x",
			},
			{
				dedupeKey: "failed-new",
				platform: "wechat",
				conversationId: "c",
				message,
				createdAt: daysAgo(20),
				failedAt: daysAgo(20),
				lastError: "x",
			},
		]);
		const inboundRow = (messageId: string, days: number, issueId?: number) => ({
			platform: "wechat" as const,
			messageId,
			conversationId: "c",
			authorExternalId: "a",
			text: "谢谢",
			message,
			receivedAt: daysAgo(days),
			processedAt: daysAgo(days),
			issueId,
		});
		await db
			.insert(inboundMessages)
			.values([
				inboundRow("chatter-old", 400),
				inboundRow("chatter-new", 30),
				inboundRow("issue-old", 400, issue?.id),
				inboundRow("recorded-old", 20),
			]);
		await db.insert(inboundJournal).values([
			{
				platform: "wechat",
				messageId: "recorded-old",
				message,
				receivedAt: daysAgo(10),
			},
			{
				platform: "wechat",
				messageId: "unrecorded-old",
				message,
				receivedAt: daysAgo(10),
			},
			{
				platform: "wechat",
				messageId: "chatter-new",
				message,
				receivedAt: daysAgo(1),
			},
		]);
		const token = (
			kind: "session" | "login_link",
			hash: string,
			expires: Date,
		) => ({
			kind,
			tokenHash: hash,
			personId: person.id,
			createdAt: new Date(expires.getTime() - DAY),
			expiresAt: expires,
		});
		await db
			.insert(consoleTokens)
			.values([
				token("login_link", "expired-old", daysAgo(8)),
				token("session", "expired-recent", daysAgo(1)),
				token("login_link", "live", new Date(now.getTime() + DAY)),
			]);

		// Jobs: one completed, one failed, one still waiting (no worker takes it: another queue name).
		const prefix = randomPrefix();
		const queue = new Queue("retention-test", {
			connection: redis.connection,
			prefix,
		});
		closers.push(() => queue.close());
		const worker = new Worker(
			"retention-test",
			async (job) => {
				if (job.data.fail) throw new Error("could not handle");
			},
			{ connection: redis.connection, prefix },
		);
		closers.push(() => worker.close());
		await queue.add("ok", { fail: false });
		await queue.add("bad", { fail: true });
		for (let i = 0; i < 100; i++) {
			const counts = await queue.getJobCounts("completed", "failed");
			if (counts.completed === 1 && counts.failed === 1) break;
			await new Promise((r) => setTimeout(r, 50));
		}
		await worker.close();
		await queue.add("waiting", { fail: false });

		const pruner = createPruner({
			db,
			connection: redis.connection,
			prefix,
			queueNames: ["retention-test"],
			log: silentLog,
		});
		closers.push(() => pruner.close());

		// Today nothing of the jobs is old enough; a year of bookkeeping is.
		const first = await pruner.run(now);
		expect(first).toEqual({
			outbox: 2,
			inboundMessages: 1,
			inboundJournal: 1,
			consoleTokens: 1,
			completedJobs: 0,
			failedJobs: 0,
		});
		const keys = async <T>(rows: Promise<T[]>, key: (row: T) => string) =>
			(await rows).map(key).sort();
		expect(await keys(db.select().from(outbox), (r) => r.dedupeKey)).toEqual([
			"failed-new",
			"sent-new",
			"unsent-old",
		]);
		expect(
			await keys(db.select().from(inboundMessages), (r) => r.messageId),
		).toEqual(["chatter-new", "issue-old", "recorded-old"]);
		expect(
			await keys(db.select().from(inboundJournal), (r) => r.messageId),
		).toEqual(["chatter-new", "unrecorded-old"]);
		expect(
			await keys(db.select().from(consoleTokens), (r) => r.tokenHash),
		).toEqual(["expired-recent", "live"]);
		expect(await queue.getJobCounts("completed", "failed", "waiting")).toEqual({
			completed: 1,
			failed: 1,
			waiting: 1,
		});

		// A hundred days on: the finished jobs go, the waiting one stays.
		const later = await pruner.run(new Date(now.getTime() + 100 * DAY));
		expect(later.completedJobs).toBe(1);
		expect(later.failedJobs).toBe(1);
		expect(await queue.getJobCounts("completed", "failed", "waiting")).toEqual({
			completed: 0,
			failed: 0,
			waiting: 1,
		});
	});
});
