/**
 * Postgres restarted, as a connection-level fault: the suite shares the Postgres server, so instead
 * of restarting it the run's database refuses new connections (ALTER DATABASE … ALLOW_CONNECTIONS
 * false) and every backend of it is terminated, repeatedly, for 15 s; then connections are allowed again.
 */
import pg from "pg";
import { afterAll, afterEach, describe, it } from "vitest";
import { sleep } from "../support/wait.ts";
import {
	createFaultWorld,
	expectRecovered,
	type FaultWorld,
} from "./fault-harness.ts";
import { writeTable } from "./outcome-table.ts";

const FILE = "postgres";
const ADMIN_URL =
	process.env.TEST_DATABASE_URL ??
	"postgres://postgres@127.0.0.1:5432/postgres";

async function refuseConnections(
	databaseUrl: string,
	forMs: number,
): Promise<void> {
	const name = new URL(databaseUrl).pathname.slice(1);
	const admin = new pg.Client({ connectionString: ADMIN_URL });
	await admin.connect();
	try {
		await admin.query(`alter database ${name} allow_connections false`);
		const until = Date.now() + forMs;
		while (Date.now() < until) {
			await admin.query(
				"select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
				[name],
			);
			await sleep(500);
		}
	} finally {
		await admin.query(`alter database ${name} allow_connections true`);
		await admin.end();
	}
}

describe("faults: Postgres", () => {
	let world: FaultWorld | undefined;
	afterEach(async () => {
		await world?.close();
		world = undefined;
	});
	afterAll(() => {
		writeTable();
	});

	it("Postgres refusing connections for 15 s (backends terminated): nothing lost, each step once", async () => {
		world = await createFaultWorld();
		await world.run.phaseA();
		const url = world.database.url;
		if (!url) throw new Error("no database url");
		const refusing = refuseConnections(url, 15_000);
		await sleep(300);
		await world.run.phaseB();
		await refusing;
		const recoveredAt = Date.now();
		expectRecovered(
			FILE,
			await world.run.measure("Postgres connections refused", recoveredAt),
			world.logs,
		);
	}, 180_000);
});
