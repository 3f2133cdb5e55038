import { setTimeout as sleep } from "node:timers/promises";
import {
	DelayedError,
	type Job,
	Queue,
	UnrecoverableError,
	Worker,
} from "bullmq";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { outbox } from "../../db/schema/index.ts";
import {
	type ChatAdapter,
	PlatformRateLimitedError,
	PlatformRejectedError,
} from "../adapter.ts";
import {
	type MessageWithLoginLink,
	withLoginLinkMinted,
} from "../conversation/login-link.ts";
import type { OutboundMessage, Platform } from "../messages.ts";
import type { Logger } from "../runtime/logger.ts";
import {
	type ChatPacer,
	createChatPacer,
	DEFAULT_PACING,
	type PacingConfig,
} from "./chat-pacer.ts";
import { OUTBOUND_QUEUE, type OutboundJobData } from "./outbox.ts";
import { createOutboxRows } from "./outbox-rows.ts";
import {
	DEFAULT_PREFIX,
	openRedis,
	pipelineKey,
	type RedisConnection,
} from "./redis.ts";
import {
	cappedBackoff,
	DEFAULT_SEND_BACKOFF,
	type SendBackoff,
	sendRetryDelay,
} from "./retry-policy.ts";
import { createTurns } from "./turns.ts";

/**
 * Sends in flight per gateway, to different chats (one chat's messages go one at a time, at its
 * pace). A send is mostly waiting — on the platform, on Postgres, on Redis — so fewer leave the
 * worker idle: on the intake bench 8 answered ~455 acknowledgements/s where 16 answered ~560.
 */
export const DEFAULT_OUTBOUND_CONCURRENCY = 16;

export type OutboundJobResult =
	| { status: "sent"; platformMessageId: string }
	| { status: "already_sent" }
	| { status: "missing" };

export interface OutboundWorkerOptions {
	connection: RedisConnection;
	prefix?: string;
	db: Db;
	/** The platforms this process can send on; a job for another platform waits for a process that can. */
	adapters: Map<Platform, ChatAdapter>;
	pacing?: PacingConfig;
	concurrency?: number;
	/** How long a message waits before checking again that the one before it in its chat has gone. */
	orderRecheckMs?: number;
	/** Waits between tries of a send that failed for a passing reason (no limit on the tries). */
	retryBackoff?: SendBackoff;
	/** How long a WeChat room or contact the puppet cannot find is waited for before the send is given up. */
	conversationMissingMs?: number;
	log?: Logger;
}

export interface OutboundWorker {
	readonly worker: Worker<OutboundJobData, OutboundJobResult>;
	/** A platform is back: the sends waiting out their backoff are tried now, not minutes later. */
	retryWaiting(): Promise<void>;
	close(): Promise<void>;
}

/** A send Postgres could not record is remembered in Redis, so its retry records it instead of resending. */
const SENT_MARKER_TTL_MS = 24 * 3600 * 1000;
const FOREIGN_PLATFORM_DELAY_MS = 5000;
/** For this long after a platform is back, a passing failure is retried within a second. */
const JUST_BACK_MS = 60_000;
/** A puppet just logged in may not list a room yet: a missing room is waited for this long. */
export const DEFAULT_CONVERSATION_MISSING_MS = 30 * 60 * 1000;
/** Refusals that may pass: the room or contact may appear once the account has synced its list. */
const MAY_APPEAR = new Set(["conversation_not_found"]);

/**
 * Sends outbox rows. Per conversation, messages leave in outbox-id order (a message waits while an
 * earlier one in its chat is neither sent nor given up) and no faster than the chat's pacing.
 */
