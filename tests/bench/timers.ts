/**
 * `npm run bench:timers`: wake-up timers with N planned (BENCH_TIMERS_N, default 100 000 and 1 000 000)
 * spread over BENCH_TIMERS_SPREAD_HOURS ahead: arming, the rebuild after Redis lost its data, Redis
 * memory, the sweeper's tick, and the lateness of wake-ups falling due during the rebuild and after it.
 * One JSON line at the end.
 */
import { performance } from "node:perf_hooks";
import { Worker } from "bullmq";
import { sql } from "drizzle-orm";
import { Redis } from "ioredis";
import { createSweeper } from "../../bot/escalation/sweeper.ts";
import {
	createWakeUpArmer,
	ESCALATION_QUEUE,
	wakeTimeOf,
} from "../../bot/escalation/wake-queue.ts";
import { rowsOf } from "../../db/raw-rows.ts";
import { startPrivateRedis } from "../support/private-redis.ts";
import { createBenchDatabase } from "./bench-database.ts";
import { percentile, round, sleep, waitUntil } from "./measure.ts";

const SIZES = (process.env.BENCH_TIMERS_N ?? "100000,1000000")
	.split(",")
	.map((n) => Number(n.trim()))
	.filter((n) => n > 0);
const FIRING = Number(process.env.BENCH_TIMERS_FIRING ?? 2000);
/**
 * The planned wake-ups are spread evenly over this many hours ahead (default 30 days: reminders and
 * deadlines of open issues). 1 puts them all within the armer's reach: the worst case for a rebuild.
 */
const SPREAD_HOURS = Number(process.env.BENCH_TIMERS_SPREAD_HOURS ?? 720);
const TICKS = 5;
/** Wake-ups planned to fall due during the rebuild, over its first REBUILD_WINDOW_MS. */
const DURING_REBUILD = 1000;
const REBUILD_WINDOW_MS = 20_000;
const SPREAD_MS = 10_000;
const PREFIX = "qqbench";

