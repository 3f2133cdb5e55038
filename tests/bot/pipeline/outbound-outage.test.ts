/**
 * Sends during a platform outage: a passing failure (logged out, network, a room the puppet cannot
 * see yet) is retried for as long as it lasts, in order; a refusal is given up at once and listed.
 */
import { asc, eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { PlatformRejectedError } from "../../../bot/adapter.ts";
import type { Platform } from "../../../bot/messages.ts";
import { createPacing } from "../../../bot/pipeline/chat-pacer.ts";
import {
	createOutboundWorker,
	type OutboundWorkerOptions,
} from "../../../bot/pipeline/outbound-worker.ts";
import {
	createOutboundQueue,
	enqueueOutbound,
} from "../../../bot/pipeline/outbox.ts";
import { createOutboxRelay } from "../../../bot/pipeline/relay.ts";
import { permanentSendFailures } from "../../../bot/pipeline/send-failures.ts";
import type { Db } from "../../../db/client.ts";
import { outbox } from "../../../db/schema/index.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	createPowerIssue,
	seedDirectory,
} from "../../support/issue-db-fixtures.ts";
import {
	createRecordingAdapter,
	outbound,
	type RecordingAdapter,
	silentLog,
} from "../../support/pipeline.ts";
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

/** Today's give-up came after 15 attempts; these tests fail more often than that. */
const TODAYS_ATTEMPTS = 15;

function setup(
	db: Db,
	platform: Platform,
	worker: Partial<OutboundWorkerOptions> = {},
) {
	const prefix = randomPrefix();
	const outboundQueue = createOutboundQueue({ connection: TEST_REDIS, prefix });
	closers.push(() => outboundQueue.close());
	const relay = createOutboxRelay({
		db,
		outboundQueue,
		autoStart: false,
		retry: { attempts: 5, backoffMs: 5 },
	});
	closers.push(() => relay.close());
	const adapter = createRecordingAdapter(platform);
	const sending = createOutboundWorker({
		connection: TEST_REDIS,
		prefix,
		db,
		adapters: new Map<Platform, RecordingAdapter>([[platform, adapter]]),
		pacing: createPacing({ chatIntervalMs: 1, wechatGroupPerMinute: 100_000 }),
		orderRecheckMs: 20,
		retryBackoff: { firstMs: 5, capMs: 20 },
		log: silentLog,
		...worker,
	});
	closers.push(() => sending.close());
	return { prefix, relay, adapter, sending };
}

