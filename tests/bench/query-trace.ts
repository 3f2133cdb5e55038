/**
 * BENCH_TRACE=1: where the time goes. Counts and times every statement node-postgres sends (from
 * the call to its result, so waiting on a lock counts), grouped by the statement's text.
 */
import { performance } from "node:perf_hooks";
import pg from "pg";

interface Stat {
	count: number;
	totalMs: number;
}

const stats = new Map<string, Stat>();

export function traceQueries(): void {
	const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
	pg.Client.prototype.query = function traced(
		this: pg.Client,
		...args: unknown[]
	) {
		const first = args[0] as string | { text?: string };
		const text = typeof first === "string" ? first : (first?.text ?? "?");
		const key = text.replace(/\s+/g, " ").slice(0, 110);
		const started = performance.now();
		const result = original.apply(this, args);
		if (result && typeof (result as Promise<unknown>).then === "function") {
			const settle = () => {
				const stat = stats.get(key) ?? { count: 0, totalMs: 0 };
				stat.count += 1;
				stat.totalMs += performance.now() - started;
				stats.set(key, stat);
			};
			(result as Promise<unknown>).then(settle, settle);
		}
		return result;
	} as typeof pg.Client.prototype.query;
}

export function resetTrace(): void {
	stats.clear();
}

/** The statements by total time, per message of the phase. */
export function traceReport(messages: number, top = 25): string {
	const rows = [...stats.entries()].sort((a, b) => b[1].totalMs - a[1].totalMs);
	const total = rows.reduce((sum, [, s]) => sum + s.totalMs, 0);
	const count = rows.reduce((sum, [, s]) => sum + s.count, 0);
	const lines = [
		`    ${round(count / messages)} statements and ${round(total / messages)} ms of statement time per message:`,
	];
	for (const [text, s] of rows.slice(0, top)) {
		lines.push(
			`    ${String(round(s.count / messages)).padStart(5)}× ${String(round(s.totalMs / s.count)).padStart(7)} ms  ${text}`,
		);
	}
	return lines.join("\n");
}

const round = (n: number) => Math.round(n * 100) / 100;
