/**
 * The one way a batch of inbound messages enters the bot, for the worker and for tests alike (as
 * probot's `receive`): one transaction records the messages and opens the batch's unit of work, in
 * which the handler handles each new one in order; the outcomes go with the rows the handler
 * deferred, in one statement at its end. After commit the relay is poked if the batch left it rows,
 * and the `afterCommit`s run, all at once.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import type { WrittenAnswer } from "../../db/deferred-rows.ts";
import { inboundMessages } from "../../db/schema/index.ts";
import { type UnitOfWork, withUnitOfWork } from "../../db/unit-of-work.ts";
import type { InboundMessage, Platform } from "../messages.ts";
import type { Logger } from "../runtime/logger.ts";
import type { HandleResult, InboundHandler } from "./inbound-worker.ts";

/** A message as it arrived: its own words, and when the bot received it. */
export interface Arrival {
	message: InboundMessage;
	receivedAt: Date;
}

export interface Handled {
	inboundId: number;
	result: HandleResult;
}

export interface ReceiverOptions {
	db: Db;
	handle: InboundHandler;
	/**
	 * After each commit: takes the batch's answers to the outbound queue (`handOver`, so that they
	 * leave without a relay pass), and is woken for any other outbox row the handler wrote.
	 */
	relay?: BatchRelay;
	log?: Logger;
	/**
	 * A statement for the same transaction, sent with the deferred rows at its end (the worker lets
	 * its journal go of the batch's messages).
	 */
	alsoInTransaction?: (messages: readonly InboundMessage[]) => SQL | undefined;
}

export interface BatchRelay {
	poke(): void;
	/** False when Redis did not take the answers: they are the relay's again. */
	handOver?(answers: readonly WrittenAnswer[]): Promise<boolean>;
}

/** Per message, in order: what the handler made of it, or null for a redelivery (its row exists). */
export type Receive = (
	arrivals: readonly (Arrival | InboundMessage)[],
) => Promise<Array<Handled | null>>;

export function createReceiver(options: ReceiverOptions): Receive {
	const { db, handle, relay, log } = options;
	return async (input) => {
		const arrivals = input.map(asArrival);
		let batch: UnitOfWork | undefined;
		const handled = await db.transaction(async (tx) => {
			const ids = await recordInbound(tx, arrivals);
			// The handlers' audit events, links and answers, and the outcomes, are written together at the end.
			return withUnitOfWork(
				tx,
				async (work) => {
					batch = work;
					const also = options.alsoInTransaction?.(
						arrivals.map((a) => a.message),
					);
					if (also) work.deferStatement(also);
					const fresh = arrivals
						.filter((a) => ids.has(keyOf(a.message)))
						.map((a) => a.message);
					const handleOne = handle.openBatch
						? await handle.openBatch(work, fresh)
						: (message: InboundMessage, inboundId: number) =>
								handle(work, message, inboundId);
					const results: Array<Handled | null> = [];
					let left = fresh.length;
					for (const { message } of arrivals) {
						const inboundId = ids.get(keyOf(message));
						if (inboundId === undefined) {
							results.push(null);
							continue;
						}
						// An issue's id and number are drawn ahead for as many messages as are left.
						work.expectIssues(left--);
						results.push({
							inboundId,
							result: await handleOne(message, inboundId),
						});
					}
					recordOutcomes(
						work,
						results.filter((d): d is Handled => d !== null),
					);
					return results;
				},
				{ answersEnqueued: relay?.handOver !== undefined },
			);
		});
		const handedOver =
			(await relay?.handOver?.(batch?.answersWritten ?? [])) ?? true;
		// A batch of chatter, or one whose answers are in the queue, leaves the relay nothing to do.
		if (batch?.leftForRelay || !handedOver) relay?.poke();
		for (const [i, entry] of handled.entries())
			if (entry?.result.outcome === "unknown_conversation") {
				const message = arrivals[i]?.message;
				// One line, no words: the bot is in a group the directory does not name (or was added to one).
				log?.info("ignored a message from a group not in the directory", {
					platform: message?.platform,
					conversationId: message?.conversationId,
					...(message?.conversationTitle
						? { title: message.conversationTitle }
						: {}),
				});
			}
		// At once: each arms its own issue's timers (one Redis pipeline for the batch), none waits for another.
		await Promise.all(
			handled.map(async (entry, i) => {
				try {
					await entry?.result.afterCommit?.();
				} catch (error) {
					log?.error("after-commit step failed", {
						messageId: arrivals[i]?.message.messageId,
						error: String(error),
					});
				}
			}),
		);
		return handled;
	};
}

function asArrival(input: Arrival | InboundMessage): Arrival {
	return "receivedAt" in input && "message" in input
		? input
		: { message: input as InboundMessage, receivedAt: new Date() };
}

const keyOf = (message: Pick<InboundMessage, "platform" | "messageId">) =>
	`${message.platform}\u0000${message.messageId}`;

/**
 * Inserts the batch's messages; the ids of those that were new (a redelivery's row exists already).
 * One statement over column arrays (`unnest`): its text is the same for any batch size, and
 * building it costs nothing per row, unlike a VALUES list.
 */
async function recordInbound(
	tx: Tx,
	arrivals: readonly Arrival[],
): Promise<Map<string, number>> {
	// sql.param: the array is one parameter (a bare array in sql`` would become a list of them).
	const column = <T>(value: (message: InboundMessage, arrival: Arrival) => T) =>
		sql.param(arrivals.map((a) => value(a.message, a)));
	const result = await tx.execute(sql`
		insert into ${inboundMessages}
			(platform, message_id, conversation_id, author_external_id, text, message, received_at)
		select * from unnest(
			${column((m) => m.platform)}::text[],
			${column((m) => m.messageId)}::text[],
			${column((m) => m.conversationId)}::text[],
			${column((m) => m.author.externalId)}::text[],
			${column((m) => m.text)}::text[],
			${column((m) => JSON.stringify(m))}::jsonb[],
			${column((_, a) => a.receivedAt.toISOString())}::timestamptz[])
		on conflict (platform, message_id) do nothing
		returning id, platform, message_id`);
	const rows = (
		result as unknown as {
			rows: Array<{
				id: string | number;
				platform: string;
				message_id: string;
			}>;
		}
	).rows;
	return new Map(
		rows.map((row) => [
			keyOf({ platform: row.platform as Platform, messageId: row.message_id }),
			Number(row.id),
		]),
	);
}

/** What the bot made of each message: one statement, in the round trip of the deferred rows. */
function recordOutcomes(work: UnitOfWork, handled: readonly Handled[]): void {
	if (handled.length === 0) return;
	const column = <T>(value: (entry: Handled) => T) =>
		sql.param(handled.map(value));
	work.deferStatement(
		sql`
		update ${inboundMessages}
		set outcome = v.outcome, issue_id = v.issue_id
		from unnest(
			${column((h) => h.inboundId)}::bigint[],
			${column((h) => h.result.outcome)}::text[],
			${column((h) => h.result.issueId ?? null)}::integer[]) as v(id, outcome, issue_id)
		where ${inboundMessages.id} = v.id`,
	);
}
