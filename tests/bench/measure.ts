/** Small measuring helpers for the benches. */
export const sleep = (ms: number) =>
	new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `done` every `pollMs` (a number, or asked before each wait); false when `limitMs` passed
 * first (the bench reports that, it does not hang).
 */
export async function waitUntil(
	done: () => Promise<boolean> | boolean,
	limitMs: number,
	pollMs: number | (() => number) = 100,
): Promise<boolean> {
	const deadline = Date.now() + limitMs;
	while (Date.now() < deadline) {
		if (await done()) return true;
		await sleep(typeof pollMs === "number" ? pollMs : pollMs());
	}
	return done();
}

/** The value at quantile `q` (0–1) of an ascending list. */
export function percentile(sorted: readonly number[], q: number): number {
	if (sorted.length === 0) return Number.NaN;
	const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
	return sorted[Math.max(0, index)] ?? Number.NaN;
}

export const round = (n: number) => Math.round(n * 10) / 10;
