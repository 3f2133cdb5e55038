import type { Db } from "../../db/client.ts";
import type { ChatAdapter, InboundSink } from "../adapter.ts";
import type { Role } from "../config.ts";
import type { Platform } from "../messages.ts";
import type { Logger } from "../runtime/logger.ts";
import type { Locale } from "../texts/catalog.ts";
import type { PacingConfig } from "./chat-pacer.ts";
import { createUnhandledApologies } from "./inbound-apology.ts";
import { createInboundJournal } from "./inbound-journal.ts";
import { createInboundQueue, type InboundQueue } from "./inbound-queue.ts";
import { createDurableInbound, type DurableInbound } from "./inbound-spool.ts";
import {
	createInboundWorker,
	type InboundHandler,
	type InboundWorker,
} from "./inbound-worker.ts";
import {
	createOutboundWorker,
	type OutboundWorker,
} from "./outbound-worker.ts";
import { createOutboundQueue, type OutboundQueue } from "./outbox.ts";
import { createPlatformConnector } from "./platform-connector.ts";
import { DEFAULT_PREFIX, type RedisConnection } from "./redis.ts";
import { createOutboxRelay, type OutboxRelay } from "./relay.ts";
import { createPruner, type Pruner, type Retention } from "./retention.ts";

export interface PipelineOptions {
	roles: readonly Role[];
	connection: RedisConnection;
	prefix?: string;
	db: Db;
	/** gateway: the chat connections this process holds. */
	adapters?: readonly ChatAdapter[];
	/** worker: the bot's handling of a message. */
	handle?: InboundHandler;
	/** The language of the bot's own answers (the apology for a message it could not handle). */
	locale?: Locale;
	pacing?: PacingConfig;
	dedupeWindowMs?: number;
	inboundConcurrency?: number;
	/** The most messages one worker transaction handles. */
	inboundBatchSize?: number;
	outboundConcurrency?: number;
	relayIntervalMs?: number;
	/** How long a hand-off to Redis may take before the message is kept in Postgres instead. */
	spoolAcceptTimeoutMs?: number;
	/** How often kept messages are offered to Redis again. */
	spoolRetryMs?: number;
	/** Journal rows older than this go to the queue again (default 30 s; tests shorten it). */
	journalRehandAfterMs?: number;
	journalRehandEveryMs?: number;
	/** How often the messages handed to Redis are checked and the unrecorded journaled (default 1 s). */
	journalCheckEveryMs?: number;
	/** First wait before trying again a platform that could not connect; doubles up to 5 minutes. */
	platformRetryMs?: number;
	/** Told when a platform connects or fails to (for /status). */
	onPlatformStatus?: (
		platform: Platform,
		state: string,
		detail?: string,
	) => void;
	/** Worker role: how long finished bookkeeping is kept, and how often it is pruned (retention.ts). */
	retention?: Partial<Retention>;
	pruneEveryMs?: number;
	log: Logger;
}

export interface Pipeline {
	/** Where messages enter (gateway and web roles: adapters, the intake API, the playground). */
	readonly sink: InboundSink | undefined;
	readonly relay: OutboxRelay | undefined;
	/** Connects the adapters (gateway role); the workers are already running. */
	start(): Promise<void>;
	/** A platform is connected again (gateway role): what waited for it is sent now. */
	platformBack(): Promise<void>;
	/** Stops intake first, then lets the workers finish what they hold. */
	close(): Promise<void>;
}

/**
 * The roles of docs/design.md "How a message travels", in one process or apart:
 * gateway = adapters + inbound producer + outbound worker; worker = inbound worker + outbox relay;
 * web = an inbound producer for the HTTP entrances.
 */
export function createPipeline(options: PipelineOptions): Pipeline {
	const { roles, connection, prefix, db, log } = options;
	const has = (role: Role) => roles.includes(role);
	const adapters = has("gateway") ? (options.adapters ?? []) : [];

	let inboundQueue: InboundQueue | undefined;
	let durable: DurableInbound | undefined;
	if (has("gateway") || has("web")) {
		inboundQueue = createInboundQueue({
			connection,
			prefix,
			dedupeWindowMs: options.dedupeWindowMs,
		});
		durable = createDurableInbound({
			queue: inboundQueue,
			db,
			journal: createInboundJournal(db, {
				checkEveryMs: options.journalCheckEveryMs,
				log: log.child("journal"),
			}),
			rehandAfterMs: options.journalRehandAfterMs,
			rehandEveryMs: options.journalRehandEveryMs,
			acceptTimeoutMs: options.spoolAcceptTimeoutMs,
			retryMs: options.spoolRetryMs,
			log: log.child("spool"),
		});
	}

	let outboundQueue: OutboundQueue | undefined;
	let relay: OutboxRelay | undefined;
	let inboundWorker: InboundWorker | undefined;
	let apologies: ReturnType<typeof createUnhandledApologies> | undefined;
	let pruner: Pruner | undefined;
	if (has("worker")) {
		pruner = createPruner({
			db,
			connection,
			prefix: prefix ?? DEFAULT_PREFIX,
			retention: options.retention,
			everyMs: options.pruneEveryMs,
			log: log.child("retention"),
		});
		if (!options.handle)
			throw new Error(
				"the worker role needs a message handler (options.handle)",
			);
		outboundQueue = createOutboundQueue({ connection, prefix });
		relay = createOutboxRelay({
			db,
			outboundQueue,
			intervalMs: options.relayIntervalMs,
			log: log.child("relay"),
		});
		const sorry = createUnhandledApologies({
			db,
			locale: options.locale ?? "zh-CN",
			relay,
			log: log.child("inbound"),
		});
		apologies = sorry;
		inboundWorker = createInboundWorker({
			connection,
			prefix,
			db,
			handle: options.handle,
			concurrency: options.inboundConcurrency,
			batchSize: options.inboundBatchSize,
			relay,
			onGivenUp: sorry.apologize,
			log: log.child("inbound"),
		});
	}

	let outboundWorker: OutboundWorker | undefined;
	if (has("gateway")) {
		outboundWorker = createOutboundWorker({
			connection,
			prefix,
			db,
			adapters: new Map<Platform, ChatAdapter>(
				adapters.map((a) => [a.platform, a]),
			),
			pacing: options.pacing,
			concurrency: options.outboundConcurrency,
			log: log.child("outbound"),
		});
	}

	const sink = durable?.sink;
	const connector = createPlatformConnector({
		retryMs: options.platformRetryMs,
		onStatus: options.onPlatformStatus,
		log,
	});
	return {
		sink,
		relay,
		async start() {
			if (!sink) return;
			await Promise.all(
				adapters.map((adapter) => connector.start(adapter, sink)),
			);
		},
		async platformBack() {
			await outboundWorker?.retryWaiting();
		},
		async close() {
			connector.close();
			await Promise.allSettled(adapters.map((a) => a.stop()));
			await durable?.close();
			await inboundQueue?.close();
			await inboundWorker?.close();
			apologies?.close();
			await pruner?.close();
			await relay?.close();
			await outboundQueue?.close();
			await outboundWorker?.close();
		},
	};
}
