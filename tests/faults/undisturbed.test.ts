/**
 * The fault suite's reference: the script with no fault at all ends in exactly the expected state
 * (EXPECTED_STEPS, every message handled, nothing twice). Every fault is compared with this.
 */
import { afterAll, describe, it } from "vitest";
import {
	createFaultWorld,
	expectRecovered,
	type FaultWorld,
} from "./fault-harness.ts";
import { writeTable } from "./outcome-table.ts";

const FILE = "undisturbed";

describe("faults: the undisturbed run", () => {
	let world: FaultWorld | undefined;
	afterAll(async () => {
		await world?.close();
		writeTable();
	});

	it("ends with every message handled, each step once, nothing sent twice", async () => {
		world = await createFaultWorld();
		await world.run.phaseA();
		await world.run.phaseB();
		const outcome = await world.run.measure("undisturbed", Date.now(), 40_000);
		expectRecovered(FILE, outcome, world.logs);
	}, 90_000);
});
