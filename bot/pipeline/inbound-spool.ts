/**
 * The gateway's durable hand-off. A message goes to the inbound queue (Redis); when the queue does
 * not take it within `acceptTimeoutMs` — Redis away, full, unreachable — it is written to the
 * inbound_spool table instead and the hand-off still succeeds. From then on every new message goes
 * to the spool too, behind the ones already there, until a background loop has handed them all to the
 * queue in arrival order. Only when Postgres cannot take it either does the hand-off fail (Slack
 * then delivers again; the WeChat adapter retries).
 *
 * A message may reach the queue twice (an add that timed out yet landed, then the spool's replay):
 * the queue drops a known job id and the worker a known message id.
 *
 * Every message is watched by the inbound journal (./inbound-journal.ts), which keeps in Postgres
 * what no worker has recorded a second later: a Redis that loses what it held (wiped, restarted
 * without its data) gets it again from there.
 */
import { asc, count, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { inboundSpool } from "../../db/schema/pipeline.ts";
import type { InboundSink } from "../adapter.ts";
import type { InboundMessage } from "../messages.ts";
import type { Logger } from "../runtime/logger.ts";
import type { InboundJournal } from "./inbound-journal.ts";
import type {
	AcceptOutcome,
	InboundJobData,
	InboundQueue,
} from "./inbound-queue.ts";

export interface DurableInboundOptions {
	queue: Pick<InboundQueue, "accept">;
	db: Db;
	log?: Logger;
	/** How long a queue add may take before the message is spooled instead. Default 2000. */
	acceptTimeoutMs?: number;
	/** How often the spool is offered to the queue again while it holds messages. Default 2000. */
	retryMs?: number;
	/** Rows handed over per round. */
	batchSize?: number;
	/** Watches every message until a worker records it (absent: Redis alone holds it); closed with this. */
	journal?: InboundJournal;
	/** A journal row older than this is offered to the queue again. Default 30 000. */
	rehandAfterMs?: number;
	/** How often the journal is looked at for such rows. Default 10 000. */
	rehandEveryMs?: number;
}

export interface DurableInbound {
	readonly sink: InboundSink;
	/** Hands spooled messages to the queue now; how many went. */
	drain(): Promise<number>;
	/** Offers the queue the journal's messages that no worker recorded in time; how many. */
	rehand(): Promise<number>;
	/** Messages waiting in the spool. */
	pending(): Promise<number>;
	close(): Promise<void>;
}

class AcceptTimeout extends Error {
	constructor(ms: number) {
		super(`the inbound queue did not take the message within ${ms} ms`);
	}
}

export function createDurableInbound(
	options: DurableInboundOptions,
): DurableInbound {
	const { queue, db, log } = options;
	const acceptTimeoutMs = options.acceptTimeoutMs ?? 2000;
	const retryMs = options.retryMs ?? 2000;
	const batchSize = options.batchSize ?? 100;
	const journal = options.journal;
	const rehandAfterMs = options.rehandAfterMs ?? 30_000;
	/**
	 * True while the spool may hold messages: new ones queue up behind them. It starts true: what a
	 * previous run left there goes before anything new.
	 */
	let spooling = true;
	/** Spool writes decided on but not yet run: while any waits, spooling must not end. */
	let writesWaiting = 0;
	/** Spool writes and drain rounds run one after another, so arrival order is kept. */
	let chain: Promise<unknown> = Promise.resolve();
	let timer: NodeJS.Timeout | undefined;
	let closed = false;

	const serially = <T>(work: () => Promise<T>): Promise<T> => {
		const next = chain.then(work, work);
		chain = next.catch(() => {});
		return next;
	};

	async function acceptWithin(message: InboundMessage): Promise<AcceptOutcome> {
		let timeout: NodeJS.Timeout | undefined;
		try {
			return await Promise.race([
				queue.accept(message),
				new Promise<never>((_, reject) => {
					timeout = setTimeout(
						() => reject(new AcceptTimeout(acceptTimeoutMs)),
						acceptTimeoutMs,
					);
				}),
			]);
		} finally {
			clearTimeout(timeout);
		}
	}

	async function spool(message: InboundMessage, reason: string) {
		const { raw: _raw, ...data } = message;
		writesWaiting++;
		try {
			await serially(() =>
				db.insert(inboundSpool).values({
					platform: message.platform,
					messageId: message.messageId,
					message: data,
					reason,
				}),
			);
		} finally {
			writesWaiting--;
		}
		schedule();
	}

	function schedule(): void {
		if (closed || timer) return;
		timer = setTimeout(() => {
			timer = undefined;
			void drain()
				.catch((error) =>
					log?.warn("could not hand the inbound spool to the queue", {
						error: String(error),
					}),
				)
				.finally(() => {
					if (spooling) schedule();
				});
		}, retryMs);
		timer.unref?.();
	}

	/** A redelivery the queue dropped will never be recorded: the journal lets it go. */
	async function settle(message: InboundMessage, outcome: AcceptOutcome) {
		if (outcome === "duplicate_content") await journal?.forget(message);
	}

	async function sink(message: InboundMessage): Promise<void> {
		journal?.watch(message);
		if (!spooling) {
			try {
				await settle(message, await acceptWithin(message));
				return;
			} catch (error) {
				if (!spooling)
					log?.warn(
						"the inbound queue cannot take messages; keeping them in Postgres until it can",
						{ error: String(error) },
					);
				spooling = true;
				await spool(message, String(error));
				return;
			}
		}
		await spool(message, "behind earlier spooled messages");
	}

	function drain(): Promise<number> {
		return serially(async () => {
			let handed = 0;
			for (;;) {
				const rows = await db
					.select()
					.from(inboundSpool)
					.orderBy(asc(inboundSpool.id))
					.limit(batchSize);
				if (rows.length === 0) {
					// A write queued behind this round lands after it: the next round takes it.
					if (writesWaiting === 0) spooling = false;
					return handed;
				}
				const done: number[] = [];
				try {
					for (const row of rows) {
						const message = row.message as InboundJobData as InboundMessage;
						await settle(message, await acceptWithin(message));
						done.push(row.id);
					}
				} catch (error) {
					log?.warn("the inbound queue still cannot take messages", {
						waiting: rows.length - done.length,
						error: String(error),
					});
					return handed + (await forget(done));
				}
				handed += await forget(done);
			}
		});
	}

	async function forget(ids: number[]): Promise<number> {
		if (ids.length > 0)
			await db.delete(inboundSpool).where(inArray(inboundSpool.id, ids));
		return ids.length;
	}

	async function pending(): Promise<number> {
		const [row] = await db.select({ n: count() }).from(inboundSpool);
		return row?.n ?? 0;
	}

	/** Journal rows a worker has not recorded in time: the queue gets them again (known ids are no-ops). */
	async function rehand(): Promise<number> {
		if (!journal || spooling) return 0;
		const stale = await journal.unrecorded(rehandAfterMs, batchSize);
		for (const data of stale) {
			const message = data as InboundMessage;
			await settle(message, await acceptWithin(message));
		}
		return stale.length;
	}
	const rehandTimer = journal
		? setInterval(() => {
				if (closed) return;
				void rehand().catch((error) =>
					log?.warn("could not offer the inbound journal to the queue", {
						error: String(error),
					}),
				);
			}, options.rehandEveryMs ?? 10_000)
		: undefined;
	rehandTimer?.unref?.();

	// Messages left from before a restart go first; usually there are none and this ends spooling.
	void drain()
		.then((n) => {
			if (n > 0)
				log?.info(
					`${n} inbound messages kept while Redis was away were handed to the queue`,
				);
		})
		.catch((error) => {
			log?.warn("could not read the inbound spool", { error: String(error) });
			schedule();
		});

	return {
		sink,
		drain,
		rehand,
		pending,
		async close() {
			closed = true;
			clearTimeout(timer);
			clearInterval(rehandTimer);
			await chain;
			await journal?.close();
		},
	};
}
