/** Runs one benchmark file in its own process; its output passes through, its last line is its figures. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

export type BenchOutcome =
	| { ok: true; figures: Record<string, unknown> }
	| { ok: false; error: string };

export function runBench(
	file: string,
	env: Record<string, string> = {},
): Promise<BenchOutcome> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ["--import", "tsx", file], {
			cwd: here,
			env: { ...process.env, ...env },
			stdio: ["ignore", "pipe", "inherit"],
		});
		let out = "";
		child.stdout.on("data", (chunk: Buffer) => {
			out += chunk.toString("utf8");
			process.stdout.write(chunk);
		});
		child.once("error", reject);
		child.once("exit", (code) => {
			if (code !== 0) return resolve({ ok: false, error: `exited ${code}` });
			const last = out.trim().split("\n").at(-1) ?? "";
			try {
				resolve({ ok: true, figures: JSON.parse(last) });
			} catch {
				resolve({ ok: false, error: "no JSON figures on the last line" });
			}
		});
	});
}
