/**
 * Redelivery faults: the WeChat puppet pushing the same message again under a new message id within
 * seconds (the bot must not make a second issue of it).
 */
import { afterAll, afterEach, describe, it } from "vitest";
import { sleep } from "../support/wait.ts";
import {
	createFaultWorld,
	expectRecovered,
	type FaultWorld,
} from "./fault-harness.ts";
import { writeTable } from "./outcome-table.ts";

const FILE = "redelivery";

describe("faults: redelivery", () => {
	let world: FaultWorld | undefined;
	afterEach(async () => {
		await world?.close();
		world = undefined;
	});
	afterAll(() => {
		writeTable();
	});

	it("WeChat redelivers reports under new message ids within seconds: one issue each", async () => {
		world = await createFaultWorld();
		const { run, chat } = world;
		await run.phaseA();
		await run.phaseB();
		const again = chat.sayAgain;
		if (!again) throw new Error("the WeChat driver cannot redeliver");
		// The three reports of phase B, each pushed again 1–3 s later with a new id.
		for (const label of ["b1", "b2", "b5"]) {
			await sleep(1000);
			const first = run.posted.find((p) => p.label === label);
			if (!first) throw new Error(`no ${label}`);
			const copy = await again(first.messageId);
			run.copies.add(copy);
			run.posted.push({ ...first, label: `${label}-copy`, messageId: copy });
		}
		const recoveredAt = Date.now();
		expectRecovered(
			FILE,
			await run.measure("WeChat redelivery, new ids", recoveredAt),
			world.logs,
		);
	}, 120_000);
});
