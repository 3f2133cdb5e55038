/**
 * The briefing's schedule: BullMQ job schedulers (1st of the month and Mondays, 09:00 Asia/Shanghai by
 * default) whose jobs post a short summary with a link in the leaders' group(s), through the outbox;
 * and, every 15 minutes, the work that keeps the ranking's figures ready (keepPeriodFigures).
 */
import { Queue, Worker } from "bullmq";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import { groups } from "../../../db/schema/directory.ts";
import { monthlyBriefing } from "../../../workflows/reports/briefing.ts";
import { keepPeriodFigures } from "../../../workflows/reports/keep-period-figures.ts";
import type { ListThresholds } from "../../../workflows/reports/lists.ts";
import {
	previousMonth,
	previousWeek,
	type ReportPeriod,
} from "../../../workflows/reports/period.ts";
import { enqueueOutbound } from "../../pipeline/outbox.ts";
import { DEFAULT_PREFIX, type RedisConnection } from "../../pipeline/redis.ts";
import type { Logger } from "../../runtime/logger.ts";
import type { Locale } from "../../texts/catalog.ts";
import { briefingChatSummary } from "../console/briefing-render.ts";

export const BRIEFING_QUEUE = "briefing";
export const MONTHLY_BRIEFING_CRON = "0 9 1 * *";
export const WEEKLY_BRIEFING_CRON = "0 9 * * 1";
export const BRIEFING_TZ = "Asia/Shanghai";
/** Also once at start: a deleted snapshot of an ended period is computed again within this. */
export const PERIOD_FIGURES_EVERY_MS = 15 * 60_000;

export interface BriefingJobData {
	kind: "month" | "week" | "figures";
}

export interface PostBriefingOptions {
	period: ReportPeriod;
	locale: Locale;
	/** The bot's public address; the link is `${publicUrl}/console/briefing/<period>`. */
	publicUrl: string;
	now: Date;
	thresholds?: ListThresholds;
}

/** Writes the summary for each leaders' group to the outbox; a second run for the same period adds nothing. */
export async function postBriefingSummary(
	db: Db,
	options: PostBriefingOptions,
): Promise<number> {
	const { period, locale, now } = options;
	const briefing = await monthlyBriefing(db, period, {
		now,
		thresholds: options.thresholds,
	});
	const url = `${options.publicUrl.replace(/\/$/, "")}/console/briefing/${period.label}`;
	const text = briefingChatSummary(locale, briefing, url);
	return db.transaction(async (tx) => {
		const leaders = await tx
			.select()
			.from(groups)
			.where(
				and(
					eq(groups.kind, "leaders"),
					eq(groups.active, true),
					isNotNull(groups.conversationId),
				),
			)
			.orderBy(asc(groups.id));
		let posted = 0;
		for (const group of leaders) {
			const id = await enqueueOutbound(tx, {
				dedupeKey: `briefing-${period.label}-group-${group.id}`,
				message: {
					platform: group.platform,
					conversationId: group.conversationId as string,
					text,
					mentions: [],
				},
			});
			if (id !== null) posted += 1;
		}
		return posted;
	});
}

export interface BriefingSchedulerOptions {
	db: Db;
	log: Logger;
	locale: Locale;
	connection: RedisConnection;
	prefix?: string;
	publicUrl: string;
	/** Cron patterns; an empty string turns that briefing off. */
	monthlyCron?: string;
	weeklyCron?: string;
	tz?: string;
	thresholds?: ListThresholds;
	/** After summaries are written (the outbox relay's poke). */
	onPosted?: () => void;
	/** How often the ranking's figures are kept ready; 0 turns it off. Default PERIOD_FIGURES_EVERY_MS. */
	figuresEveryMs?: number;
	/** The clock of the figures' job; default real time. */
	now?: () => Date;
}

export interface BriefingScheduler {
	readonly queue: Queue<BriefingJobData>;
	start(): Promise<void>;
	close(): Promise<void>;
}

const FIGURES_ID = "period-figures";

export function createBriefingScheduler(
	options: BriefingSchedulerOptions,
): BriefingScheduler {
	const prefix = options.prefix ?? DEFAULT_PREFIX;
	const tz = options.tz ?? BRIEFING_TZ;
	const queue = new Queue<BriefingJobData>(BRIEFING_QUEUE, {
		connection: options.connection,
		prefix,
	});
	let worker: Worker<BriefingJobData> | null = null;
	const schedules: Array<
		[id: string, cron: string, kind: BriefingJobData["kind"]]
	> = [
		["monthly-briefing", options.monthlyCron ?? MONTHLY_BRIEFING_CRON, "month"],
		["weekly-briefing", options.weeklyCron ?? WEEKLY_BRIEFING_CRON, "week"],
	];
	const figuresEveryMs = options.figuresEveryMs ?? PERIOD_FIGURES_EVERY_MS;
	const clock = options.now ?? (() => new Date());
	const keepFigures = async () => {
		const started = Date.now();
		const kept = await keepPeriodFigures(options.db, clock());
		options.log.info("period figures kept", {
			folded: kept.folded,
			computed: kept.computed,
			ms: Date.now() - started,
		});
	};
	return {
		queue,
		async start() {
			for (const [id, pattern, kind] of schedules) {
				if (pattern === "") await queue.removeJobScheduler(id);
				else
					await queue.upsertJobScheduler(
						id,
						{ pattern, tz },
						{
							name: id,
							data: { kind },
							opts: { removeOnComplete: 50, removeOnFail: 200 },
						},
					);
			}
			if (figuresEveryMs === 0) await queue.removeJobScheduler(FIGURES_ID);
			else
				await queue.upsertJobScheduler(
					FIGURES_ID,
					{ every: figuresEveryMs },
					{
						name: FIGURES_ID,
						data: { kind: "figures" },
						opts: { removeOnComplete: 10, removeOnFail: 50 },
					},
				);
			worker = new Worker<BriefingJobData>(
				BRIEFING_QUEUE,
				async (job) => {
					if (job.data.kind === "figures") return keepFigures();
					const now = new Date();
					const period =
						job.data.kind === "month" ? previousMonth(now) : previousWeek(now);
					const posted = await postBriefingSummary(options.db, {
						period,
						locale: options.locale,
						publicUrl: options.publicUrl,
						now,
						thresholds: options.thresholds,
					});
					if (posted > 0) options.onPosted?.();
					options.log.info("briefing summary posted", {
						period: period.label,
						groups: posted,
					});
				},
				{ connection: options.connection, prefix, concurrency: 1 },
			);
			worker.on("failed", (job, error) =>
				options.log.error("briefing job failed", {
					job: job?.id,
					error: error.message,
				}),
			);
		},
		async close() {
			await worker?.close();
			await queue.close();
		},
	};
}
