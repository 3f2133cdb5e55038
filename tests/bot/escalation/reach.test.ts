/**
 * Wake-ups are armed in Redis only when they fall due within the armer's reach; the sweeper arms the
 * rest as they come within it, and a rebuild after Redis lost its data arms only what is within reach.
 * A far-off deadline therefore still fires, on time, without a Redis job for every open issue.
 */
import { type SQL, sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import {
	createSweeper,
	type Sweeper,
} from "../../../bot/escalation/sweeper.ts";
import {
	createWakeUpArmer,
	type WakeUpArmer,
	wakeJobId,
	wakeTimeOf,
} from "../../../bot/escalation/wake-queue.ts";
import type { Db } from "../../../db/client.ts";
import { rowsOf } from "../../../db/raw-rows.ts";
import { describeEachDriver } from "../../support/databases.ts";
import { silentLog } from "../../support/pipeline.ts";
import { randomPrefix, TEST_REDIS } from "../../support/redis.ts";

const REACH_MS = 3_000;

let opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
	for (const thing of opened.reverse()) await thing.close();
	opened = [];
});

/** An armer and a sweeper of their own, over a ledger with no other planned wake-up. */
async function timers(
	db: Db,
	pageSize?: number,
): Promise<{ armer: WakeUpArmer; sweeper: Sweeper }> {
	await db.execute(sql`delete from issues`);
	const prefix = randomPrefix();
	const armer = createWakeUpArmer({
		connection: TEST_REDIS,
		prefix,
		armAheadMs: REACH_MS,
	});
	const sweeper = createSweeper({
		db,
		armer,
		connection: TEST_REDIS,
		prefix,
		locale: "zh-CN",
		autoStart: false,
		pageSize,
		log: silentLog,
	});
	opened.push(armer, sweeper);
	return { armer, sweeper };
}

/** Issues planned to wake up `inMs` from now, each; returns their wake-ups. */
async function planned(db: Db, ...inMs: number[]) {
	const now = Date.now();
	const { rows } = (await db.execute(sql`
		insert into issues (number, source_channel, title, body, state, policy, wake_generation, next_wake_at)
		select 'R-' || gen_random_uuid(), 'playground', '停电', '停电', 'accepted', '{}'::jsonb, 1,
		       to_timestamp((${now}::bigint + offset_ms) / 1000.0)
		from unnest(${`{${inMs.join(",")}}`}::bigint[]) as offset_ms
		returning id, next_wake_at`)) as unknown as {
		rows: Array<{ id: number; next_wake_at: string }>;
	};
	return rows.map((row) => ({
		issueId: Number(row.id),
		generation: 1,
		at: new Date(row.next_wake_at),
	}));
}

/** `count` issues, the wake-up of the g-th (from 1) at `at`, an expression of g; their ids in order. */
async function plannedMany(db: Db, count: number, at: SQL): Promise<number[]> {
	const rows = rowsOf<{ id: number }>(
		await db.execute(sql`
			insert into issues (number, source_channel, title, body, state, policy, wake_generation, next_wake_at)
			select 'M-' || gen_random_uuid(), 'playground', '停电', '停电', 'accepted', '{}'::jsonb, 1, ${at}
			from generate_series(1, ${count}) g
			returning id`),
	);
	return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
}

/** The issues with a wake-up armed in Redis, in order. */
async function armedIssues(armer: WakeUpArmer): Promise<number[]> {
	const jobs = await armer.queue.getDelayed();
	return jobs.map((job) => job.data.issueId).sort((a, b) => a - b);
}

async function armedIds(armer: WakeUpArmer): Promise<string[]> {
	const jobs = await armer.queue.getDelayed();
	return jobs.map((job) => String(job.id)).sort();
}

describeEachDriver("wake-ups within reach", (database) => {
	it("a wake-up beyond reach is left in Postgres, and the sweeper arms it once it comes within reach", async () => {
		const { db } = database();
		const { armer, sweeper } = await timers(db);
		await sweeper.tick(); // first tick: nothing in Redis yet, so it rebuilds and sets the reach
		const [soon, later] = await planned(db, 1_000, REACH_MS + 2_000);
		if (!soon || !later) throw new Error("not planned");
		await armer.arm(soon);
		await armer.arm(later);
		expect(await armedIds(armer)).toEqual([wakeJobId(soon)]);

		await new Promise((resolve) => setTimeout(resolve, 2_500));
		const sweep = await sweeper.tick();
		expect(sweep.armed).toBeGreaterThanOrEqual(1);
		expect(await armedIds(armer)).toContain(wakeJobId(later));
	}, 30_000);

	it("wake-ups armed at once (a batch's new issues) are each in Redis, due when they were planned", async () => {
		const { db } = database();
		const { armer } = await timers(db);
		const wakeUps = await planned(
			db,
			...Array.from({ length: 20 }, (_, i) => 1_000 + i * 50),
			REACH_MS + 5_000,
		);
		const withinReach = wakeUps.slice(0, 20);

		await Promise.all(wakeUps.map((wakeUp) => armer.arm(wakeUp)));

		// A wake-up's job id carries its time: each job is its own issue's, armed for its own moment.
		expect(await armedIds(armer)).toEqual(withinReach.map(wakeJobId).sort());
		for (const job of await armer.queue.getDelayed()) {
			const wakeUp = withinReach.find((w) => wakeJobId(w) === job.id);
			expect(job.data).toEqual({
				issueId: wakeUp?.issueId,
				generation: wakeUp?.generation,
			});
			expect(wakeTimeOf(job.id)).toBe(wakeUp?.at.getTime());
		}
	}, 30_000);

	it("after Redis lost its data, the rebuild arms the wake-ups within reach and leaves the rest planned", async () => {
		const { db } = database();
		const { armer, sweeper } = await timers(db);
		const wakeUps = await planned(db, 1_000, 2_000, 60_000, 86_400_000);
		const result = await sweeper.tick();
		expect(result.rebuilt).toBe(2);
		const ids = await armedIds(armer);
		expect(ids).toEqual(wakeUps.slice(0, 2).map(wakeJobId).sort());
	}, 30_000);

	it("a tick reads only what fell due since the last one, however many are planned further ahead", async () => {
		const { db } = database();
		const { sweeper } = await timers(db);
		await planned(
			db,
			...Array.from({ length: 2_000 }, (_, i) => 3_600_000 + i),
		);
		await sweeper.tick();
		const quiet = await sweeper.tick();
		expect(quiet).toMatchObject({ rebuilt: 0, armed: 0, rearmed: 0 });
	}, 30_000);

	it("pages through wake-ups stored to the microsecond, each armed once", async () => {
		const { db } = database();
		const { armer, sweeper } = await timers(db, 10);
		const ids = await plannedMany(
			db,
			25,
			sql`now() + interval '1 second' + g * interval '1 millisecond' + interval '123 microseconds'`,
		);
		expect((await sweeper.tick()).rebuilt).toBe(25);
		expect(await armedIssues(armer)).toEqual(ids);
	}, 30_000);

	it("a rebuild over many pages, with wake-ups sharing one moment across page boundaries, arms each once", async () => {
		const { db } = database();
		const { armer, sweeper } = await timers(db, 10);
		// 95 wake-ups in groups of 20 at the same microsecond: every page boundary falls inside a group.
		const ids = await plannedMany(
			db,
			95,
			sql`date_trunc('second', now()) + interval '2 seconds' + (g / 20) * interval '1 millisecond' + interval '7 microseconds'`,
		);
		expect((await sweeper.tick()).rebuilt).toBe(95);
		expect(await armedIssues(armer)).toEqual(ids);
	}, 30_000);
});
