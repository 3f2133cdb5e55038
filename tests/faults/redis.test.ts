/**
 * Redis faults against the whole bot: its redis-server killed and restarted, wiped with FLUSHALL,
 * and down for 60 s, each while steps come due and people keep writing.
 */
import { afterAll, afterEach, describe, it } from "vitest";
import { sleep } from "../support/wait.ts";
import {
	createFaultWorld,
	expectRecovered,
	type FaultWorld,
} from "./fault-harness.ts";
import { writeTable } from "./outcome-table.ts";

const FILE = "redis";

describe("faults: Redis", () => {
	let world: FaultWorld | undefined;
	afterEach(async () => {
		await world?.close();
		world = undefined;
	});
	afterAll(() => {
		writeTable();
	});

	it("Redis killed and restarted: nothing lost, each step once", async () => {
		world = await createFaultWorld();
		await world.run.phaseA();
		const writing = world.run.phaseB();
		await world.redis.stop();
		await sleep(2000);
		await world.redis.start();
		const recoveredAt = Date.now();
		await writing;
		expectRecovered(
			FILE,
			await world.run.measure("Redis killed", recoveredAt),
			world.logs,
		);
	}, 180_000);

	it("Redis wiped (FLUSHALL) while messages are in flight: nothing lost, each step once", async () => {
		world = await createFaultWorld();
		await world.run.phaseA();
		const writing = world.run.phaseB();
		await world.redis.flushAll();
		const recoveredAt = Date.now();
		await writing;
		expectRecovered(
			FILE,
			await world.run.measure("Redis wiped (FLUSHALL)", recoveredAt),
			world.logs,
		);
	}, 180_000);

	// The real 60 s: how long BullMQ and ioredis keep a command waiting, and whether the WeChat
	// hand-off gives up, depend on the duration.
	it("Redis down 60 s while people write and steps come due: nothing lost, each step once", async () => {
		world = await createFaultWorld();
		await world.run.phaseA();
		await world.redis.stop();
		const writing = world.run.phaseB();
		await sleep(60_000);
		await world.redis.start();
		const recoveredAt = Date.now();
		await writing;
		expectRecovered(
			FILE,
			await world.run.measure("Redis down 60 s", recoveredAt),
			world.logs,
		);
	}, 240_000);
});
