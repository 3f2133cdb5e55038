/**
 * bench:retention — a simulated year of the pipeline's bookkeeping, and its size with and without
 * the pruning of bot/pipeline/retention.ts (docs/scale.md "Retention"). Rows are written in bulk,
 * dated evenly over 365 days, at BENCH_RETENTION_MESSAGES a day (default 20 000: a province).
 * Prints one JSON line: rows and MB per table a year on without pruning, then after pruning with
 * the default retention (the steady state: pruning keeps about the last retention period).
 */
import { sql } from "drizzle-orm";
import { createPruner } from "../../bot/pipeline/retention.ts";
import { createLogger } from "../../bot/runtime/logger.ts";
import { rowsOf } from "../../db/raw-rows.ts";
import { TEST_REDIS } from "../support/redis.ts";
import { createBenchDatabase } from "./bench-database.ts";

const PER_DAY = Number(process.env.BENCH_RETENTION_MESSAGES ?? 20_000);
const DAYS = Number(process.env.BENCH_RETENTION_DAYS ?? 365);
const TABLES = [
	"inbound_messages",
	"outbox",
	"inbound_journal",
	"console_tokens",
] as const;

async function sizes(
	db: Awaited<ReturnType<typeof createBenchDatabase>>["db"],
) {
	const out: Record<string, { rows: number; mb: number }> = {};
	for (const table of TABLES) {
		const [row] = rowsOf<{ rows: number; mb: number }>(
			await db.execute(
				sql.raw(
					`select count(*)::int as rows, round(pg_total_relation_size('${table}') / 1048576.0, 1)::float as mb from ${table}`,
				),
			),
		);
		if (row) out[table] = row;
	}
	return out;
}

async function main() {
	const database = await createBenchDatabase(4);
	const { db } = database;
	const redis = TEST_REDIS;
	const now = new Date();
	const total = PER_DAY * DAYS;
	try {
		await db.execute(
			sql`insert into people (code, name, roles) values ('bench', '压测', '{official}')`,
		);
		await db.execute(sql`insert into issues (number, source_channel, title, body, state, policy)
			values ('2026-0000001', 'wechat', '停电', '车间停电了', 'closed', '{}')`);
		// One message in five makes or joins an issue (kept for ever); the rest is chatter.
		await db.execute(sql`insert into inbound_messages
			(platform, message_id, conversation_id, author_external_id, text, message, issue_id, received_at, processed_at)
			select 'wechat', 'm-' || i, 'room-' || (i % 500), 'u-' || (i % 5000),
				'好的，谢谢，收到了。明天上午安排人过来看看。',
				jsonb_build_object('text', '好的，谢谢，收到了。明天上午安排人过来看看。', 'sentAt', now()),
				case when i % 5 = 0 then 1 end, t, t
			from generate_series(1, ${total}) as i,
				lateral (select ${now.toISOString()}::timestamptz - make_interval(secs => (${total} - i) * ${(DAYS * 86_400) / total}::float8) as t) d`);
		// About one and a half bot messages per inbound one: replies, mentions, reminders; 1 in 1 000 failed.
		await db.execute(sql`insert into outbox
			(dedupe_key, platform, conversation_id, message, created_at, enqueued_at, sent_at, failed_at, last_error, attempts)
			select 'o-' || i, 'wechat', 'room-' || (i % 500),
				jsonb_build_object('text', '【问题 2026-0001234】已转交区供电公司办理，请于 4 个工作小时内签收。'),
				t, t, case when i % 1000 <> 0 then t end, case when i % 1000 = 0 then t end,
				case when i % 1000 = 0 then 'timeout' end, 1
			from generate_series(1, ${Math.round(total * 1.5)}) as i,
				lateral (select ${now.toISOString()}::timestamptz - make_interval(secs => (${Math.round(total * 1.5)} - i) * ${(DAYS * 86_400) / (total * 1.5)}::float8) as t) d`);
		// The journal normally empties itself; a row in 10 000 is left behind by a crash.
		await db.execute(sql`insert into inbound_journal (platform, message_id, message, received_at)
			select 'wechat', 'm-' || i, '{}'::jsonb, ${now.toISOString()}::timestamptz - make_interval(days => (i % ${DAYS}))
			from generate_series(1, ${total}, 10000) as i`);
		// 300 sessions and login links a day.
		await db.execute(sql`insert into console_tokens (kind, token_hash, person_id, created_at, expires_at)
			select case when i % 3 = 0 then 'login_link' else 'session' end, md5(i::text),
				(select id from people where code = 'bench'), t, t + interval '12 hours'
			from generate_series(1, ${300 * DAYS}) as i,
				lateral (select ${now.toISOString()}::timestamptz - make_interval(mins => i * 1440 / 300) as t) d`);
		await db.execute(sql`vacuum analyze`);
		const unpruned = await sizes(db);

		const pruner = createPruner({
			db,
			connection: redis,
			prefix: `qq-bench-retention-${process.pid}`,
			log: createLogger("bench", () => {}),
		});
		const started = performance.now();
		const pruned = await pruner.run(now);
		const pruneSeconds = Math.round((performance.now() - started) / 100) / 10;
		await pruner.close();
		// What autovacuum would hand back to new rows; VACUUM FULL shows the live size.
		await db.execute(sql`vacuum full`);
		const afterPruning = await sizes(db);
		console.log(
			JSON.stringify({
				bench: "retention",
				messagesPerDay: PER_DAY,
				days: DAYS,
				unpruned,
				pruned,
				pruneSeconds,
				afterPruning,
			}),
		);
	} finally {
		await database.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
