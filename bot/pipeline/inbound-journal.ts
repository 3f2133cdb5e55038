/**
 * The inbound journal (inbound_journal) keeps a message Redis lost before a worker recorded it
 * (Redis wiped, or restarted without its data). The gateway watches every message it hands to
 * Redis; about a second later (`checkEveryMs`, one statement over all their keys) it writes to the
 * journal those that no worker has recorded yet. Most are recorded by then and cost the journal
 * nothing; a message still waiting (a backlog, Redis gone) is kept in Postgres. The worker deletes a
 * row in the transaction that records its message. What is still there after `staleMs` is offered
 * to the queue again, where a job id the queue holds is a no-op and the worker skips a message it
 * has recorded.
 *
 * The watch is in the gateway's memory: a message is in Redis while it is watched, and in Postgres
 * (recorded or journaled) once the watch ends. Only Redis losing its data and the gateway dying
 * within the same second lose a message; a whole machine's crash loses the journal anyway (the
 * table is unlogged, emptied by Postgres' crash recovery).
 */
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { rowsOf } from "../../db/raw-rows.ts";
import { inboundJournal, inboundMessages } from "../../db/schema/pipeline.ts";
import type { InboundMessage } from "../messages.ts";
import type { Logger } from "../runtime/logger.ts";
import type { InboundJobData } from "./inbound-queue.ts";

type Key = Pick<InboundJobData, "platform" | "messageId">;

export interface InboundJournal {
	/** The message is in Redis now; unless a worker records it first, it goes to the journal at the next check. */
	watch(message: InboundMessage): void;
	/** Writes the watched messages no worker has recorded yet; how many it wrote. */
	check(): Promise<number>;
	/** The message will not be recorded (a redelivery the queue dropped): nothing to wait for. */
	forget(message: Key): Promise<void>;
	/** Messages taken more than `olderThanMs` ago and not yet recorded, oldest first. */
	unrecorded(olderThanMs: number, limit: number): Promise<InboundJobData[]>;
	/** Checks what is watched one last time. */
	close(): Promise<void>;
}

export interface InboundJournalOptions {
	/** How often watched messages are checked. Default 1000. */
	checkEveryMs?: number;
	/** The most messages watched at once; beyond it the oldest are left to Redis alone (with a warning). */
	maxWatched?: number;
	log?: Logger;
}

interface Watched {
	data: InboundJobData;
	takenAt: Date;
}

/** For rows `v (platform, message_id)`: no worker has recorded the message. */
const notRecorded = sql`not exists (
	select 1 from ${inboundMessages} m
	where m.platform = v.platform and m.message_id = v.message_id)`;

const keyOf = (message: Key) => `${message.platform}\u0000${message.messageId}`;

export function createInboundJournal(
	db: Db,
	options: InboundJournalOptions = {},
): InboundJournal {
	const maxWatched = options.maxWatched ?? 200_000;
	/** Watched messages by key, in the order they were taken (a Map keeps insertion order). */
	let watched = new Map<string, Watched>();
	let checking: Promise<number> | null = null;
	let warnedFull = false;

	/**
	 * The unrecorded ones of `batch` go to the journal. Usually every one is recorded: one statement
	 * over their keys, and nothing serialized; a second writes the others.
	 */
	async function writeUnrecorded(batch: readonly Watched[]): Promise<number> {
		const keys = (rows: readonly Watched[]) => ({
			platforms: sql.param(rows.map((w) => w.data.platform)),
			messageIds: sql.param(rows.map((w) => w.data.messageId)),
		});
		const all = keys(batch);
		const unrecorded = new Set(
			rowsOf<{ platform: string; message_id: string }>(
				await db.execute(sql`
					select v.platform, v.message_id
					from unnest(${all.platforms}::text[], ${all.messageIds}::text[])
						as v(platform, message_id)
					where ${notRecorded}`),
			).map((row) =>
				keyOf({
					platform: row.platform as Key["platform"],
					messageId: row.message_id,
				}),
			),
		);
		const missing = batch.filter((w) => unrecorded.has(keyOf(w.data)));
		if (missing.length === 0) return 0;
		const some = keys(missing);
		// Recorded since the first statement: not written (a later leftover is the re-hand's to delete).
		const written = rowsOf(
			await db.execute(sql`
				insert into ${inboundJournal} (platform, message_id, message, received_at)
				select v.platform, v.message_id, v.message, v.taken_at
				from unnest(
					${some.platforms}::text[],
					${some.messageIds}::text[],
					${sql.param(missing.map((w) => JSON.stringify(w.data)))}::jsonb[],
					${sql.param(missing.map((w) => w.takenAt.toISOString()))}::timestamptz[])
					as v(platform, message_id, message, taken_at)
				where ${notRecorded}
				on conflict do nothing
				returning 1`),
		);
		return written.length;
	}

	async function checkNow(): Promise<number> {
		if (watched.size === 0) return 0;
		const batch = [...watched.values()];
		watched = new Map();
		try {
			const written = await writeUnrecorded(batch);
			warnedFull = false;
			return written;
		} catch (error) {
			// Still in Redis: watched again, ahead of what came meanwhile, until Postgres takes them.
			const meanwhile = watched;
			watched = new Map(batch.map((w) => [keyOf(w.data), w]));
			for (const [key, w] of meanwhile) watched.set(key, w);
			throw error;
		}
	}

	function check(): Promise<number> {
		checking ??= checkNow().finally(() => {
			checking = null;
		});
		return checking;
	}

	const timer = setInterval(() => {
		void check().catch((error) =>
			options.log?.warn(
				"could not check the inbound messages against the journal; they stay watched",
				{ watched: watched.size, error: String(error) },
			),
		);
	}, options.checkEveryMs ?? 1000);
	timer.unref?.();

	return {
		watch(message) {
			const { raw: _raw, ...data } = message;
			watched.set(keyOf(data), { data, takenAt: new Date() });
			if (watched.size <= maxWatched) return;
			const [oldest] = watched.keys();
			if (oldest !== undefined) watched.delete(oldest);
			if (!warnedFull)
				options.log?.warn(
					"too many inbound messages watched; the oldest are left to Redis alone",
					{ maxWatched },
				);
			warnedFull = true;
		},
		check,
		async forget(message) {
			if (watched.delete(keyOf(message))) return;
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
		async close() {
			clearInterval(timer);
			await checking?.catch(() => {});
			// Failing, it leaves them to Redis alone, as a gateway that died would.
			await check().catch((error) =>
				options.log?.warn(
					"could not check the inbound messages against the journal before stopping",
					{ watched: watched.size, error: String(error) },
				),
			);
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
