/**
 * Rows deferred to the end of a unit of work (db/unit-of-work.ts, an inbound batch): written in the
 * order they were deferred, before anything else in the transaction reads or writes their table, and
 * not at all when the transaction fails.
 */
import { asc, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { queueOf } from "../../bot/conversation/queries.ts";
import { replyTo } from "../../bot/conversation/reply.ts";
import type { InboundMessage } from "../../bot/messages.ts";
import { enqueueOutbound } from "../../bot/pipeline/outbox.ts";
import type { DbOrTx } from "../../db/client.ts";
import {
	issueCoHandlers,
	issueEvents,
	issueLinks,
} from "../../db/schema/issues.ts";
import { outbox } from "../../db/schema/pipeline.ts";
import { insertIssueLinks, withUnitOfWork } from "../../db/unit-of-work.ts";
import {
	applyCommand,
	coHandlersOf,
} from "../../workflows/issues/apply-command.ts";
import { createIssue } from "../../workflows/issues/create-issue.ts";
import { insertIssueEvents } from "../../workflows/issues/insert-events.ts";
import { getIssueTimeline } from "../../workflows/issues/timeline.ts";
import { describeEachDriver } from "../support/databases.ts";
import {
	createPowerIssue,
	seedDirectory,
} from "../support/issue-db-fixtures.ts";
import { calendar, NOW, POLICY } from "../support/lifecycle-fixtures.ts";

const note = (issueId: number, n: number) => ({
	issueId,
	actorLabel: "system",
	kind: `note_${n}`,
	toState: "dispatched",
	version: 1,
	payload: { n },
	createdAt: NOW,
});

const inbound = (id: string, chat: string): InboundMessage =>
	({
		platform: "playground",
		messageId: id,
		conversationId: chat,
		text: "厂区停电",
		author: { externalId: "owner" },
		mentions: [],
		attachments: [],
		raw: null,
	}) as unknown as InboundMessage;

async function eventKinds(db: DbOrTx, issueId: number): Promise<string[]> {
	const rows = await db
		.select({ kind: issueEvents.kind })
		.from(issueEvents)
		.where(eq(issueEvents.issueId, issueId))
		.orderBy(asc(issueEvents.id));
	return rows.map((r) => r.kind);
}

async function answers(db: DbOrTx, chat: string): Promise<string[]> {
	const rows = await db
		.select({ key: outbox.dedupeKey })
		.from(outbox)
		.where(eq(outbox.conversationId, chat))
		.orderBy(asc(outbox.id));
	return rows.map((r) => r.key);
}

describeEachDriver("rows deferred to the end of a transaction", (database) => {
	it("writes events, links and answers together at the end, in the order they were deferred", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const one = await createPowerIssue(db, dir, NOW);
		const two = await createPowerIssue(db, dir, NOW);
		await db.transaction((tx) =>
			withUnitOfWork(tx, async (work) => {
				await insertIssueEvents(work, [note(one.id, 1), note(two.id, 1)]);
				await replyTo(work, 101, inbound("m-101", "chat-a"), "第一条");
				await insertIssueEvents(work, [note(one.id, 2)]);
				await replyTo(work, 102, inbound("m-102", "chat-a"), "第二条");
				// Nothing reached the tables yet: a plain read (not one of the flushing calls) sees none.
				expect(await eventKinds(work, one.id)).toEqual([
					"created",
					"dispatched",
				]);
				expect(await answers(work, "chat-a")).toEqual([]);
			}),
		);
		expect(await eventKinds(db, one.id)).toEqual([
			"created",
			"dispatched",
			"note_1",
			"note_2",
		]);
		expect(await eventKinds(db, two.id)).toContain("note_1");
		expect(await answers(db, "chat-a")).toEqual([
			"inbound-101-reply",
			"inbound-102-reply",
		]);
		const [stored] = await db
			.select({ message: outbox.message, issueId: outbox.issueId })
			.from(outbox)
			.where(eq(outbox.dedupeKey, "inbound-101-reply"));
		expect(stored).toMatchObject({
			issueId: null,
			message: { text: "第一条", replyTo: { messageId: "m-101" } },
		});
	});

	it("writes what was deferred before a timeline is read, a command is applied or an answer is promised at once", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const issue = await createPowerIssue(db, dir, NOW);
		await db.transaction((tx) =>
			withUnitOfWork(tx, async (work) => {
				await insertIssueEvents(work, [note(issue.id, 1)]);
				expect(
					(await getIssueTimeline(work, issue.id)).map((e) => e.kind),
				).toEqual(["created", "dispatched", "note_1"]);

				await insertIssueEvents(work, [note(issue.id, 2)]);
				const accepted = await applyCommand(work, {
					issueId: issue.id,
					command: { type: "accept" },
					actorPersonId: dir.people.powerOfficial.id,
					now: NOW,
					calendar,
				});
				expect(accepted.ok).toBe(true);

				await replyTo(work, 201, inbound("m-201", "chat-b"), "先说的");
				await enqueueOutbound(work, {
					dedupeKey: "chat-b-notice",
					message: {
						platform: "playground",
						conversationId: "chat-b",
						text: "后说的",
						mentions: [],
					},
				});
				await insertIssueEvents(work, [note(issue.id, 3)]);
			}),
		);
		expect(await eventKinds(db, issue.id)).toEqual([
			"created",
			"dispatched",
			"note_1",
			"note_2",
			"accepted",
			"note_3",
		]);
		expect(await answers(db, "chat-b")).toEqual([
			"inbound-201-reply",
			"chat-b-notice",
		]);
	});

	it("writes a new issue's co-handling departments before the 待办 queue or a command reads them", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const coHandlersIn = async (tx: DbOrTx, issueId: number) =>
			(
				await tx
					.select({ id: issueCoHandlers.departmentId })
					.from(issueCoHandlers)
					.where(eq(issueCoHandlers.issueId, issueId))
			).map((r) => r.id);
		await db.transaction((tx) =>
			withUnitOfWork(tx, async (work) => {
				const issue = await createIssue(work, {
					sourceChannel: "playground",
					title: "厂区频繁停电",
					body: "最近一周厂区停电三次，影响生产",
					enterpriseId: dir.acme.id,
					categoryCode: "power",
					leadDepartmentId: dir.power.id,
					coDepartmentIds: [dir.water.id],
					policy: POLICY,
					now: NOW,
					calendar,
				});
				expect(await coHandlersIn(work, issue.id)).toEqual([]);
				// The water official co-handles it: it is in their queue within the same batch.
				const queue = await queueOf(work, dir.people.waterOfficial);
				expect(queue.map((i) => i.id)).toContain(issue.id);
				expect(await coHandlersOf(work, issue.id)).toEqual([dir.water.id]);
			}),
		);
	});

	it("drops an answer whose key was promised already, and writes nothing when the transaction fails", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const issue = await createPowerIssue(db, dir, NOW);
		const other = await createPowerIssue(db, dir, NOW);
		await db.transaction((tx) =>
			withUnitOfWork(tx, async (work) => {
				await replyTo(work, 301, inbound("m-301", "chat-c"), "一次");
				await replyTo(work, 301, inbound("m-301", "chat-c"), "两次");
			}),
		);
		expect(await answers(db, "chat-c")).toEqual(["inbound-301-reply"]);

		const failed = db.transaction((tx) =>
			withUnitOfWork(tx, async (work) => {
				await insertIssueEvents(work, [note(issue.id, 9)]);
				await replyTo(work, 302, inbound("m-302", "chat-c"), "不会发出");
				throw new Error("handler failed");
			}),
		);
		await expect(failed).rejects.toThrow("handler failed");
		expect(await eventKinds(db, issue.id)).not.toContain("note_9");
		expect(await answers(db, "chat-c")).toEqual(["inbound-301-reply"]);

		// A link that breaks a constraint fails the transaction at its end, taking the rest with it.
		const broken = db.transaction((tx) =>
			withUnitOfWork(tx, async (work) => {
				await insertIssueEvents(work, [note(issue.id, 10)]);
				await insertIssueLinks(work, [
					{ issueId: issue.id, linkedIssueId: other.id, reason: "similar" },
					{ issueId: issue.id, linkedIssueId: other.id, reason: "similar" },
				]);
			}),
		);
		await expect(broken).rejects.toThrow();
		expect(await eventKinds(db, issue.id)).not.toContain("note_10");
		expect(
			await db
				.select()
				.from(issueLinks)
				.where(eq(issueLinks.issueId, issue.id)),
		).toEqual([]);
	});

	it("inserts at once outside a deferring transaction", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const issue = await createPowerIssue(db, dir, NOW);
		const other = await createPowerIssue(db, dir, NOW);
		await db.transaction(async (tx) => {
			await insertIssueLinks(tx, [
				{ issueId: issue.id, linkedIssueId: other.id, reason: "similar" },
			]);
			expect(
				await tx
					.select({ linked: issueLinks.linkedIssueId })
					.from(issueLinks)
					.where(eq(issueLinks.issueId, issue.id)),
			).toEqual([{ linked: other.id }]);
			await insertIssueEvents(tx, [note(issue.id, 1)]);
			expect(await eventKinds(tx, issue.id)).toContain("note_1");
			expect(await replyTo(tx, 401, inbound("m-401", "chat-d"), "好")).toBe(
				true,
			);
			expect(await answers(tx, "chat-d")).toEqual(["inbound-401-reply"]);
		});
	});
});
