/**
 * `npm run bench:intake`: enterprise messages through the real pipeline (inbound queue in Redis,
 * the worker's Postgres transaction, outbox, relay, outbound queue) to a recording chat platform.
 * Prints message→send latency at a paced rate (measured first, on the warmed-up system, so that it
 * is the steady state and not the aftermath of the floods), issue-creating and chatter throughput,
 * CPU per message by process, and the raw Postgres commit rate of the same machine, then one JSON
 * line of all figures.
 *
 * Sizes: BENCH_ISSUES (2000), BENCH_CHATTER (5000), BENCH_PACED_SECONDS (10), BENCH_RATE (100/s),
 * BENCH_CONCURRENCY (the inbound worker's, 128), BENCH_BATCH (its batch size, 32), BENCH_WORKERS
 * (0: all roles in this process; N: N worker processes beside this gateway process). A phase that has not finished after BENCH_PHASE_LIMIT_S (90 s) is
 * reported as incomplete. BENCH_TRACE=1 adds the statements each message costs. BENCH_SETUP_SQL
 * runs on the bench's database after its migrations (drop an index, a constraint, a trigger, to
 * measure what it costs).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { and, count, gt, like, max, sql } from "drizzle-orm";
import {
	createWakeUpArmer,
	type WakeUpArmer,
} from "../../bot/escalation/wake-queue.ts";
import { createPacing } from "../../bot/pipeline/chat-pacer.ts";
import { createPipeline } from "../../bot/pipeline/pipeline.ts";
import { createLogger } from "../../bot/runtime/logger.ts";
import { inboundMessages } from "../../db/schema/index.ts";
import { importDirectoryFile } from "../../workflows/directory/import-file.ts";
import { TEST_REDIS, wipeRedis } from "../support/redis.ts";
import { createBenchAdapter } from "./bench-adapter.ts";
import { createBenchDatabase } from "./bench-database.ts";
import { writeBenchDirectory } from "./bench-directory.ts";
import { createBenchHandler } from "./bench-handler.ts";
import { chatter, problem } from "./bench-messages.ts";
import { type BenchWorkers, startBenchWorkers } from "./bench-workers.ts";
import { measureCommitRate } from "./commit-rate.ts";
import { createCpuMeter } from "./cpu-meter.ts";
import { latencyStages } from "./latency-stages.ts";
import { percentile, round, sleep, waitUntil } from "./measure.ts";
import { resetTrace, traceQueries, traceReport } from "./query-trace.ts";

const env = (name: string, fallback: number) =>
	Number(process.env[name] ?? fallback);
const ISSUES = env("BENCH_ISSUES", 2000);
const CHATTER = env("BENCH_CHATTER", 5000);
const PACED_SECONDS = env("BENCH_PACED_SECONDS", 10);
const RATE = env("BENCH_RATE", 100);
const CONCURRENCY = env("BENCH_CONCURRENCY", 128);
const WORKERS = env("BENCH_WORKERS", 0);
const BATCH = process.env.BENCH_BATCH
	? Number(process.env.BENCH_BATCH)
	: undefined;
const PHASE_LIMIT_MS = env("BENCH_PHASE_LIMIT_S", 90) * 1000;

const TRACE = process.env.BENCH_TRACE === "1";

const say = (line: string) => process.stdout.write(`${line}\n`);
const cpuLine = (ms: Record<string, number>) =>
	Object.entries(ms)
		.filter(([, v]) => v > 0)
		.map(([who, v]) => `${who} ${v} ms`)
		.join(", ");
if (TRACE) traceQueries();

async function main(): Promise<void> {
	const dir = await mkdtemp(join(tmpdir(), "qq-bench-"));
	const database = await createBenchDatabase(12);
	// What an index, a constraint or a trigger costs: run with and without it (docs/benchmarks.md).
	if (process.env.BENCH_SETUP_SQL)
		await database.db.execute(sql.raw(process.env.BENCH_SETUP_SQL));
	const prefix = `qqbench-${randomBytes(5).toString("hex")}`;
	const log = createLogger("bench", (line) => {
		if (!line.includes(" info ")) process.stderr.write(`${line}\n`);
	});
	const adapter = createBenchAdapter();
	let pipeline: ReturnType<typeof createPipeline> | undefined;
	let workers: BenchWorkers | undefined;
	let wakeUps: WakeUpArmer | undefined;
	try {
		const directory = await writeBenchDirectory(dir, {
			enterprises: 250,
			membersEach: 2,
			groups: 25,
		});
		const imported = await importDirectoryFile(database.db, directory.file);
		if (!imported.ok) throw new Error("the bench directory did not import");

		// The model is trained for the bench's directory before any worker starts reading.
		wakeUps = createWakeUpArmer({ connection: TEST_REDIS, prefix });
		const handle = await createBenchHandler(database.db, log, true, wakeUps);
		workers = await startBenchWorkers(WORKERS, database.url, prefix);
		const cpu = createCpuMeter({
			databaseUrl: database.url,
			redisUrl: TEST_REDIS.url,
			workerPids: () => workers?.pids() ?? [],
		});
		pipeline = createPipeline({
			// With worker processes this process is the gateway (adapters, sink, outbound) only.
			roles: WORKERS > 0 ? ["gateway", "web"] : ["gateway", "worker", "web"],
			connection: TEST_REDIS,
			prefix,
			db: database.db,
			adapters: [adapter],
			handle: WORKERS > 0 ? undefined : handle,
			// Many conversations and a 1 ms interval: per-chat pacing must not be what we measure.
			pacing: createPacing({ chatIntervalMs: 1, wechatGroupPerMinute: 1e6 }),
			inboundConcurrency: CONCURRENCY,
			inboundBatchSize: BATCH,
			log,
		});
		await pipeline.start();
		const sink = adapter.sink();

		const ofRun = (run: string) => like(inboundMessages.messageId, `${run}-%`);
		// Counted over the rows added since the run began (a range of the primary key), not the whole
		// table: the poll must neither take CPU from what it measures nor lag behind it.
		const lastId = async () => {
			const [row] = await database.db
				.select({ id: max(inboundMessages.id) })
				.from(inboundMessages);
			return row?.id ?? 0;
		};
		const recorded = async (run: string, afterId = 0) => {
			const [row] = await database.db
				.select({ n: count() })
				.from(inboundMessages)
				.where(and(gt(inboundMessages.id, afterId), ofRun(run)));
			return row?.n ?? 0;
		};
		const outcomes = async (run: string) => {
			const rows = await database.db
				.select({ outcome: inboundMessages.outcome, n: count() })
				.from(inboundMessages)
				.where(ofRun(run))
				.groupBy(inboundMessages.outcome);
			return Object.fromEntries(rows.map((r) => [r.outcome ?? "none", r.n]));
		};

		/** Pushes `count` messages as fast as the sink takes them; waits until Postgres has them all. */
		async function flood(
			run: string,
			count: number,
			make: (i: number) => Parameters<typeof sink>[0],
		) {
			const before = await lastId();
			const cpuBefore = await cpu.sample();
			const started = performance.now();
			let next = 0;
			await Promise.all(
				Array.from({ length: 16 }, async () => {
					while (next < count) await sink(make(next++));
				}),
			);
			const enqueuedMs = performance.now() - started;
			// Each count reads the run's rows so far (1–2 ms of Postgres at a few thousand): polled every
			// 10 ms it took a sixth of a core from what it measured. So the wait is half the time the
			// rest should take at the rate so far, between 10 and 200 ms: few polls, and the last close.
			let seen = 0;
			const done = await waitUntil(
				async () => {
					seen = await recorded(run, before);
					return seen >= count;
				},
				PHASE_LIMIT_MS,
				() => {
					const perMs = seen / (performance.now() - started);
					const restMs = perMs > 0 ? (count - seen) / perMs : 200;
					return Math.min(200, Math.max(10, restMs / 2));
				},
			);
			const elapsedMs = performance.now() - started;
			const handled = await recorded(run, before);
			const cpuMs = cpu.perMessage(cpuBefore, await cpu.sample(), handled);
			return {
				cpuMs,
				count,
				handled,
				complete: done,
				perSecond: handled / (elapsedMs / 1000),
				enqueuePerSecond: count / (enqueuedMs / 1000),
				outcomes: await outcomes(run),
			};
		}

		say(
			`machine: ${cpus().length} cpus (${cpus()[0]?.model ?? "?"}), node ${process.version}`,
		);
		say(
			`directory: ${directory.members.length} enterprise members in ${directory.groups.length} groups; inbound concurrency ${CONCURRENCY}; ${WORKERS > 0 ? `${WORKERS} worker process(es) beside this gateway process` : "one process for all roles"}`,
		);

		// Warm-up: jieba's dictionary, the directory cache, JIT, connection pools.
		const warm = await flood("warm", 200, (i) => problem(directory, "warm", i));
		await waitUntil(() => adapter.sendCount() >= warm.handled, PHASE_LIMIT_MS);
		resetTrace();

		const pacedCount = Math.round(PACED_SECONDS * RATE);
		say(
			`\n(i) latency at ${RATE} msg/s for ${PACED_SECONDS} s (${pacedCount} issue-creating messages), before the floods …`,
		);
		const acceptedAt = new Map<string, number>();
		// BullMQ stamps jobs with Date.now(); timeOrigin + performance.now() drifts from it by ms.
		const acceptedAtWall = new Map<string, number>();
		const pacedStart = performance.now();
		const pending: Promise<void>[] = [];
		for (let i = 0; i < pacedCount; i++) {
			const due = pacedStart + (i * 1000) / RATE;
			const wait = due - performance.now();
			if (wait > 1) await sleep(wait);
			const message = problem(directory, "paced", i);
			acceptedAt.set(message.messageId, performance.now());
			acceptedAtWall.set(message.messageId, Date.now());
			pending.push(sink(message));
		}
		await Promise.all(pending);
		const offeredRate = pacedCount / ((performance.now() - pacedStart) / 1000);
		await waitUntil(
			async () => [...acceptedAt.keys()].every((id) => adapter.sentAt.has(id)),
			PHASE_LIMIT_MS,
		);
		const latencies = [...acceptedAt].flatMap(([id, at]) => {
			const sent = adapter.sentAt.get(id);
			return sent === undefined ? [] : [sent - at];
		});
		latencies.sort((a, b) => a - b);
		const latency = {
			offeredPerSecond: offeredRate,
			answered: latencies.length,
			p50Ms: percentile(latencies, 0.5),
			p90Ms: percentile(latencies, 0.9),
			p99Ms: percentile(latencies, 0.99),
			maxMs: latencies.at(-1) ?? Number.NaN,
		};
		say(
			`    offered ${round(offeredRate)} msg/s; answered ${latency.answered}/${pacedCount}; p50 ${round(latency.p50Ms)} ms, p90 ${round(latency.p90Ms)} ms, p99 ${round(latency.p99Ms)} ms, max ${round(latency.maxMs)} ms`,
		);

		if (TRACE)
			say(
				await latencyStages({
					db: database.db,
					connection: TEST_REDIS,
					prefix,
					acceptedAt: acceptedAtWall,
					sentAt: new Map(
						[...adapter.sentAt].map(([id, at]) => [
							id,
							performance.timeOrigin + at,
						]),
					),
				}),
			);
		if (TRACE) say(traceReport(pacedCount));
		resetTrace();

		say(`\n(ii) ${ISSUES} issue-creating messages as fast as they come …`);
		const sentBefore = adapter.sendCount();
		const outboundStarted = performance.now();
		const issues = await flood("issue", ISSUES, (i) =>
			problem(directory, "issue", i),
		);
		say(
			`    ${round(issues.perSecond)} msg/s recorded as issues (${issues.handled}/${issues.count}${issues.complete ? "" : ", phase limit hit"}); the sink took ${round(issues.enqueuePerSecond)} msg/s; outcomes ${JSON.stringify(issues.outcomes)}`,
		);
		await waitUntil(
			async () => adapter.sendCount() - sentBefore >= issues.handled,
			PHASE_LIMIT_MS,
		);
		say(`    CPU per message: ${cpuLine(issues.cpuMs)}`);
		if (TRACE) say(traceReport(issues.handled));
		resetTrace();
		const acksPerSecond =
			(adapter.sendCount() - sentBefore) /
			((performance.now() - outboundStarted) / 1000);
		say(
			`    acknowledgements sent: ${adapter.sendCount() - sentBefore}, ${round(acksPerSecond)}/s end to end`,
		);

		say(`\n(iii) ${CHATTER} chatter messages (收到/好的/谢谢) …`);
		const sentBeforeChatter = adapter.sendCount();
		const chat = await flood("chat", CHATTER, (i) =>
			chatter(directory, "chat", i),
		);
		await sleep(1000);
		say(`    CPU per message: ${cpuLine(chat.cpuMs)}`);
		if (TRACE) say(traceReport(chat.handled));
		say(
			`    ${round(chat.perSecond)} msg/s recorded (${chat.handled}/${chat.count}${chat.complete ? "" : ", phase limit hit"}); outcomes ${JSON.stringify(chat.outcomes)}; replies sent: ${adapter.sendCount() - sentBeforeChatter}`,
		);

		say("\n(iv) raw Postgres commit rate (single-row autocommit inserts) …");
		const commits = await measureCommitRate(database.url);
		say(
			`    sequential ${round(commits.sequentialPerSecond)}/s; ${commits.concurrency} connections ${round(commits.concurrentPerSecond)}/s (synchronous_commit=${commits.synchronousCommit})`,
		);

		const figures = {
			bench: "intake",
			cpus: cpus().length,
			node: process.version,
			inboundConcurrency: CONCURRENCY,
			workerProcesses: WORKERS,
			issueMsgPerSec: round(issues.perSecond),
			issueMessages: issues.handled,
			issuePhaseComplete: issues.complete,
			issueCpuMsPerMsg: issues.cpuMs,
			ackSendsPerSec: round(acksPerSecond),
			chatterMsgPerSec: round(chat.perSecond),
			chatterMessages: chat.handled,
			chatterPhaseComplete: chat.complete,
			chatterCpuMsPerMsg: chat.cpuMs,
			pacedRate: round(offeredRate),
			pacedAnswered: latency.answered,
			pacedMessages: pacedCount,
			latencyP50Ms: round(latency.p50Ms),
			latencyP90Ms: round(latency.p90Ms),
			latencyP99Ms: round(latency.p99Ms),
			latencyMaxMs: round(latency.maxMs),
			pgCommitSeqPerSec: round(commits.sequentialPerSecond),
			pgCommitConcurrentPerSec: round(commits.concurrentPerSecond),
			pgSynchronousCommit: commits.synchronousCommit,
			targets: {
				issueMsgPerSec: 500,
				chatterMsgPerSec: 3000,
				latencyP99Ms: 150,
			},
		};
		say(`\n${JSON.stringify(figures)}`);
	} finally {
		await pipeline?.close();
		await workers?.stop();
		await wakeUps?.close();
		await database.close();
		await wipeRedis(prefix);
		await rm(dir, { recursive: true, force: true });
	}
}

await main();
