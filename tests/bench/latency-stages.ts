/**
 * Where a paced message's time goes on its way to the answer (`BENCH_TRACE=1` in bench:intake),
 * read after the phase from what the pipeline keeps anyway: BullMQ's timestamps of the finished
 * inbound and outbound jobs (added, taken by a worker, finished) and the bench adapter's send time.
 * Each stage is the median and p99 over the phase's messages, in ms.
 */
import { Queue } from "bullmq";
import { sql } from "drizzle-orm";
import { INBOUND_QUEUE } from "../../bot/pipeline/inbound-queue.ts";
import { inboundJobId, outboundJobId } from "../../bot/pipeline/job-ids.ts";
import { OUTBOUND_QUEUE } from "../../bot/pipeline/outbox.ts";
import type { RedisConnection } from "../../bot/pipeline/redis.ts";
import type { Db } from "../../db/client.ts";
import { rowsOf } from "../../db/raw-rows.ts";
import { percentile, round } from "./measure.ts";

const STAGES = [
	"accepted → inbound job added (the queue's add)",
	"inbound added → taken by the worker",
	"taken → inbound job finished (batch, transaction, commit)",
	"inbound finished → outbound job added (below 0: the worker hands its answers over first)",
	"outbound added → taken by the outbound worker",
	"taken → sent (pacing, row, send)",
] as const;

export async function latencyStages(options: {
	db: Db;
	connection: RedisConnection;
	prefix: string;
	/** Wall-clock ms (Date.now()) at which the sink was called, by message id. */
	acceptedAt: ReadonlyMap<string, number>;
	/** Wall-clock ms of the send that answered each message id. */
	sentAt: ReadonlyMap<string, number>;
}): Promise<string> {
	const ids = [...options.acceptedAt.keys()];
	const answers = rowsOf<{ id: string | number; answers: string }>(
		await options.db.execute(sql`
			select min(id) as id, message->'replyTo'->>'messageId' as answers
			from outbox
			where message->'replyTo'->>'messageId' = any(${sql.param(ids)}::text[])
			group by 2`),
	);
	const outboxOf = new Map(answers.map((r) => [r.answers, Number(r.id)]));
	const inbound = new Queue(INBOUND_QUEUE, {
		connection: options.connection,
		prefix: options.prefix,
	});
	const outbound = new Queue(OUTBOUND_QUEUE, {
		connection: options.connection,
		prefix: options.prefix,
	});
	const spans: number[][] = STAGES.map(() => []);
	try {
		for (const id of ids) {
			const outboxId = outboxOf.get(id);
			const sent = options.sentAt.get(id);
			const accepted = options.acceptedAt.get(id);
			if (
				outboxId === undefined ||
				sent === undefined ||
				accepted === undefined
			)
				continue;
			const [inJob, outJob] = await Promise.all([
				inbound.getJob(inboundJobId("playground", id)),
				outbound.getJob(outboundJobId(outboxId)),
			]);
			if (!inJob?.processedOn || !inJob.finishedOn) continue;
			if (!outJob?.processedOn) continue;
			const points = [
				accepted,
				inJob.timestamp,
				inJob.processedOn,
				inJob.finishedOn,
				outJob.timestamp,
				outJob.processedOn,
				sent,
			];
			for (let i = 0; i < STAGES.length; i++)
				spans[i]?.push((points[i + 1] ?? 0) - (points[i] ?? 0));
		}
	} finally {
		await Promise.all([inbound.close(), outbound.close()]);
	}
	const lines = STAGES.map((stage, i) => {
		const sorted = (spans[i] ?? []).sort((a, b) => a - b);
		return `     ${String(round(percentile(sorted, 0.5))).padStart(6)} ${String(round(percentile(sorted, 0.99))).padStart(7)}  ${stage}`;
	});
	return [
		`    where the time goes (${spans[0]?.length ?? 0} messages; p50 and p99 ms per stage, BullMQ's job timestamps):`,
		...lines,
	].join("\n");
}
