/**
 * The outbound worker's reads and writes of outbox rows. The jobs in flight read their rows and
 * record their sends together (micro-batches); reads and sends that wait together go in one
 * statement — the sends as a data-modifying CTE of the read — so a busy worker costs Postgres one
 * statement per batch rather than two per message. One batch at a time: with a handful of jobs in
 * flight, a second one would mostly carry a single row.
 */
import { and, getTableColumns, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { reusableStatement } from "../../db/driver-workarounds/reusable-statement.ts";
import { outbox } from "../../db/schema/index.ts";
import { createMicroBatcher } from "./micro-batcher.ts";

/** Within a chat, messages leave in outbox order: an earlier one neither sent nor given up holds this back. */
const earlierPending = sql<boolean>`exists (
	select 1 from outbox as earlier
	where earlier.platform = outbox.platform
		and earlier.conversation_id = outbox.conversation_id
		and earlier.id < outbox.id
		and earlier.sent_at is null and earlier.last_error is null)`;

const markSent = (db: DbOrTx) =>
	db
		.update(outbox)
		.set({
			sentAt: sql`now()`,
			platformMessageId: sql`sent.platform_message_id`,
			attempts: sql`${outbox.attempts} + 1`,
			lastError: null,
		})
		.from(
			sql`unnest(${sql.placeholder("sentIds")}::bigint[], ${sql.placeholder("platformMessageIds")}::text[]) as sent(id, platform_message_id)`,
		)
		.where(and(sql`${outbox.id} = sent.id`, isNull(outbox.sentAt)));

const readRows = (db: DbOrTx) =>
	db
		.select({ ...getTableColumns(outbox), heldBack: earlierPending })
		.from(outbox)
		.where(sql`${outbox.id} = any(${sql.placeholder("ids")}::bigint[])`);

const rowsStatement = reusableStatement((db) =>
	readRows(db).prepare("outbound_rows"),
);
const sentStatement = reusableStatement((db) =>
	markSent(db).prepare("outbound_mark_sent"),
);
// The read does not see this statement's own updates (one snapshot); a row read here is never one
// being marked here: a job reads its row before it sends, and records the send after.
const rowsAndSentStatement = reusableStatement((db) => {
	const marked = db
		.$with("marked")
		.as(markSent(db).returning({ id: outbox.id }));
	return db
		.with(marked)
		.select({ ...getTableColumns(outbox), heldBack: earlierPending })
		.from(outbox)
		.where(sql`${outbox.id} = any(${sql.placeholder("ids")}::bigint[])`)
		.prepare("outbound_rows_and_mark_sent");
});

export type OutboundRow = Awaited<
	ReturnType<ReturnType<typeof rowsStatement>["execute"]>
>[number];

export interface Send {
	id: number;
	platformMessageId: string;
}

export interface OutboxRows {
	/** The row and whether an earlier message of its chat holds it back; null if there is none. */
	read(id: number): Promise<OutboundRow | null>;
	/** Records a send the platform confirmed (a row already marked stays as it was). */
	markSent(send: Send): Promise<void>;
}

type Op = { read: number } | { sent: Send };

export function createOutboxRows(db: Db): OutboxRows {
	const batcher = createMicroBatcher<Op, OutboundRow | null | undefined>({
		maxSize: 64,
		maxInFlight: 1,
		async run(ops) {
			const ids = ops.flatMap((op) => ("read" in op ? [op.read] : []));
			const sends = ops.flatMap((op) => ("sent" in op ? [op.sent] : []));
			const sent = {
				sentIds: sends.map((send) => send.id),
				platformMessageIds: sends.map((send) => send.platformMessageId),
			};
			let rows: OutboundRow[] = [];
			if (ids.length === 0) await sentStatement(db).execute(sent);
			else if (sends.length === 0)
				rows = await rowsStatement(db).execute({ ids });
			else rows = await rowsAndSentStatement(db).execute({ ids, ...sent });
			const byId = new Map(rows.map((row) => [row.id, row]));
			return ops.map((op) => ({
				status: "fulfilled",
				value: "read" in op ? (byId.get(op.read) ?? null) : undefined,
			}));
		},
	});
	return {
		read: async (id) => (await batcher.add({ read: id })) ?? null,
		markSent: async (send) => {
			await batcher.add({ sent: send });
		},
	};
}
