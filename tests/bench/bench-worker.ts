/**
 * A worker process of `npm run bench:intake` (BENCH_WORKERS ≥ 1): the `worker` role alone — inbound
 * worker and outbox relay — against the bench's database and Redis prefix, as a province runs
 * workers beside its gateway. Started by the bench; stops on SIGTERM.
 */
import { createWakeUpArmer } from "../../bot/escalation/wake-queue.ts";
import { createPipeline } from "../../bot/pipeline/pipeline.ts";
import { createLogger } from "../../bot/runtime/logger.ts";
import { openDatabase } from "../../db/client.ts";
import { TEST_REDIS } from "../support/redis.ts";
import { createBenchHandler } from "./bench-handler.ts";

const url = process.env.BENCH_WORKER_DATABASE_URL;
const prefix = process.env.BENCH_WORKER_PREFIX;
if (!url || !prefix)
	throw new Error(
		"bench-worker needs BENCH_WORKER_DATABASE_URL and BENCH_WORKER_PREFIX",
	);

const database = await openDatabase({ url, poolSize: 6 });
const log = createLogger("bench-worker", (line) => {
	if (!line.includes(" info ")) process.stderr.write(`${line}\n`);
});
const wakeUps = createWakeUpArmer({ connection: TEST_REDIS, prefix });
const pipeline = createPipeline({
	roles: ["worker"],
	connection: TEST_REDIS,
	prefix,
	db: database.db,
	handle: await createBenchHandler(database.db, log, false, wakeUps),
	inboundConcurrency: Number(process.env.BENCH_CONCURRENCY ?? 64),
	log,
});
await pipeline.start();
process.send?.("ready");

process.on("SIGTERM", async () => {
	await pipeline.close();
	await wakeUps.close();
	await database.close();
	process.exit(0);
});
