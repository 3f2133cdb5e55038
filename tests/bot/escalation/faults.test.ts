/**
 * Faults: a wake-up that crashes half-way, Redis losing everything, Redis down for 10 s, Postgres
 * dropping every connection. After each, every due step arrives exactly once. Redis here is a
 * private redis-server of this suite, never the shared one.
 */
import pg from "pg";
import {
	afterAll,
	beforeAll,
	describe,
	expect,
	it,
	onTestFinished,
} from "vitest";
import {
	createEscalationEngine,
	type EscalationEngine,
} from "../../../bot/escalation/engine.ts";
import { createLogger } from "../../../bot/runtime/logger.ts";
import type { Db } from "../../../db/client.ts";
import {
	createTestDatabase,
	describeEachDriver,
	type TestDatabase,
} from "../../support/databases.ts";
import {
	type EscalationDirectory,
	FAST_CONTEXT,
	messageCountsOf,
	type PrivateRedis,
	raiseAndPlan,
	run,
	seedEscalationDirectory,
	startPrivateRedis,
	stepsOf,
} from "../../support/escalation-fixtures.ts";
import { silentLog } from "../../support/pipeline.ts";
import { randomPrefix } from "../../support/redis.ts";
import { waitFor } from "../../support/wait.ts";

const HANDLING_LADDER = [
	"colour-yellow",
	"colour-orange",
	"colour-red",
	"sanction-notice",
	"sanction-briefing",
	"sanction-interview",
];
const HANDLING_MESSAGES = {
	"colour-yellow": 1,
	"colour-orange": 2,
	"colour-red": 2,
	"sanction-notice": 2,
	"sanction-briefing": 1,
	"sanction-interview": 1,
};

const ADMIN_URL =
	process.env.TEST_DATABASE_URL ??
	"postgres://postgres@127.0.0.1:5432/postgres";

let redis: PrivateRedis;
beforeAll(async () => {
	redis = await startPrivateRedis();
}, 20_000);
afterAll(async () => {
	await redis?.close();
});

function engineOn(db: Db, afterStep?: (key: string) => void): EscalationEngine {
	return createEscalationEngine({
		db,
		connection: redis.connection,
		prefix: randomPrefix(),
		locale: "zh-CN",
		context: FAST_CONTEXT,
		sweepIntervalMs: 300,
		graceMs: 1500,
		watchdogIntervalMs: 1000,
		lateMs: 4000,
		log: process.env.DEBUG_ESCALATION ? createLogger("esc") : silentLog,
		afterStep,
	});
}

/** Issues accepted `agoMs` ago, their wake-ups armed: the handling ladder is under way. */
async function acceptedIssues(
	db: Db,
	engine: EscalationEngine,
	dir: EscalationDirectory,
	count: number,
	agoMs = 0,
) {
	const ids: number[] = [];
	for (let i = 0; i < count; i++) {
		const { issue } = await raiseAndPlan(db, engine, dir);
		await run(
			db,
			engine,
			issue.id,
			dir.people.powerOfficial.id,
			{ type: "accept" },
			new Date(Date.now() - agoMs),
		);
		ids.push(issue.id);
	}
	return ids;
}

async function expectLadderExactlyOnce(db: Db, ids: number[]) {
	for (const id of ids)
		await waitFor(
			async () => (await stepsOf(db, id)).includes("sanction-interview"),
			`the ladder of issue ${id}`,
			40_000,
		);
	for (const id of ids) {
		expect(await stepsOf(db, id)).toEqual(HANDLING_LADDER);
		expect(await messageCountsOf(db, id)).toEqual(HANDLING_MESSAGES);
	}
}

describeEachDriver("escalation faults", (database) => {
	// One directory for the suite: the counts below expect one supervisor.
	let dir: Promise<EscalationDirectory> | undefined;
	const directory = () => {
		dir ??= seedEscalationDirectory(database().db);
		return dir;
	};

	it("a wake-up that crashes after its first step is retried, and each step happens once", async () => {
		const { db } = database();
		let crashed = 0;
		const engine = engineOn(db, (key) => {
			if (key.startsWith("colour-yellow") && crashed === 0) {
				crashed++;
				throw new Error("worker killed in the middle of a step");
			}
		});
		onTestFinished(() => engine.close());
		// Accepted 3.5 working hours ago: yellow and orange are due in the same wake-up.
		const ids = await acceptedIssues(db, engine, await directory(), 1, 3500);
		await expectLadderExactlyOnce(db, ids);
		expect(crashed).toBe(1);
	}, 60_000);

	it("Redis losing everything (FLUSHALL) with issues in flight: the sweeper rebuilds every wake-up", async () => {
		const { db } = database();
		const engine = engineOn(db);
		onTestFinished(() => engine.close());
		const ids = await acceptedIssues(db, engine, await directory(), 3);
		await redis.flushAll();
		await expectLadderExactlyOnce(db, ids);
	}, 60_000);

	it("Redis stopped for 10 s while steps come due: they all arrive once it is back", async () => {
		const { db } = database();
		const engine = engineOn(db);
		onTestFinished(() => engine.close());
		const ids = await acceptedIssues(db, engine, await directory(), 2);
		await redis.stop();
		await new Promise((resolve) => setTimeout(resolve, 10_000));
		await redis.start();
		await expectLadderExactlyOnce(db, ids);
	}, 90_000);
});

describe("escalation faults [postgres restart]", () => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await createTestDatabase("postgres");
	}, 60_000);
	afterAll(async () => {
		// drizzle's node-postgres transaction sends BEGIN outside its try/finally: a connection killed
		// right then is never released, and pool.end() would wait for it forever.
		let timer: NodeJS.Timeout | undefined;
		const closed = await Promise.race([
			database?.close().then(() => true),
			new Promise<boolean>((resolve) => {
				timer = setTimeout(() => resolve(false), 5000);
			}),
		]);
		clearTimeout(timer);
		if (closed === false && database?.url) {
			const admin = new pg.Client({ connectionString: ADMIN_URL });
			await admin.connect();
			const name = new URL(database.url).pathname.slice(1);
			await admin.query(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	}, 30_000);

	it("Postgres dropping every connection while steps come due: each arrives once", async () => {
		const { db, url } = database;
		const engine = engineOn(db);
		onTestFinished(() => engine.close());
		const admin = new pg.Client({
			connectionString:
				process.env.TEST_DATABASE_URL ??
				"postgres://postgres@127.0.0.1:5432/postgres",
		});
		await admin.connect();
		onTestFinished(() => admin.end());
		const ids = await acceptedIssues(
			db,
			engine,
			await seedEscalationDirectory(db),
			2,
		);
		const name = new URL(url ?? "").pathname.slice(1);
		// Keep killing every connection of the database for 5 s: a restart, as the pool sees it.
		const until = Date.now() + 5000;
		while (Date.now() < until) {
			await admin.query(
				"select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
				[name],
			);
			await new Promise((resolve) => setTimeout(resolve, 150));
		}
		await expectLadderExactlyOnce(db, ids);
	}, 90_000);
});
