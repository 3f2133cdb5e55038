/**
 * Group commit for the inbound worker: a lone item runs at once, items that arrive while batches
 * run wait and go together, and each caller hears only about its own item.
 */
import { describe, expect, it } from "vitest";
import {
	createMicroBatcher,
	type MicroBatcherOptions,
} from "../../../bot/pipeline/micro-batcher.ts";

interface Deferred<T> {
	promise: Promise<T>;
	resolve(value: T): void;
	reject(reason: unknown): void;
}

function deferred<T>(): Deferred<T> {
	let resolve!: (value: T) => void;
	let reject!: (reason: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

/** Lets every pending promise callback (and the batcher's next pump) run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const ok = <O>(value: O): PromiseFulfilledResult<O> => ({
	status: "fulfilled",
	value,
});
const failed = (reason: unknown): PromiseRejectedResult => ({
	status: "rejected",
	reason,
});

/**
 * A `run` the test finishes by hand: each call is recorded with the items it got and a switch that
 * ends it; `running` counts calls not yet ended, `peak` the most at once.
 */
function manualRun<O>() {
	const calls: {
		items: number[];
		done: Deferred<PromiseSettledResult<O>[]>;
	}[] = [];
	const state = { running: 0, peak: 0 };
	const run: MicroBatcherOptions<number, O>["run"] = async (items) => {
		const done = deferred<PromiseSettledResult<O>[]>();
		calls.push({ items: [...items], done });
		state.running++;
		state.peak = Math.max(state.peak, state.running);
		try {
			return await done.promise;
		} finally {
			state.running--;
		}
	};
	const finish = async (
		index: number,
		results: (items: number[]) => PromiseSettledResult<O>[],
	) => {
		const call = calls[index];
		if (!call) throw new Error(`no batch ${index} yet`);
		call.done.resolve(results(call.items));
		await settle();
	};
	return { run, calls, state, finish };
}

/** Records how each add() ended, in the order they ended. */
function track<O>(promises: Promise<O>[]) {
	const outcomes: (
		| { i: number; value: O }
		| { i: number; error: unknown }
		| undefined
	)[] = promises.map(() => undefined);
	const order: number[] = [];
	promises.forEach((p, i) => {
		p.then(
			(value) => {
				outcomes[i] = { i, value };
				order.push(i);
			},
			(error: unknown) => {
				outcomes[i] = { i, error };
				order.push(i);
			},
		);
	});
	return { outcomes, order };
}

const doubled = (items: number[]) => items.map((n) => ok(n * 2));

describe("the micro-batcher", () => {
	it("runs a lone item at once, in a batch of its own", async () => {
		const { run, calls, finish } = manualRun<number>();
		const batcher = createMicroBatcher({ maxSize: 10, maxInFlight: 1, run });
		const result = batcher.add(7);
		// No timer, no tick: the batch started inside add().
		expect(calls.map((c) => c.items)).toEqual([[7]]);
		await finish(0, doubled);
		await expect(result).resolves.toBe(14);
	});

	it("holds items that arrive while a batch runs and sends them together, up to maxSize", async () => {
		const { run, calls, finish } = manualRun<number>();
		const batcher = createMicroBatcher({ maxSize: 3, maxInFlight: 1, run });
		const results = [1, 2, 3, 4, 5, 6].map((n) => batcher.add(n));
		await settle();
		expect(calls.map((c) => c.items)).toEqual([[1]]);

		await finish(0, doubled);
		expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4]]);
		await finish(1, doubled);
		expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4], [5, 6]]);
		await finish(2, doubled);
		expect(await Promise.all(results)).toEqual([2, 4, 6, 8, 10, 12]);
		expect(calls).toHaveLength(3);
	});

	it("lets an item that arrives during a batch join those already waiting", async () => {
		const { run, calls, finish } = manualRun<number>();
		const batcher = createMicroBatcher({ maxSize: 3, maxInFlight: 1, run });
		const results = [1, 2].map((n) => batcher.add(n));
		await settle();
		results.push(batcher.add(3));
		expect(calls.map((c) => c.items)).toEqual([[1]]);
		await finish(0, doubled);
		expect(calls.map((c) => c.items)).toEqual([[1], [2, 3]]);
		await finish(1, doubled);
		expect(await Promise.all(results)).toEqual([2, 4, 6]);
	});

	it("never runs more than maxInFlight batches at once", async () => {
		const { run, calls, state, finish } = manualRun<number>();
		const batcher = createMicroBatcher({ maxSize: 2, maxInFlight: 2, run });
		const items = Array.from({ length: 11 }, (_, i) => i + 1);
		const results = items.map((n) => batcher.add(n));
		await settle();
		// Two lone items start before the rest arrive; the others wait for a free slot.
		expect(calls.map((c) => c.items)).toEqual([[1], [2]]);
		expect(state.running).toBe(2);

		// Finish batches out of order: a free slot is taken by the next waiting items at once.
		await finish(1, doubled);
		expect(calls.map((c) => c.items)).toEqual([[1], [2], [3, 4]]);
		expect(state.running).toBe(2);
		for (let i = 0; i < calls.length; i++) {
			await finish(i, doubled);
			expect(state.running).toBeLessThanOrEqual(2);
		}
		expect(state.peak).toBe(2);
		expect(calls.flatMap((c) => c.items)).toEqual(items);
		expect(calls.every((c) => c.items.length <= 2)).toBe(true);
		expect(await Promise.all(results)).toEqual(items.map((n) => n * 2));
	});

	it("starts a new batch as soon as a slot frees, even mid-way through the waiting items", async () => {
		const { run, calls, finish } = manualRun<string>();
		const batcher = createMicroBatcher({ maxSize: 4, maxInFlight: 3, run });
		const results = [10, 20, 30].map((n) => batcher.add(n));
		await settle();
		expect(calls.map((c) => c.items)).toEqual([[10], [20], [30]]);
		results.push(...[40, 50, 60, 70, 80].map((n) => batcher.add(n)));
		await settle();
		expect(calls).toHaveLength(3);
		await finish(0, (items) => items.map((n) => ok(`#${n}`)));
		expect(calls.map((c) => c.items)).toEqual([
			[10],
			[20],
			[30],
			[40, 50, 60, 70],
		]);
		await finish(2, (items) => items.map((n) => ok(`#${n}`)));
		expect(calls.at(-1)?.items).toEqual([80]);
		for (const i of [1, 3, 4])
			await finish(i, (items) => items.map((n) => ok(`#${n}`)));
		expect(await Promise.all(results)).toEqual(
			[10, 20, 30, 40, 50, 60, 70, 80].map((n) => `#${n}`),
		);
	});

	it("resolves each add() with its own result, in the batch's item order", async () => {
		const { run, finish } = manualRun<string>();
		const batcher = createMicroBatcher({ maxSize: 5, maxInFlight: 1, run });
		const first = batcher.add(0);
		const rest = [3, 1, 4, 1, 5].map((n) => batcher.add(n));
		const { outcomes, order } = track(rest);
		await finish(0, (items) => items.map((n) => ok(`r${n}`)));
		await expect(first).resolves.toBe("r0");
		// Results are positional: the i-th result belongs to the i-th item, duplicates included.
		await finish(1, (items) => items.map((n, i) => ok(`${i}:r${n}`)));
		expect(outcomes).toEqual([
			{ i: 0, value: "0:r3" },
			{ i: 1, value: "1:r1" },
			{ i: 2, value: "2:r4" },
			{ i: 3, value: "3:r1" },
			{ i: 4, value: "4:r5" },
		]);
		expect(order).toEqual([0, 1, 2, 3, 4]);
	});

	it("rejects only the item whose result is a rejection", async () => {
		const { run, finish } = manualRun<number>();
		const batcher = createMicroBatcher({ maxSize: 5, maxInFlight: 1, run });
		const blocker = batcher.add(0);
		const results = [1, 2, 3].map((n) => batcher.add(n));
		const { outcomes } = track(results);
		await finish(0, doubled);
		await blocker;
		const refusal = new Error("item 2 is a duplicate");
		await finish(1, (items) =>
			items.map((n) => (n === 2 ? failed(refusal) : ok(n * 2))),
		);
		expect(outcomes).toEqual([
			{ i: 0, value: 2 },
			{ i: 1, error: refusal },
			{ i: 2, value: 6 },
		]);
	});

	it("rejects an item that got no result instead of leaving it hanging", async () => {
		const { run, finish } = manualRun<number>();
		const batcher = createMicroBatcher({ maxSize: 5, maxInFlight: 1, run });
		const blocker = batcher.add(0);
		const results = [1, 2].map((n) => batcher.add(n));
		const { outcomes } = track(results);
		await finish(0, doubled);
		await blocker;
		await finish(1, () => [ok(1)]);
		expect(outcomes[0]).toEqual({ i: 0, value: 1 });
		expect(outcomes[1]).toMatchObject({ i: 1, error: expect.any(Error) });
	});

	it("rejects every item of a batch whose run fails, and keeps going", async () => {
		const broken = new Error("connection lost");
		const seen: number[][] = [];
		let gate = deferred<void>();
		const batcher = createMicroBatcher<number, number>({
			maxSize: 3,
			maxInFlight: 1,
			async run(items) {
				seen.push([...items]);
				await gate.promise;
				if (items.includes(13)) throw broken;
				return items.map((n) => ok(n + 100));
			},
		});
		const first = batcher.add(1);
		const unlucky = [11, 12, 13].map((n) => batcher.add(n));
		const after = [21, 22].map((n) => batcher.add(n));
		const { outcomes } = track(unlucky);
		gate.resolve();
		await expect(first).resolves.toBe(101);
		await expect(Promise.all(after)).resolves.toEqual([121, 122]);
		expect(seen).toEqual([[1], [11, 12, 13], [21, 22]]);
		expect(outcomes).toEqual([
			{ i: 0, error: broken },
			{ i: 1, error: broken },
			{ i: 2, error: broken },
		]);
		// Later items still go through, alone again when nothing is running.
		gate = deferred<void>();
		const later = batcher.add(31);
		expect(seen.at(-1)).toEqual([31]);
		gate.resolve();
		await expect(later).resolves.toBe(131);
	});

	it("survives a run that throws before returning a promise", async () => {
		let calls = 0;
		const batcher = createMicroBatcher<number, number>({
			maxSize: 4,
			maxInFlight: 1,
			run(items) {
				calls++;
				if (calls === 1) throw new Error("bad batch");
				return Promise.resolve(items.map((n) => ok(-n)));
			},
		});
		await expect(batcher.add(1)).rejects.toThrow("bad batch");
		await expect(batcher.add(2)).resolves.toBe(-2);
		expect(calls).toBe(2);
	});
});
