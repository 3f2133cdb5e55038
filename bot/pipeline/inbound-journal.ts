/**
 * The inbound journal (inbound_journal): the gateway writes every message it takes while it hands
 * it to Redis; the worker deletes the row in the transaction that records the message. What is
 * still there after `staleMs` was lost by Redis (wiped, or restarted without its data) or is still
 * waiting behind a backlog: it is offered to the queue again, where a job id the queue holds is a
 * no-op and the worker skips a message it has recorded.
 */
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { rowsOf } from "../../db/raw-rows.ts";
import { inboundJournal, inboundMessages } from "../../db/schema/pipeline.ts";
import type { InboundMessage } from "../messages.ts";
import type { InboundJobData } from "./inbound-queue.ts";
import { createMicroBatcher } from "./micro-batcher.ts";

type Key = Pick<InboundJobData, "platform" | "messageId">;

export interface InboundJournal {
	/** Kept in Postgres before the hand-off; messages arriving together go in one statement. */
	write(message: InboundMessage): Promise<void>;
	/** The message will not be recorded (a redelivery the queue dropped): nothing to wait for. */
	forget(message: Key): Promise<void>;
	/** Messages taken more than `olderThanMs` ago and not yet recorded, oldest first. */
	unrecorded(olderThanMs: number, limit: number): Promise<InboundJobData[]>;
}

export function createInboundJournal(db: Db): InboundJournal {
	// One insert at a time, as the queue's adds: what arrives meanwhile goes in the next. With two
	// at once, the bench's chatter flood wrote 3.6 messages per insert; with one, 5.2.
	const writes = createMicroBatcher<InboundJobData, void>({
		maxSize: 64,
		maxInFlight: 1,
		async run(messages) {
			const column = <T>(value: (m: InboundJobData) => T) =>
				sql.param(messages.map(value));
			await db.execute(sql`
				insert into ${inboundJournal} (platform, message_id, message)
				select * from unnest(
					${column((m) => m.platform)}::text[],
					${column((m) => m.messageId)}::text[],
					${column((m) => JSON.stringify(m))}::jsonb[])
				on conflict do nothing`);
			return messages.map(() => ({
				status: "fulfilled" as const,
				value: undefined,
			}));
		},
	});

	return {
		write(message) {
			const { raw: _raw, ...data } = message;
			return writes.add(data);
		},
		async forget(message) {
			await db
				.delete(inboundJournal)
				.where(
					and(
						eq(inboundJournal.platform, message.platform),
						eq(inboundJournal.messageId, message.messageId),
					),
				);
		},
		async unrecorded(olderThanMs, limit) {
			// A row whose message is recorded is a leftover: its insert landed after the worker's
			// release (the two are concurrent with the hand-off). It goes, in the same statement.
			const before = new Date(Date.now() - olderThanMs).toISOString();
			const rows = rowsOf<{ message: InboundJobData }>(
				await db.execute(sql`
					with recorded as (
						delete from ${inboundJournal} j
						using ${inboundMessages} m
						where j.received_at < ${before}::timestamptz
							and m.platform = j.platform and m.message_id = j.message_id
						returning j.platform, j.message_id)
					select j.message from ${inboundJournal} j
					where j.received_at < ${before}::timestamptz
						and (j.platform, j.message_id) not in (select * from recorded)
					order by j.received_at
					limit ${limit}`),
			);
			return rows.map((row) => row.message);
		},
	};
}

/**
 * In the worker's transaction: these messages are recorded (or were already), the journal lets go.
 * Also for a message given up after its last attempt: the failed set and the re-drive have it.
 */
export async function releaseFromJournal(
	tx: DbOrTx,
	messages: readonly Key[],
): Promise<void> {
	if (messages.length > 0) await tx.execute(journalRelease(messages));
}

/** The statement that lets the journal go of `messages`; the worker sends it with its batch's deferred rows. */
export function journalRelease(messages: readonly Key[]): SQL {
	return sql`
		delete from ${inboundJournal}
		where (platform, message_id) in (
			select * from unnest(
				${sql.param(messages.map((m) => m.platform))}::text[],
				${sql.param(messages.map((m) => m.messageId))}::text[]))`;
}
