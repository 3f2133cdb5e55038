/**
 * The supervision surfaces in one call for the composition root: /board, /console (with Bull Board),
 * /api and its reference (/api/docs), /metrics, and the briefing scheduler for the worker role.
 */

import type { Db } from "../../../db/client.ts";
import type { DirectoryCache } from "../../conversation/directory-cache.ts";
import type { WakeUpScheduler } from "../../escalation/conversation-hooks.ts";
import {
	DEFAULT_PREFIX,
	openRedis,
	type RedisConnection,
} from "../../pipeline/redis.ts";
import type { Logger } from "../../runtime/logger.ts";
import type { Locale } from "../../texts/catalog.ts";
import { createApiReferenceRoutes } from "../api/reference.ts";
import { createApiRoutes } from "../api/routes.ts";
import { createBoardRoutes } from "../board/routes.ts";
import { createLoginThrottle } from "../console/login-throttle.ts";
import { createConsoleRoutes } from "../console/routes.ts";
import { isLoopbackHost } from "../loopback.ts";
import type { LoginCode } from "../platform-status.ts";
import type { WebMount } from "../server.ts";
import { createBriefingScheduler } from "./briefing-scheduler.ts";
import { createMetricsRoutes } from "./metrics.ts";
import { createQueueSet } from "./queues.ts";

export interface SupervisionSettings {
	BOARD_ROTATE_SECONDS: number;
	BOARD_PAGE_SIZE: number;
	BOARD_MASK_ENTERPRISES: "on" | "off";
	BRIEFING_MONTHLY_CRON: string;
	BRIEFING_WEEKLY_CRON: string;
	METRICS_TOKEN?: string;
	/** Minutes a console session may stay unused before it ends. */
	SESSION_IDLE_MINUTES?: number;
	/** The address the web server listens on: beyond loopback, /metrics needs METRICS_TOKEN. */
	HOST?: string;
	publicUrl: string;
}

export interface SupervisionOptions {
	db: Db;
	log: Logger;
	locale: Locale;
	directory: DirectoryCache;
	connection: RedisConnection;
	prefix?: string;
	settings: SupervisionSettings;
	/** Whether this process runs the briefing schedule (the worker role). */
	scheduleBriefings: boolean;
	/** New outbox rows were written (the relay's poke). */
	onOutbox?: () => void;
	/** The escalation engine's wake-ups (worker role), for issues the intake API creates. */
	wakeUps?: WakeUpScheduler;
	/** A correction by the office was committed (the triage page): the intake model trains again soon. */
	learn?: () => void;
	/** The chat connections (their login QR codes appear in the console). */
	platformStatus?: { loginCodes(): LoginCode[] };
	/** The bot's clock (the demo clock in demo mode); default real time. */
	now?: () => Date;
	/** The console sessions' clock; default `now` (the demo passes real time). */
	sessionNow?: () => Date;
}

export interface Supervision {
	mounts: WebMount[];
	start(): Promise<void>;
	close(): Promise<void>;
}

export function createSupervision(options: SupervisionOptions): Supervision {
	const { db, log, locale, settings } = options;
	const queues = createQueueSet({
		connection: options.connection,
		prefix: options.prefix,
	});
	// A login waits for the failure count: with Redis away it is refused after one reconnection
	// attempt instead of ioredis' twenty.
	const redis = openRedis(options.connection, { maxRetriesPerRequest: 1 });
	// Losing Redis fails the login's own check (login_unavailable); the events need a listener.
	redis.on("error", () => {});
	const briefings = options.scheduleBriefings
		? createBriefingScheduler({
				db,
				log: log.child("briefing"),
				locale,
				connection: options.connection,
				prefix: options.prefix,
				publicUrl: settings.publicUrl,
				monthlyCron: settings.BRIEFING_MONTHLY_CRON,
				weeklyCron: settings.BRIEFING_WEEKLY_CRON,
				onPosted: options.onOutbox,
			})
		: null;
	return {
		mounts: [
			{
				prefix: "/board",
				plugin: createBoardRoutes({
					db,
					log: log.child("board"),
					locale,
					rotateSeconds: settings.BOARD_ROTATE_SECONDS,
					pageSize: settings.BOARD_PAGE_SIZE,
					maskEnterprises: settings.BOARD_MASK_ENTERPRISES === "on",
					now: options.now,
				}),
			},
			{
				prefix: "/console",
				plugin: createConsoleRoutes({
					db,
					log: log.child("console"),
					locale,
					queues,
					directory: options.directory,
					wakeUps: options.wakeUps,
					onOutbox: options.onOutbox,
					learn: options.learn,
					platformStatus: options.platformStatus,
					now: options.now,
					sessionNow: options.sessionNow,
					sessionIdleMs:
						settings.SESSION_IDLE_MINUTES === undefined
							? undefined
							: settings.SESSION_IDLE_MINUTES * 60_000,
					loginThrottle: createLoginThrottle({
						redis,
						prefix: options.prefix ?? DEFAULT_PREFIX,
					}),
				}),
			},
			{
				prefix: "/api",
				plugin: createApiRoutes({
					db,
					log: log.child("api"),
					locale,
					directory: options.directory,
					onCommitted: options.onOutbox,
					wakeUps: options.wakeUps,
					now: options.now,
				}),
			},
			{ prefix: "/api/docs", plugin: createApiReferenceRoutes() },
			{
				prefix: "/metrics",
				plugin: createMetricsRoutes({
					db,
					log,
					queues,
					token: settings.METRICS_TOKEN,
					requireToken: !isLoopbackHost(settings.HOST ?? "127.0.0.1"),
				}),
			},
		],
		async start() {
			await briefings?.start();
		},
		async close() {
			await briefings?.close();
			await queues.close();
			redis.disconnect();
		},
	};
}
