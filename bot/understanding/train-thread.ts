/**
 * Training off the event loop: a worker thread trains and returns the encoded model, so a worker
 * keeps answering messages while its model is retrained (a few seconds for a few thousand examples).
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { IntakeTrainingInput } from "../../workflows/understanding/intake-model.ts";

/** tsx's ESM API (its CommonJS twin cannot register hooks from an evaluated worker). */
const TSX_API = pathToFileURL(
	createRequire(import.meta.url)
		.resolve("tsx/esm/api")
		.replace(/\.cjs$/, ".mjs"),
).href;
const JOB = new URL("./train-job.ts", import.meta.url).href;

/** Trains `input` in a worker thread; resolves to the gzip-encoded model (see model-file.ts). */
export function trainInThread(
	input: IntakeTrainingInput,
	fingerprint: string,
): Promise<Buffer> {
	// The thread loads TypeScript through tsx's API, whatever loader started this process.
	const bootstrap = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(JOB)}); })`;
	return new Promise((resolve, reject) => {
		const worker = new Worker(bootstrap, {
			eval: true,
			workerData: { input, fingerprint },
		});
		worker.once("message", (bytes: Uint8Array) => {
			resolve(Buffer.from(bytes));
			void worker.terminate();
		});
		worker.once("error", reject);
		worker.once("exit", (code) => {
			if (code !== 0)
				reject(new Error(`the training thread stopped (${code})`));
		});
	});
}
