/**
 * `npm run bench`: every benchmark, one after the other (they would only slow each other down), each
 * in its own process. Prints each bench's output, then one JSON line with every bench's figures.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The benchmarks; each prints its figures as its last line, one JSON object. */
const BENCHES = ["intake.ts", "timers.ts"];

const here = fileURLToPath(new URL(".", import.meta.url));

function run(file: string): Promise<{ code: number | null; last: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ["--import", "tsx", file], {
			cwd: here,
			stdio: ["ignore", "pipe", "inherit"],
		});
		let out = "";
		child.stdout.on("data", (chunk: Buffer) => {
			out += chunk.toString("utf8");
			process.stdout.write(chunk);
		});
		child.once("error", reject);
		child.once("exit", (code) =>
			resolve({ code, last: out.trim().split("\n").at(-1) ?? "" }),
		);
	});
}

const figures: Record<string, unknown> = {};
let failed = false;
for (const bench of BENCHES) {
	process.stdout.write(`\n=== ${bench} ===\n`);
	const { code, last } = await run(bench);
	if (code !== 0) {
		failed = true;
		figures[bench] = { error: `exited ${code}` };
		continue;
	}
	try {
		figures[bench] = JSON.parse(last);
	} catch {
		failed = true;
		figures[bench] = { error: "no JSON figures on the last line" };
	}
}
process.stdout.write(`\n${JSON.stringify(figures)}\n`);
process.exit(failed ? 1 : 0);