export function createOutboundWorker(
	options: OutboundWorkerOptions,
): OutboundWorker {
	const { db, adapters, log } = options;
	const prefix = options.prefix ?? DEFAULT_PREFIX;
	const redis = openRedis(options.connection);
	const pacer: ChatPacer = createChatPacer(
		redis,
		prefix,
		options.pacing ?? DEFAULT_PACING,
	);
	const orderRecheckMs = options.orderRecheckMs ?? 50;
	const retryBackoff = options.retryBackoff ?? DEFAULT_SEND_BACKOFF;
	/** When a platform was last reported back (retryWaiting). */
	let backAt = Number.NEGATIVE_INFINITY;
	const conversationMissingMs =
		options.conversationMissingMs ?? DEFAULT_CONVERSATION_MISSING_MS;
	const sentKey = (id: number) => pipelineKey(prefix, "sent", String(id));

	const rows = createOutboxRows(db);

	const turns = createTurns();

	function process(
		job: Job<OutboundJobData, OutboundJobResult>,
		token?: string,
	): Promise<OutboundJobResult> {
		const chat = job.data.chat;
		return chat ? turns.run(chat, () => send(job, token)) : send(job, token);
	}

	async function send(
		job: Job<OutboundJobData, OutboundJobResult>,
		token?: string,
	): Promise<OutboundJobResult> {
		const delay = async (ms: number): Promise<never> => {
			await job.moveToDelayed(Date.now() + Math.max(1, Math.ceil(ms)), token);
			throw new DelayedError();
		};
		const id = job.data.outboxId;
		const row = await rows.read(id);
		if (!row) {
			log?.warn("outbound job for an unknown outbox row; dropped", {
				outboxId: id,
			});
			return { status: "missing" };
		}
		if (row.sentAt) return { status: "already_sent" };
		// Only a job that ran before (a retry, a delay, a stall) or replaced a lost one can have sent it.
		if (job.attemptsStarted > 1 || job.data.recovered) {
			const remembered = await redis.get(sentKey(id));
			if (remembered !== null) return markSent(id, remembered);
		}

		const adapter = adapters.get(row.platform);
		if (!adapter) {
			log?.warn(
				"no adapter for this platform in this process; leaving it for another gateway",
				{ outboxId: id },
			);
			return delay(FOREIGN_PLATFORM_DELAY_MS);
		}
		const direct = (row.message as OutboundMessage).direct === true;
		if (row.heldBack) {
			return delay(
				Math.max(
					orderRecheckMs,
					await pacer.peek(row.platform, row.conversationId, direct),
				),
			);
		}
		for (;;) {
			const wait = await pacer.acquire(
				row.platform,
				row.conversationId,
				String(id),
				direct,
			);
			if (wait === 0) break;
			// A wait shorter than a recheck is waited out here, keeping the chat's turn; a longer one
			// frees the worker for other chats.
			if (wait > orderRecheckMs) return delay(wait);
			await sleep(wait);
		}

		let platformMessageId: string;
		try {
			// A console link is minted here, on each try: its token lives only in what the platform gets.
			const message = await withLoginLinkMinted(
				db,
				row.message as MessageWithLoginLink,
			);
			({ messageId: platformMessageId } = await adapter.send(message));
		} catch (error) {
			if (error instanceof PlatformRateLimitedError) {
				await countAttempt(id, null);
				log?.warn("platform rate limit; message delayed", {
					outboxId: id,
					retryAfterMs: error.retryAfterMs,
				});
				return delay(error.retryAfterMs);
			}
			if (
				error instanceof PlatformRejectedError &&
				!(await mayStillAppear(job, error))
			) {
				const reason = `rejected${error.platformCode ? ` (${error.platformCode})` : ""}: ${error.message}`;
				await countAttempt(id, reason);
				log?.error("platform refused a message for good; not retried", {
					outboxId: id,
					reason,
				});
				throw new UnrecoverableError(reason);
			}
			// Passing (logged out, not connected, the network, a room not seen yet): tried again, with
			// no limit, while the messages behind it in its chat wait their turn.
			await countAttempt(id, null);
			// Just after a platform came back it may not be ready for a moment: try again soon, not in minutes.
			const justBack = Date.now() - backAt < JUST_BACK_MS;
			const waitMs = justBack
				? Math.min(retryBackoff.firstMs, 1000)
				: sendRetryDelay(row.attempts + 1, retryBackoff);
			log?.warn("send failed; will try again", {
				outboxId: id,
				attempt: row.attempts + 1,
				retryInMs: waitMs,
				error: String(error),
			});
			return delay(waitMs);
		}
		try {
			return await markSent(id, platformMessageId);
		} catch (error) {
			// Postgres could not take it: the retry finds the send here and records it, not sending again.
			await redis.set(sentKey(id), platformMessageId, "PX", SENT_MARKER_TTL_MS);
			throw error;
		}
	}

	/** A missing room is waited for from the first time it was missing (kept on the job). */
	async function mayStillAppear(
		job: Job<OutboundJobData, OutboundJobResult>,
		error: PlatformRejectedError,
	): Promise<boolean> {
		if (!error.platformCode || !MAY_APPEAR.has(error.platformCode))
			return false;
		const since = job.data.missingSince ?? Date.now();
		if (job.data.missingSince === undefined)
			await job.updateData({ ...job.data, missingSince: since });
		return Date.now() - since < conversationMissingMs;
	}

	async function markSent(
		id: number,
		platformMessageId: string,
	): Promise<OutboundJobResult> {
		await rows.markSent({ id, platformMessageId });
		return { status: "sent", platformMessageId };
	}

	// Best effort: if Postgres is away, the job's own retry and the relay's reconcile still hold the truth.
	async function countAttempt(
		id: number,
		givenUpReason: string | null,
	): Promise<void> {
		await db
			.update(outbox)
			.set({
				attempts: sql`${outbox.attempts} + 1`,
				...(givenUpReason
					? { lastError: givenUpReason, failedAt: sql`now()` }
					: {}),
			})
			.where(and(eq(outbox.id, id), isNull(outbox.sentAt)))
			.catch((error) =>
				log?.warn("could not record a send attempt", {
					outboxId: id,
					error: String(error),
				}),
			);
	}

	const worker = new Worker<OutboundJobData, OutboundJobResult>(
		OUTBOUND_QUEUE,
		process,
		{
			connection: options.connection,
			prefix,
			concurrency: options.concurrency ?? DEFAULT_OUTBOUND_CONCURRENCY,
			settings: { backoffStrategy: cappedBackoff },
		},
	);
	worker.on("failed", (job, error) => {
		if (job)
			log?.warn("outbound send failed", {
				jobId: job.id,
				attempt: job.attemptsMade,
				error: error.message,
			});
	});
	worker.on("error", (error) =>
		log?.warn("outbound worker error", { error: error.message }),
	);

	let queue: Queue<OutboundJobData> | undefined;
	return {
		worker,
		async retryWaiting() {
			backAt = Date.now();
			queue ??= new Queue<OutboundJobData>(OUTBOUND_QUEUE, {
				connection: options.connection,
				prefix,
			});
			await queue.promoteJobs();
		},
		async close() {
			await worker.close();
			await queue?.close();
			await redis.quit().catch(() => redis.disconnect());
		},
	};
}
