import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { openRedis } from "../../../bot/pipeline/redis.ts";
import {
	createLoginThrottle,
	type LoginThrottleOptions,
} from "../../../bot/web/console/login-throttle.ts";
import {
	forgetTestKeys,
	randomPrefix,
	TEST_REDIS,
} from "../../support/redis.ts";

const redis = openRedis(TEST_REDIS);
afterAll(async () => {
	await forgetTestKeys();
	await redis.quit();
});

/** A throttle of its own (a fresh key prefix) on the test Redis. */
const throttleWith = (
	options: Omit<LoginThrottleOptions, "redis" | "prefix">,
) => createLoginThrottle({ redis, prefix: randomPrefix(), ...options });

const MINUTE = 60_000;

function clock() {
	let t = Date.parse("2026-11-21T09:00:00+08:00");
	return {
		now: () => t,
		advance: (ms: number) => {
			t += ms;
		},
	};
}

describe("console login throttle", () => {
	it("refuses an account after five failures until the oldest leaves the 15-minute window", async () => {
		const time = clock();
		const throttle = throttleWith({ now: time.now });
		for (let i = 0; i < 5; i++) {
			expect(await throttle.waitMs("shi-lei", "10.0.0.1")).toBe(0);
			await throttle.recordFailure("shi-lei", "10.0.0.1");
			time.advance(MINUTE);
		}
		// Five failures at 0…4 min; now is 5 min: the first leaves the window at 15 min.
		expect(await throttle.waitMs("shi-lei", "10.0.0.9")).toBe(10 * MINUTE);
		expect(await throttle.waitMs(" SHI-LEI ", "10.0.0.9")).toBe(10 * MINUTE);
		expect(await throttle.waitMs("wang-qiang", "10.0.0.1")).toBe(0);
		time.advance(10 * MINUTE);
		expect(await throttle.waitMs("shi-lei", "10.0.0.1")).toBe(0);
	});

	it("clears an account's failures when it signs in", async () => {
		const throttle = throttleWith({ now: clock().now });
		for (let i = 0; i < 4; i++)
			await throttle.recordFailure("shi-lei", "10.0.0.1");
		await throttle.recordSuccess("shi-lei");
		await throttle.recordFailure("shi-lei", "10.0.0.1");
		expect(await throttle.waitMs("shi-lei", "10.0.0.1")).toBe(0);
	});

	it("refuses an address that tries many accounts", async () => {
		const throttle = throttleWith({ now: clock().now, perAddress: 20 });
		for (let i = 0; i < 20; i++)
			await throttle.recordFailure(`person-${i}`, "203.0.113.7");
		expect(
			await throttle.waitMs("someone-else", "203.0.113.7"),
		).toBeGreaterThan(0);
		expect(await throttle.waitMs("someone-else", "198.51.100.1")).toBe(0);
	});

	it("counts the failures of every web process together", async () => {
		const prefix = randomPrefix();
		const other = openRedis(TEST_REDIS);
		onTestFinished(async () => {
			await other.quit();
		});
		const time = clock();
		const here = createLoginThrottle({ redis, prefix, now: time.now });
		const there = createLoginThrottle({
			redis: other,
			prefix,
			now: time.now,
		});
		for (let i = 0; i < 5; i++)
			await (i % 2 === 0 ? here : there).recordFailure("shi-lei", "10.0.0.1");
		expect(await here.waitMs("shi-lei", "10.0.0.2")).toBe(15 * MINUTE);
		expect(await there.waitMs("shi-lei", "10.0.0.2")).toBe(15 * MINUTE);
	});

	it("keeps refusing an account however many other accounts and addresses are tried", async () => {
		const time = clock();
		const throttle = throttleWith({ now: time.now });
		for (let i = 0; i < 5; i++)
			await throttle.recordFailure("shi-lei", "10.0.0.1");
		// As many others as an in-memory table of 10 000 keys would have dropped everything for.
		await Promise.all(
			Array.from({ length: 5_000 }, (_, i) =>
				throttle.recordFailure(
					`guess-${i}`,
					`198.51.${Math.floor(i / 250)}.${i % 250}`,
				),
			),
		);
		expect(await throttle.waitMs("shi-lei", "10.0.0.2")).toBe(15 * MINUTE);
	});
});
