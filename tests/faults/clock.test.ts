/**
 * Faults of time: the wall clock jumping an hour ahead while steps are pending, and WeChat logged
 * out for 15 minutes of clock time (shifted-clock.ts: 15 real minutes would not fit the suite; the
 * retries' backoff and the escalation timers run on the same moved clock).
 */
import { afterAll, afterEach, describe, it } from "vitest";
import {
	createFaultWorld,
	expectRecovered,
	type FaultWorld,
} from "./fault-harness.ts";
import { writeTable } from "./outcome-table.ts";
import {
	fastForward,
	installShiftedClock,
	jumpClock,
	uninstallShiftedClock,
} from "./shifted-clock.ts";

const FILE = "clock";

describe("faults: time", () => {
	let world: FaultWorld | undefined;
	afterEach(async () => {
		await world?.close();
		world = undefined;
		uninstallShiftedClock();
	});
	afterAll(() => {
		writeTable();
	});

	it("the clock jumps an hour ahead with steps pending: those due in the jump are sent once", async () => {
		installShiftedClock();
		world = await createFaultWorld();
		await world.run.phaseA();
		jumpClock(3_600_000);
		const recoveredAt = Date.now();
		await world.run.phaseB();
		expectRecovered(
			FILE,
			await world.run.measure("clock jumps an hour", recoveredAt),
			world.logs,
		);
	}, 180_000);

	it("WeChat logged out for 15 minutes: what was queued meanwhile is delivered after login", async () => {
		installShiftedClock();
		world = await createFaultWorld();
		await world.run.phaseA();
		const { puppet, mocker, botContact } = world.chat.room.group;
		await puppet.logout("fault suite: logged out");
		// The acceptance and rating steps come due, and their messages wait, while nobody is logged in.
		await fastForward(15 * 60_000, 15_000);
		mocker.login(botContact);
		const recoveredAt = Date.now();
		await world.run.phaseB();
		expectRecovered(
			FILE,
			await world.run.measure("WeChat logged out 15 min", recoveredAt),
			world.logs,
		);
	}, 180_000);
});
