/**
 * Process faults, with bot/main.ts (what `npm start` runs) in a child process on the run's own Redis
 * and database: the worker role killed with SIGKILL while a batch is in flight (the gateway, holding
 * the WeChat mock, stays in this process), and the whole single-process bot killed with SIGKILL and
 * started again (driven through the playground's HTTP API).
 */
import { afterAll, afterEach, describe, it, onTestFinished } from "vitest";
import type { SpawnedBot } from "../e2e-playground/spawn-bot.ts";
import { freePort } from "../e2e-playground/spawn-bot.ts";
import { createTestDatabase, type TestDatabase } from "../support/databases.ts";
import {
	type PrivateRedis,
	startPrivateRedis,
} from "../support/private-redis.ts";
import { sleep } from "../support/wait.ts";
import { writeFastDirectory } from "./fast-directory.ts";
import { startChild } from "./fault-bot.ts";
import {
	createFaultWorld,
	expectRecovered,
	type FaultWorld,
} from "./fault-harness.ts";
import { writeTable } from "./outcome-table.ts";
import { createPlaygroundDriver } from "./playground-driver.ts";
import { ScenarioRun } from "./scenario.ts";

const FILE = "process";

async function kill(child: SpawnedBot | undefined): Promise<void> {
	if (
		!child?.child.pid ||
		child.child.exitCode !== null ||
		child.child.signalCode !== null
	)
		return;
	// The whole group: npx, tsx and the node process running bot/main.ts.
	process.kill(-child.child.pid, "SIGKILL");
	await child.exited;
}

describe("faults: processes", () => {
	const children: SpawnedBot[] = [];
	let world: FaultWorld | undefined;
	let own: { redis: PrivateRedis; database: TestDatabase } | undefined;
	afterEach(async () => {
		for (const child of children.splice(0)) await kill(child);
		await world?.close();
		world = undefined;
		await own?.database.close();
		await own?.redis.close();
		own = undefined;
	});
	afterAll(() => {
		writeTable();
	});

	it("the worker role killed (SIGKILL) with a batch in flight, then restarted: nothing lost, each step once", async () => {
		const w = await createFaultWorld({ startBot: false });
		world = w;
		const worker = () =>
			startChild({
				database: w.database,
				redis: w.redis,
				directoryFile: w.directoryFile,
				roles: "worker",
			});
		children.push(await worker());
		await world.startBot({ roles: "gateway" });
		await world.chat.room.group.harness.ready();
		await world.run.phaseA();
		// The first reports of phase B are on their way to the worker when it dies.
		const writing = world.run.phaseB();
		await sleep(150);
		await kill(children[0]);
		await writing;
		children.push(await worker());
		const recoveredAt = Date.now();
		expectRecovered(
			FILE,
			await world.run.measure("worker killed mid-batch", recoveredAt),
			world.logs,
		);
	}, 240_000);

	it("the whole bot process killed (SIGKILL) and started again: nothing lost, each step once", async () => {
		const mine = {
			redis: await startPrivateRedis(),
			database: await createTestDatabase("postgres", { prefix: "qq_fault" }),
		};
		own = mine;
		const port = await freePort();
		const url = `http://127.0.0.1:${port}`;
		const directoryFile = writeFastDirectory();
		const start = () =>
			startChild({
				database: mine.database,
				redis: mine.redis,
				directoryFile,
				env: { PORT: String(port), PLAYGROUND: "on", PUBLIC_URL: url },
			});
		children.push(await start());
		const chat = createPlaygroundDriver(() => url);
		onTestFinished(() => chat.stop());
		const run = new ScenarioRun(chat, mine.database.db, mine.redis);
		await run.phaseA();
		const writing = run.phaseB();
		await sleep(150);
		await kill(children[0]);
		children.push(await start());
		const recoveredAt = Date.now();
		await writing;
		expectRecovered(FILE, await run.measure("process SIGKILL", recoveredAt));
	}, 240_000);
});
