/** p50/p99 of repeated calls after warm-ups. */
import { performance } from "node:perf_hooks";

export interface Timing {
	p50: number;
	p99: number;
	calls: number;
}

export async function timeCalls(
	fn: (i: number) => Promise<unknown>,
	calls = 30,
	warmups = 3,
): Promise<Timing> {
	for (let i = 0; i < warmups; i++) await fn(i);
	const ms: number[] = [];
	for (let i = 0; i < calls; i++) {
		const started = performance.now();
		await fn(i);
		ms.push(performance.now() - started);
	}
	ms.sort((a, b) => a - b);
	const at = (q: number) =>
		Math.round(
			(ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)] ?? 0) * 10,
		) / 10;
	return { p50: at(0.5), p99: at(0.99), calls };
}
