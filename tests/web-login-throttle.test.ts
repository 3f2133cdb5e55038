import { describe, expect, it } from "vitest";
import { createLoginThrottle } from "../bot/web/console/login-throttle.ts";

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
	it("refuses an account after five failures until the oldest leaves the 15-minute window", () => {
		const time = clock();
		const throttle = createLoginThrottle({ now: time.now });
		for (let i = 0; i < 5; i++) {
			expect(throttle.waitMs("shi-lei", "10.0.0.1")).toBe(0);
			throttle.recordFailure("shi-lei", "10.0.0.1");
			time.advance(MINUTE);
		}
		// Five failures at 0…4 min; now is 5 min: the first leaves the window at 15 min.
		expect(throttle.waitMs("shi-lei", "10.0.0.9")).toBe(10 * MINUTE);
		expect(throttle.waitMs(" SHI-LEI ", "10.0.0.9")).toBe(10 * MINUTE);
		expect(throttle.waitMs("wang-qiang", "10.0.0.1")).toBe(0);
		time.advance(10 * MINUTE);
		expect(throttle.waitMs("shi-lei", "10.0.0.1")).toBe(0);
	});

	it("clears an account's failures when it signs in", () => {
		const throttle = createLoginThrottle({ now: clock().now });
		for (let i = 0; i < 4; i++) throttle.recordFailure("shi-lei", "10.0.0.1");
		throttle.recordSuccess("shi-lei");
		throttle.recordFailure("shi-lei", "10.0.0.1");
		expect(throttle.waitMs("shi-lei", "10.0.0.1")).toBe(0);
	});

	it("refuses an address that tries many accounts", () => {
		const throttle = createLoginThrottle({ now: clock().now, perAddress: 20 });
		for (let i = 0; i < 20; i++)
			throttle.recordFailure(`person-${i}`, "203.0.113.7");
		expect(throttle.waitMs("someone-else", "203.0.113.7")).toBeGreaterThan(0);
		expect(throttle.waitMs("someone-else", "198.51.100.1")).toBe(0);
	});
});
