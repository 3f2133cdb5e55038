/**
 * `npm run bench`: every benchmark, one after the other (they would only slow each other down), each
 * in its own process. Prints each bench's output, then one JSON line with every bench's figures.
 */
import { runBench } from "./run-bench.ts";

/** The benchmarks; each prints its figures as its last line, one JSON object. */
const BENCHES = ["intake.ts", "timers.ts"];

const figures: Record<string, unknown> = {};
let failed = false;
for (const bench of BENCHES) {
	process.stdout.write(`\n=== ${bench} ===\n`);
	const outcome = await runBench(bench);
	if (!outcome.ok) failed = true;
	figures[bench] = outcome.ok ? outcome.figures : { error: outcome.error };
}
process.stdout.write(`\n${JSON.stringify(figures)}\n`);
process.exit(failed ? 1 : 0);
