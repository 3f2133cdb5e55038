/** Starts the bench's worker processes (`bench-worker.ts`) and stops them. */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface BenchWorkers {
	pids(): number[];
	stop(): Promise<void>;
}

export async function startBenchWorkers(
	count: number,
	databaseUrl: string,
	prefix: string,
): Promise<BenchWorkers> {
	const file = fileURLToPath(new URL("./bench-worker.ts", import.meta.url));
	const children: ChildProcess[] = [];
	for (let i = 0; i < count; i++) {
		const child = fork(file, [], {
			execArgv: ["--import", "tsx"],
			env: {
				...process.env,
				BENCH_WORKER_DATABASE_URL: databaseUrl,
				BENCH_WORKER_PREFIX: prefix,
			},
		});
		children.push(child);
		await new Promise<void>((resolve, reject) => {
			child.once("message", () => resolve());
			child.once("exit", (code) =>
				reject(
					new Error(`bench worker exited with ${code} before it was ready`),
				),
			);
		});
	}
	return {
		pids: () => children.flatMap((child) => (child.pid ? [child.pid] : [])),
		async stop() {
			await Promise.all(
				children.map(
					(child) =>
						new Promise<void>((resolve) => {
							if (child.exitCode !== null) return resolve();
							child.once("exit", () => resolve());
							child.kill("SIGTERM");
						}),
				),
			);
		},
	};
}
