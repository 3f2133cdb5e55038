/**
 * `npm run bench:intake:workers`: the intake bench with the gateway in one process and N worker
 * processes beside it (N from BENCH_WORKER_COUNTS, default 0,1,2,4; 0 is everything in one process),
 * one after the other against the same Postgres and Redis. Each run's output passes through; the last
 * line is one JSON object with, for each N, issue-creating and chatter messages/s, CPU per issue
 * message (Node processes, Postgres, Redis, and their total) and the p99 latency at the paced rate.
 * On a machine with fewer cores than processes the cores bound the rate; CPU per message is the
 * figure that says what more cores would give.
 */
import { runBench } from "./run-bench.ts";

const counts = (process.env.BENCH_WORKER_COUNTS ?? "0,1,2,4")
	.split(",")
	.map((n) => Number(n.trim()))
	.filter((n) => Number.isInteger(n) && n >= 0);

type Figures = Record<string, unknown> & {
	issueMsgPerSec?: number;
	chatterMsgPerSec?: number;
	latencyP99Ms?: number;
	issueCpuMsPerMsg?: Record<string, number>;
};

const round = (n: number) => Math.round(n * 100) / 100;
const runs: Record<string, unknown>[] = [];
let failed = false;
for (const workers of counts) {
	process.stdout.write(`\n=== ${workers} worker process(es) ===\n`);
	const outcome = await runBench("intake.ts", {
		BENCH_WORKERS: String(workers),
	});
	if (!outcome.ok) {
		failed = true;
		runs.push({ workers, error: outcome.error });
		continue;
	}
	const figures = outcome.figures as Figures;
	const cpu = figures.issueCpuMsPerMsg ?? {};
	runs.push({
		workers,
		issueMsgPerSec: figures.issueMsgPerSec,
		chatterMsgPerSec: figures.chatterMsgPerSec,
		latencyP99Ms: figures.latencyP99Ms,
		issueCpuMsPerMsg: {
			...cpu,
			total: round(Object.values(cpu).reduce((sum, ms) => sum + ms, 0)),
		},
	});
}
process.stdout.write(
	`\n${JSON.stringify({ bench: "intake-workers", runs, targetIssueCpuMsPerMsg: 2 })}\n`,
);
process.exit(failed ? 1 : 0);
