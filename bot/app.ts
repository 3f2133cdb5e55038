/**
 * The composition root: database, directory, Redis, pipeline, adapters and the web server, for the
 * roles this process plays. `npm start` calls it with the environment; tests call it with their own parts.
 */
import { resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import { createDingtalkAdapter } from "../adapters/dingtalk/index.ts";
import { createFeishuAdapter } from "../adapters/feishu/index.ts";
import {
	createPlaygroundAdapter,
	DEFAULT_PLAYGROUND_BOT,
} from "../adapters/playground/index.ts";
import { createSlackAdapter } from "../adapters/slack/index.ts";
import { createWechatAdapter } from "../adapters/wechat/index.ts";
import { createWecomAdapter } from "../adapters/wecom/index.ts";
import { type Database, openDatabase } from "../db/client.ts";
import { runMigrations } from "../db/migrate.ts";
import { LAST_KNOWN_NATIONAL_YEAR } from "../workflows/calendar/national-days.ts";
import { formatDirectoryErrors } from "../workflows/directory/errors.ts";
import {
	formatImportSummary,
	importDirectoryFile,
} from "../workflows/directory/import-file.ts";
import type { ChatAdapter } from "./adapter.ts";
import type { Config } from "./config.ts";
import { createDirectoryCache } from "./conversation/directory-cache.ts";
import { createMessageHandler } from "./conversation/handle-message.ts";
import { isGroupOf } from "./conversation/known-group.ts";
import { createQueueText } from "./conversation/queue-text.ts";
import { createDemoClock, type DemoClock } from "./demo/clock.ts";
import { hasDemoHistory, seedDemoHistory } from "./demo/history/seed.ts";
import { playgroundDemoClock } from "./demo/playground-clock.ts";
import {
	createEscalationEngine,
	type EscalationEngine,
} from "./escalation/engine.ts";
import type { Platform } from "./messages.ts";
import { createPacing } from "./pipeline/chat-pacer.ts";
import { createPipeline, type Pipeline } from "./pipeline/pipeline.ts";
import type { RedisConnection } from "./pipeline/redis.ts";
import { createPlaygroundDirectory } from "./playground-directory.ts";
import { createOutageAlerts } from "./runtime/admin-alerts.ts";
import { startLocalRedis } from "./runtime/local-redis.ts";
import type { Logger } from "./runtime/logger.ts";
import { waitForDatabase } from "./runtime/wait-for-database.ts";
import { playgroundText } from "./texts/playground.ts";
import {
	createIntakeModels,
	type IntakeModels,
} from "./understanding/intake-models.ts";
import { sendTriageDigests } from "./understanding/triage-digest.ts";
import { createFrontDoorRoutes } from "./web/front-door.ts";
import { createSupervision } from "./web/ops/supervision.ts";
import { createPlatformStatus } from "./web/platform-status.ts";
import { createWebServer, type WebMount } from "./web/server.ts";

export interface QinqingOptions {
	config: Config;
	log: Logger;
	/** An open database (tests); otherwise opened from the configuration. */
	database?: Database;
	/** A Redis to use (tests); otherwise REDIS_URL, or a local redis-server. */
	redis?: RedisConnection;
	/** BullMQ and key prefix: one per deployment (tests use one per test). */
	prefix?: string;
	/** Extra chat adapters (tests pass a Wechaty mock adapter). */
	adapters?: ChatAdapter[];
	/** First wait before trying again a platform that could not connect (default 5 s). */
	platformRetryMs?: number;
	/** The bot's time (tests that move it forward); default the demo clock in demo mode, else real time. */
	clock?: () => Date;
}

export interface Qinqing {
	database: Database;
	pipeline: Pipeline;
	/** The escalation engine (worker role), else null. */
	escalation: EscalationEngine | null;
	web: FastifyInstance | null;
	/** The URL the web role listens on, when it does. */
	url: string | null;
	/** The deployment's intake model and its retraining. */
	intakeModels: IntakeModels;
	/** Demo mode only (DEMO): the bot's clock, real time plus the offset 快进 added. */
	demoClock: DemoClock | null;
	close(): Promise<void>;
}

export class DirectoryFileError extends Error {
	readonly code = "directory_invalid";
}

/** The embedded database's directory cannot be opened: which one, and what to do. */
export class DatabaseDirectoryError extends Error {
	readonly code = "database_directory_unusable";
}

export async function startQinqing(options: QinqingOptions): Promise<Qinqing> {
	const { config, log } = options;
	const closers: Array<() => Promise<void>> = [];
	// Each part closes even when one before it fails; a failure is logged, not swallowed (an
	// embedded database that does not close cleanly replays its log on the next start).
	const closeAll = async () => {
		for (const close of [...closers].reverse())
			await close().catch((error) =>
				log.warn("stopping: a part did not close cleanly", {
					error: String(error),
				}),
			);
	};
	try {
		const database =
			options.database ?? (await openConfiguredDatabase(config, log));
		if (!options.database) closers.push(() => database.close());
		await waitForDatabase(database, log.child("db"));
		await runMigrations(database);
		await importDirectory(database, config, log);
		warnAboutCalendar(log);
		// Demo mode (docs/demo.md): three months of history, once per database, and the demo clock.
		let demoClock: DemoClock | null = null;
		if (config.demo) {
			if (!(await hasDemoHistory(database.db)))
				log.info(
					"demo: seeding three months of history, once for this database (a few seconds; longer on the embedded database)",
				);
			const seeded = await seedDemoHistory(database.db, {
				locale: config.LOCALE,
			});
			if (seeded.created > 0)
				log.info(
					`demo: seeded ${seeded.created} issues of history (DEMO=off for none)`,
				);
			const clock = await createDemoClock({
				db: database.db,
				log: log.child("demo-clock"),
			});
			closers.push(async () => clock.close());
			demoClock = clock;
		}
		/** The bot's time: the demo clock in demo mode, else the real one. */
		const clock =
			options.clock ?? (demoClock ? demoClock.now : () => new Date());

		let redis = options.redis;
		if (!redis) {
			if (config.REDIS_URL) redis = { url: config.REDIS_URL };
			else {
				const local = await startLocalRedis(config.DATA_DIR);
				closers.push(() => local.stop());
				redis = local.connection;
				log.info(
					`started a local redis-server at ${local.connection.path} (set REDIS_URL to use your own)`,
				);
			}
		}

		// The intake model: loaded (or trained, by a worker) before the first message is read.
		const intakeModels = createIntakeModels({
			db: database.db,
			log: log.child("intake-model"),
			trains: config.QINQING_ROLES.includes("worker"),
		});
		closers.push(async () => intakeModels.close());
		await intakeModels.prepare();
		const directory = createDirectoryCache(
			undefined,
			intakeModels.current,
			chatPlatformsOf(config, options.adapters ?? []),
		);
		const status = createPlatformStatus({ locale: config.LOCALE });
		// The admins hear once that a platform is lost (on the others) and once that it is back.
		const outages = createOutageAlerts({
			db: database.db,
			platforms: chatPlatformsOf(config, options.adapters ?? []),
			locale: config.LOCALE,
			publicUrl: config.publicUrl,
			onQueued: () => pipeline?.relay?.poke(),
			log: log.child("alerts"),
		});
		const alertOutage = (alert: Promise<void>) =>
			void alert.catch((error) =>
				log.error("could not alert the admins", { error: String(error) }),
			);
		/** Back: the admins hear it, and the sends that waited out the outage go now. */
		const platformBack = (alert: Promise<void>) => {
			alertOutage(alert);
			void pipeline?.platformBack().catch((error) =>
				log.warn("could not retry the waiting sends", {
					error: String(error),
				}),
			);
		};
		const adapters: ChatAdapter[] = [...(options.adapters ?? [])];
		const playground = config.playground
			? createPlaygroundAdapter({
					directory: createPlaygroundDirectory(database.db, config.LOCALE),
					notice: playgroundText(config.LOCALE, "demo_notice"),
					...(demoClock
						? {
								demoClock: playgroundDemoClock(
									demoClock,
									database.db,
									config.LOCALE,
								),
							}
						: {}),
				})
			: null;
		if (playground && !config.loopback)
			log.warn(
				`PLAYGROUND=on with HOST=${config.HOST}: anyone who can reach /playground/ can speak as any person in the directory and read every chat there. Use it only for a demo; console login links are not sent on the playground.`,
			);
		if (playground) adapters.push(playground);
		if (config.WECHATY_PUPPET) {
			adapters.push(
				createWechatAdapter({
					puppet: config.WECHATY_PUPPET,
					puppetOptions: config.WECHATY_PUPPET_SERVICE_TOKEN
						? { token: config.WECHATY_PUPPET_SERVICE_TOKEN }
						: {},
					name: config.WECHATY_NAME,
					onLoginQr: (url) => status.setQr("wechat", url),
					onStatus: (s) => {
						status.set("wechat", s.state, s.detail ?? s.user);
						if (s.state === "logged_out" || s.state === "error")
							log.warn(`WeChat ${s.state}`, { detail: s.detail });
						if (s.state === "logged_out")
							alertOutage(outages.down("wechat", s.detail));
						else if (s.state === "logged_in")
							platformBack(outages.up("wechat", s.user));
					},
				}),
			);
		}

		const slack = config.SLACK_BOT_TOKEN
			? createSlackAdapter({
					botToken: config.SLACK_BOT_TOKEN,
					signingSecret: config.SLACK_SIGNING_SECRET,
					appToken: config.SLACK_APP_TOKEN,
					apiUrl: config.SLACK_API_URL,
					locale: config.LOCALE,
					homeText: createQueueText(
						database.db,
						directory,
						"slack",
						config.LOCALE,
					),
					log: log.child("slack"),
				})
			: null;
		if (slack) adapters.push(slack);
		if (config.WECOM_BOT_ID && config.WECOM_BOT_SECRET) {
			adapters.push(
				createWecomAdapter({
					botId: config.WECOM_BOT_ID,
					botSecret: config.WECOM_BOT_SECRET,
					botName: config.WECOM_BOT_NAME,
					...(config.WECOM_WS_URL ? { wsUrl: config.WECOM_WS_URL } : {}),
					...(config.WECOM_API_URL ? { apiUrl: config.WECOM_API_URL } : {}),
					...(config.WECOM_CORP_ID ? { corpId: config.WECOM_CORP_ID } : {}),
					...(config.WECOM_AGENT_ID ? { agentId: config.WECOM_AGENT_ID } : {}),
					...(config.WECOM_AGENT_SECRET
						? { agentSecret: config.WECOM_AGENT_SECRET }
						: {}),
					webhooks: config.WECOM_WEBHOOKS,
					isGroupChat: (id) => isGroupOf(database.db, "wecom", id),
					onConnection: (state, detail) => {
						if (state === "lost") {
							status.set("wecom", "error", detail);
							alertOutage(outages.down("wecom", detail));
						} else {
							status.set("wecom", "connected");
							platformBack(outages.up("wecom"));
						}
					},
					log: log.child("wecom"),
				}),
			);
		}
		if (config.DINGTALK_APP_KEY && config.DINGTALK_APP_SECRET)
			adapters.push(
				createDingtalkAdapter({
					appKey: config.DINGTALK_APP_KEY,
					appSecret: config.DINGTALK_APP_SECRET,
					robotCode: config.DINGTALK_ROBOT_CODE,
					agentId: config.DINGTALK_AGENT_ID,
					cardTemplateId: config.DINGTALK_CARD_TEMPLATE_ID,
					apiUrl: config.DINGTALK_API_URL,
					oapiUrl: config.DINGTALK_OAPI_URL,
					locale: config.LOCALE,
					log: log.child("dingtalk"),
				}),
			);
		if (config.FEISHU_APP_ID && config.FEISHU_APP_SECRET)
			adapters.push(
				createFeishuAdapter({
					appId: config.FEISHU_APP_ID,
					appSecret: config.FEISHU_APP_SECRET,
					baseUrl: config.FEISHU_BASE_URL,
					idType: config.FEISHU_USER_ID_TYPE,
					locale: config.LOCALE,
					log: log.child("feishu"),
				}),
			);

		// Escalation timers (worker role): wake-up queue, worker, sweeper, watchdog.
		const escalation = config.QINQING_ROLES.includes("worker")
			? createEscalationEngine({
					db: database.db,
					connection: redis,
					prefix: options.prefix,
					locale: config.LOCALE,
					log: log.child("escalation"),
					relay: () => pipeline.relay,
					platforms: chatPlatformsOf(config, options.adapters ?? []),
					monthlyReports: true,
					clock,
				})
			: null;
		if (escalation) closers.push(() => escalation.close());
		// The demo clock moved (here or in another process): what fell due runs now, not in real days.
		if (escalation && demoClock)
			demoClock.onAdvance(() => {
				void escalation.catchUp().catch((error) =>
					log.warn("demo clock: could not run what fell due", {
						error: String(error),
					}),
				);
			});
		const pipeline = createPipeline({
			roles: config.QINQING_ROLES,
			connection: redis,
			prefix: options.prefix,
			db: database.db,
			adapters,
			handle: createMessageHandler({
				directory,
				locale: config.LOCALE,
				clock,
				wakeUps: escalation?.wakeUps,
				publicUrl: config.publicUrl,
				loginLinksRefusedOn: config.loopback ? [] : ["playground"],
				learn: intakeModels.retrainSoon,
				bot: {
					externalIds: [DEFAULT_PLAYGROUND_BOT.externalId],
					names: [DEFAULT_PLAYGROUND_BOT.name, config.WECHATY_NAME],
				},
			}),
			pacing: createPacing({
				chatIntervalMs: config.OUTBOUND_CHAT_INTERVAL_MS,
				wechatGroupPerMinute: config.WECHAT_GROUP_PER_MINUTE,
			}),
			locale: config.LOCALE,
			dedupeWindowMs: config.DUPLICATE_WINDOW_MS,
			platformRetryMs: options.platformRetryMs,
			onPlatformStatus: (platform, state, detail) => {
				// WeChat reports its own states (scanning, logged in …) as they happen.
				if (platform === "wechat" && state === "connected") return;
				status.set(platform, state, detail);
				if (state === "error") alertOutage(outages.down(platform, detail));
				else if (state === "connected") platformBack(outages.up(platform));
			},
			inboundConcurrency: config.WORKER_CONCURRENCY,
			outboundConcurrency: config.OUTBOUND_CONCURRENCY,
			pruneEveryMs: config.PRUNE_EVERY_MINUTES * 60_000,
			retention: {
				outboxSentDays: config.RETAIN_OUTBOX_SENT_DAYS,
				outboxFailedDays: config.RETAIN_OUTBOX_FAILED_DAYS,
				inboundDays: config.RETAIN_INBOUND_DAYS,
				journalDays: config.RETAIN_JOURNAL_DAYS,
				tokenDays: config.RETAIN_TOKEN_DAYS,
				completedJobHours: config.RETAIN_COMPLETED_JOB_HOURS,
				failedJobDays: config.RETAIN_FAILED_JOB_DAYS,
			},
			log: log.child("pipeline"),
		});
		closers.push(() => pipeline.close());
		await pipeline.start();
		if (config.QINQING_ROLES.includes("worker")) {
			// The office's digest of messages waiting on its triage list (at most one per interval).
			const digests = setInterval(() => {
				void sendTriageDigests(database.db, {
					now: clock(),
					locale: config.LOCALE,
					publicUrl: config.publicUrl,
				})
					.then((queued) => {
						if (queued > 0) pipeline.relay?.poke();
					})
					.catch((error) =>
						log.warn("could not send the triage digests", {
							error: String(error),
						}),
					);
			}, 60_000);
			digests.unref();
			closers.push(async () => clearInterval(digests));
		}

		// Supervision: /board, /console, /api, /metrics; the briefing schedule on workers.
		const supervision = createSupervision({
			db: database.db,
			log: log.child("supervision"),
			locale: config.LOCALE,
			directory,
			connection: redis,
			prefix: options.prefix,
			settings: config,
			scheduleBriefings: config.QINQING_ROLES.includes("worker"),
			onOutbox: () => pipeline.relay?.poke(),
			wakeUps: escalation?.wakeUps,
			learn: intakeModels.retrainSoon,
			platformStatus: status,
			now: clock,
			// Sessions and login links keep real time, even when the bot's clock is the demo clock.
			sessionNow: () => new Date(),
		});
		closers.push(() => supervision.close());
		await supervision.start();

		let web: FastifyInstance | null = null;
		let url: string | null = null;
		if (config.QINQING_ROLES.includes("web")) {
			const mounts: WebMount[] = [{ prefix: "/status", plugin: status.routes }];
			const servesPlayground =
				playground !== null && config.QINQING_ROLES.includes("gateway");
			if (playground && servesPlayground) {
				mounts.push({ prefix: "/playground", plugin: playground.routes });
			}
			mounts.push({
				prefix: "",
				plugin: createFrontDoorRoutes({
					locale: config.LOCALE,
					playground: servesPlayground,
				}),
			});
			if (slack?.routes && config.QINQING_ROLES.includes("gateway")) {
				mounts.push({ prefix: "/slack", plugin: slack.routes });
			}
			mounts.push(...supervision.mounts);
			const server = await createWebServer({
				log: log.child("web"),
				mounts,
				trustProxy: config.TRUST_PROXY,
				checkHealth: async () => ({
					database: await database.db
						.execute("select 1")
						.then(() => "ok" as const)
						.catch((e: Error) => e.message),
				}),
			});
			web = server;
			closers.push(() => server.close());
			const address = await server.listen({
				port: config.PORT,
				host: config.HOST,
			});
			url = config.PORT === 0 ? address : config.publicUrl;
		}
		return {
			database,
			pipeline,
			escalation,
			web,
			url,
			intakeModels,
			demoClock,
			close: closeAll,
		};
	} catch (error) {
		await closeAll();
		throw error;
	}
}

/** The chat platforms this deployment has (a worker process holds no adapter: read the configuration). */
function chatPlatformsOf(
	config: Config,
	extra: readonly ChatAdapter[],
): Platform[] {
	const platforms: Platform[] = extra.map((a) => a.platform);
	if (config.WECHATY_PUPPET) platforms.push("wechat");
	if (config.SLACK_BOT_TOKEN) platforms.push("slack");
	if (config.WECOM_BOT_ID) platforms.push("wecom");
	if (config.DINGTALK_APP_KEY) platforms.push("dingtalk");
	if (config.FEISHU_APP_ID) platforms.push("feishu");
	if (config.playground) platforms.push("playground");
	return [...new Set(platforms)];
}

async function openConfiguredDatabase(
	config: Config,
	log: Logger,
): Promise<Database> {
	if (config.DATABASE_URL)
		return openDatabase({
			url: config.DATABASE_URL,
			prepareStatements: config.DATABASE_PREPARED_STATEMENTS === "on",
		});
	const dir = resolve(config.DATA_DIR, "pglite");
	log.info(`no DATABASE_URL: using the embedded PGlite database in ${dir}`);
	try {
		const database = await openDatabase({ pgliteDir: dir });
		await database.db.execute("select 1").catch(async (error) => {
			await database.close().catch(() => {});
			throw error;
		});
		return database;
	} catch (error) {
		const cause = error instanceof Error ? error.message : String(error);
		throw new DatabaseDirectoryError(
			[
				`The embedded database in ${dir} could not be opened (${cause}).`,
				"It is damaged or was written by another version. To start again with an empty database (the directory file is imported again; issues in it are lost unless you have a backup):",
				`  stop Qinqing, then: mv ${dir} ${dir}.damaged-${new Date().toISOString().slice(0, 10)}`,
				"and start Qinqing. Keep the moved directory for recovery; or set DATABASE_URL to use a Postgres server.",
			].join("\n"),
		);
	}
}

async function importDirectory(
	database: Database,
	config: Config,
	log: Logger,
): Promise<void> {
	const result = await importDirectoryFile(database.db, config.directoryFile);
	if (!result.ok)
		throw new DirectoryFileError(formatDirectoryErrors(result.errors));
	log.info(
		`directory ${config.directoryFile} imported: ${formatImportSummary(result.summary)}`,
	);
}

function warnAboutCalendar(log: Logger): void {
	// Deadlines set now can run into next year.
	const year = new Date().getUTCFullYear() + 1;
	if (year > LAST_KNOWN_NATIONAL_YEAR) {
		log.warn(
			`the national holiday calendar (chinese-days) knows the years up to ${LAST_KNOWN_NATIONAL_YEAR}: add ${year}'s holidays and 调休 days under calendar.holidays / calendar.workdays in the directory file, or update the package`,
		);
	}
}