async function promise(
	db: Db,
	platform: Platform,
	conversationId: string,
	texts: string[],
	issueId: number | null = null,
): Promise<number[]> {
	const ids: number[] = [];
	for (const text of texts) {
		const id = await enqueueOutbound(db, {
			dedupeKey: `${conversationId}-${text}`,
			issueId,
			message: outbound(conversationId, text, platform),
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

describeEachDriver("sending through a platform outage", (database) => {
	it("keeps retrying while WeChat is logged out, past today's limit, and sends in order once it is back", async () => {
		const { db } = database();
		const { prefix, relay, adapter } = setup(db, "wechat");
		const room = `room-${prefix}@chatroom`;
		let loggedIn = false;
		adapter.failWith = () =>
			loggedIn
				? undefined
				: new Error(
						"WeChat is not logged in: scan the login QR code shown by the gateway",
					);
		await promise(db, "wechat", room, ["第一条", "第二条"]);
		await relay.runOnce();

		await waitFor(
			() => adapter.calls > TODAYS_ATTEMPTS + 5,
			"more tries than today's limit",
		);
		const pending = await rowsOf(db, room);
		expect(pending.map((r) => [r.sentAt, r.lastError, r.failedAt])).toEqual([
			[null, null, null],
			[null, null, null],
		]);
		expect(adapter.sent).toEqual([]);

		loggedIn = true;
		await waitFor(() => adapter.sent.length === 2, "both messages");
		expect(adapter.sent.map((s) => s.message.text)).toEqual([
			"第一条",
			"第二条",
		]);
		const sent = await waitFor(async () => {
			const rows = await rowsOf(db, room);
			return rows.every((r) => r.sentAt) && rows;
		}, "both rows marked sent");
		expect(sent.map((r) => r.lastError)).toEqual([null, null]);
	});

	it("sends what waited out a long logout as soon as WeChat is back, not at the next backoff", async () => {
		const { db } = database();
		// Backoff as in production: by now the next try would be minutes away.
		const { prefix, relay, adapter, sending } = setup(db, "wechat", {
			retryBackoff: { firstMs: 60_000, capMs: 300_000 },
		});
		const room = `room-${prefix}@chatroom`;
		// Logged in, but the first try after it still finds the puppet not ready.
		let notReadyTries = 2;
		adapter.failWith = () =>
			notReadyTries-- > 0 ? new Error("WeChat is not logged in") : undefined;
		await promise(db, "wechat", room, ["登录后的第一条"]);
		await relay.runOnce();
		await waitFor(() => adapter.calls >= 1, "the first try");

		await sending.retryWaiting();
		// Well before the next try of its backoff (60 s): the deadline of the wait says so.
		await waitFor(() => adapter.sent.length === 1, "the message", 10_000);
	});

	it("waits for a room the puppet cannot see yet, and gives it up for good after the bound", async () => {
		const { db } = database();
		const { prefix, relay, adapter } = setup(db, "wechat", {
			conversationMissingMs: 3000,
		});
		const appears = `room-${prefix}-appears@chatroom`;
		const gone = `room-${prefix}-gone@chatroom`;
		const notFound = () =>
			new PlatformRejectedError(
				"no WeChat room or contact with id …: check the group binding",
				"conversation_not_found",
			);
		let seenCalls = 0;
		adapter.failWith = (message) => {
			if (message.conversationId === gone) return notFound();
			seenCalls += 1;
			return seenCalls <= 8 ? notFound() : undefined;
		};
		await promise(db, "wechat", appears, ["房间稍后出现"]);
		await promise(db, "wechat", gone, ["群已解散", "之后的消息"]);
		await relay.runOnce();

		await waitFor(
			() => adapter.sent.some((s) => s.message.conversationId === appears),
			"the message to the room that appeared",
		);
		const [given] = await waitFor(async () => {
			const rows = await rowsOf(db, gone);
			return rows[0]?.failedAt ? rows : undefined;
		}, "the message to the vanished room to be given up");
		expect(given?.lastError).toMatch(/^rejected \(conversation_not_found\)/);
		expect(given?.sentAt).toBeNull();
		// The message behind it is then tried, and waited for in its turn.
		await waitFor(async () => {
			const rows = await rowsOf(db, gone);
			return rows[1]?.failedAt ? rows : undefined;
		}, "the next message in that chat to be tried and given up");
	});

	it("gives up a Slack refusal at once, and lists it with its chat, reason and issue number", async () => {
		const { db } = database();
		const { prefix, relay, adapter } = setup(db, "slack");
		const channel = `C${prefix}`;
		const issue = await createPowerIssue(
			db,
			await seedDirectory(db),
			new Date(),
		);
		adapter.failWith = (message) =>
			message.text === "频道已归档"
				? new PlatformRejectedError(
						"Slack chat.postMessage refused: is_archived",
						"is_archived",
					)
				: undefined;
		const before = new Date(Date.now() - 1000);
		const [refusedId] = await promise(
			db,
			"slack",
			channel,
			["频道已归档", "下一条"],
			issue.id,
		);
		await relay.runOnce();
		await waitFor(() => adapter.sent.length === 1, "the next message");
		expect(adapter.calls).toBe(2);

		const failures = await permanentSendFailures(db, { since: before });
		expect(failures.filter((f) => f.platform === "slack")).toEqual([
			expect.objectContaining({
				outboxId: refusedId,
				platform: "slack",
				conversationId: channel,
				code: "is_archived",
				reason: expect.stringMatching(/is_archived/),
				issueNumber: issue.number,
				text: "频道已归档",
				failedAt: expect.any(Date),
			}),
		]);
		expect(
			await permanentSendFailures(db, { since: new Date(Date.now() + 60_000) }),
		).toEqual([]);
	});
});
