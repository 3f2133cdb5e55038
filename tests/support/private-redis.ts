import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { waitFor } from "./wait.ts";

/**
 * A redis-server of the test's (or benchmark's) own, on a free port, for faults the shared Redis must
 * not suffer (FLUSHALL, a kill). `durable` (default) keeps an fsynced append-only file, so a restart
 * keeps its data; a benchmark measuring memory and speed turns it off.
 */
export interface PrivateRedis {
	port: number;
	connection: { host: string; port: number };
	stop(): Promise<void>;
	start(): Promise<void>;
	flushAll(): Promise<void>;
	close(): Promise<void>;
}

export async function startPrivateRedis(
	options: { durable?: boolean } = {},
): Promise<PrivateRedis> {
	const persistence =
		options.durable === false
			? ["--appendonly", "no"]
			: ["--appendonly", "yes", "--appendfsync", "always"];
	const dir = mkdtempSync(join(tmpdir(), "qq-redis-"));
	const port = await freePort();
	let child: ChildProcess | null = null;
	const start = async () => {
		child = spawn(
			"redis-server",
			[
				"--port",
				String(port),
				"--bind",
				"127.0.0.1",
				"--dir",
				dir,
				"--save",
				"",
				...persistence,
			],
			{ stdio: "ignore" },
		);
		const client = new Redis({
			port,
			host: "127.0.0.1",
			lazyConnect: true,
			retryStrategy: () => 50,
		});
		client.on("error", () => {});
		await waitFor(
			async () => {
				try {
					if (client.status !== "ready") await client.connect().catch(() => {});
					return (await client.ping()) === "PONG";
				} catch {
					return false;
				}
			},
			"redis-server to start",
			10_000,
		);
		client.disconnect();
	};
	const stop = async () => {
		const running = child;
		child = null;
		if (!running) return;
		const exited = new Promise((resolve) => running.once("exit", resolve));
		running.kill("SIGKILL");
		await exited;
	};
	await start();
	return {
		port,
		connection: { host: "127.0.0.1", port },
		start,
		stop,
		async flushAll() {
			const client = new Redis({ port, host: "127.0.0.1" });
			await client.flushall();
			client.disconnect();
		},
		async close() {
			await stop();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once("error", reject);
		server.listen(0, "127.0.0.1", () => {
			const address = server.address();
			server.close(() =>
				typeof address === "object" && address
					? resolve(address.port)
					: reject(new Error("no port")),
			);
		});
	});
}