async function usedMemory(redis: Redis): Promise<number> {
	const info = await redis.info("memory");
	return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

async function benchSize(n: number, port: number) {
	const connection = { host: "127.0.0.1", port };
	const redis = new Redis(connection);
	await redis.flushall();
	const database = await createBenchDatabase(4);
	const { db } = database;
	try {
		const t0 = performance.now();
		await db.execute(sql`
			insert into issues (number, source_channel, title, body, state, policy, wake_generation, next_wake_at)
			select 'B-' || g, 'playground', 'bench', 'bench', 'accepted', '{}'::jsonb, 1,
			       now() + interval '5 minutes' + (g::float8 / ${n}) * ${SPREAD_HOURS} * interval '1 hour'
			from generate_series(1, ${n}) g`);
		await db.execute(sql`analyze issues`);
		const seedMs = performance.now() - t0;

		const armer = createWakeUpArmer({ connection, prefix: PREFIX });
		const sweeper = createSweeper({
			db,
			armer,
			connection,
			prefix: PREFIX,
			locale: "zh-CN",
			autoStart: false,
		});
		await armer.queue.waitUntilReady();
		const before = await usedMemory(redis);
		const r0 = performance.now();
		const armed = await sweeper.rebuildAll();
		const firstRebuildMs = performance.now() - r0;
		const after = await usedMemory(redis);

		const lateDuringRebuild: number[] = [];
		const lateness: number[] = [];
		let dueDuringRebuild = new Set<number>();
		let firstFiringId = Number.POSITIVE_INFINITY;
		// Only these two sets count: with a short spread, some of the N fall due during a long run, and
		// nobody moves their next wake-up on.
		const worker = new Worker(
			ESCALATION_QUEUE,
			async (job) => {
				const late = Date.now() - (wakeTimeOf(job.id) ?? Number.NaN);
				if (job.data.issueId >= firstFiringId) lateness.push(late);
				else if (dueDuringRebuild.has(job.data.issueId))
					lateDuringRebuild.push(late);
			},
			{ connection, prefix: PREFIX, concurrency: 50 },
		);
		await worker.waitUntilReady();

		// Redis loses everything with N wake-ups in flight: the sweeper's rebuild, timed. Some wake-ups
		// fall due while it runs: does arming the earliest first keep them on time?
		await redis.flushall();
		const duringStart = Date.now() + 1000;
		dueDuringRebuild = new Set(
			rowsOf<{ id: number }>(
				await db.execute(sql`
					insert into issues (number, source_channel, title, body, state, policy, wake_generation, next_wake_at)
					select 'D-' || g, 'playground', 'bench', 'bench', 'accepted', '{}'::jsonb, 1,
					       to_timestamp((${duringStart}::bigint + g * ${REBUILD_WINDOW_MS / DURING_REBUILD}) / 1000.0)
					from generate_series(0, ${DURING_REBUILD - 1}) g
					returning id`),
			).map((row) => Number(row.id)),
		);
		firstFiringId = Math.max(n, ...dueDuringRebuild) + 1;
		const f0 = performance.now();
		await sweeper.tick();
		const rebuildMs = performance.now() - f0;
		const pending = await armer.queue.getDelayedCount();
		const redisBytes = (await usedMemory(redis)) - before;
		await waitUntil(
			() => lateDuringRebuild.length >= DURING_REBUILD,
			REBUILD_WINDOW_MS + 60_000,
		);
		// As the wake-up worker would: their next wake-up moves on.
		await db.execute(
			sql`update issues set next_wake_at = null where number like 'D-%'`,
		);

		// The sweeper's every-minute tick with N planned: what came within reach, what is late.
		const tickMs: number[] = [];
		for (let i = 0; i < TICKS; i++) {
			const t = performance.now();
			await sweeper.tick();
			tickMs.push(performance.now() - t);
		}
		tickMs.sort((a, b) => a - b);

		// Lateness of wake-ups falling due while N others wait.
		const start = Date.now() + 1000;
		const firing = Array.from({ length: FIRING }, (_, i) => ({
			issueId: firstFiringId + i,
			generation: 1,
			at: new Date(start + Math.floor((i * SPREAD_MS) / FIRING)),
		}));
		await armer.armMany(firing);
		await waitUntil(() => lateness.length >= FIRING, SPREAD_MS + 60_000);
		await worker.close();
		await sweeper.close();
		await armer.close();

		lateness.sort((a, b) => a - b);
		lateDuringRebuild.sort((a, b) => a - b);
		return {
			pending: n,
			spreadHours: SPREAD_HOURS,
			armAheadHours: armer.armAheadMs / 3600_000,
			armed,
			inRedisAfterRebuild: pending,
			seedSeconds: round(seedMs / 1000),
			firstArmSeconds: round(firstRebuildMs / 1000),
			rebuildAfterFlushallSeconds: round(rebuildMs / 1000),
			bytesPerArmedWakeUp: armed > 0 ? Math.round((after - before) / armed) : 0,
			redisMegabytesAfterRebuild: round(redisBytes / 1e6),
			sweepTickMs: {
				p50: round(percentile(tickMs, 0.5)),
				max: round(tickMs.at(-1) ?? 0),
			},
			latenessDuringRebuildMs: {
				dueWithinSeconds: REBUILD_WINDOW_MS / 1000,
				fired: lateDuringRebuild.length,
				p50: percentile(lateDuringRebuild, 0.5),
				p99: percentile(lateDuringRebuild, 0.99),
				max: lateDuringRebuild.at(-1) ?? Number.NaN,
			},
			latenessMs: {
				fired: lateness.length,
				p50: percentile(lateness, 0.5),
				p99: percentile(lateness, 0.99),
				max: lateness.at(-1) ?? Number.NaN,
			},
		};
	} finally {
		redis.disconnect();
		await database.close();
	}
}

const privateRedis = await startPrivateRedis({ durable: false });
const { port } = privateRedis;
const results: Record<string, unknown> = {};
try {
	for (const n of SIZES) {
		process.stdout.write(`timers: ${n} pending wake-ups …\n`);
		const result = await benchSize(n, port);
		process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
		results[String(n)] = result;
		await sleep(500);
	}
} finally {
	await privateRedis.close();
}
process.stdout.write(`${JSON.stringify({ bench: "timers", results })}\n`);
process.exit(0);
