import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { Redis } from "ioredis";

export interface LocalRedis {
	/** ioredis options for the running server. */
	connection: { path: string };
	/** False when a server left by an earlier run was still answering and is reused (it holds pending work). */
	started: boolean;
	stop(): Promise<void>;
}

export class RedisUnavailableError extends Error {
	readonly code = "redis_unavailable";
}

/**
 * With no REDIS_URL, the bot runs its own redis-server on a unix socket under the data directory,
 * with the append-only file on, so pending work survives a restart.
 */
export async function startLocalRedis(dataDir: string): Promise<LocalRedis> {
	const dir = resolve(dataDir, "redis");
	mkdirSync(dir, { recursive: true });
	const socket = resolve(dir, "redis.sock");
	if (existsSync(socket) && (await answers(socket))) {
		return {
			connection: { path: socket },
			started: false,
			stop: () => shutdown(socket),
		};
	}
	let child: ChildProcess;
	try {
		child = spawn(
			"redis-server",
			[
				"--port",
				"0",
				"--unixsocket",
				socket,
				"--unixsocketperm",
				"700",
				"--dir",
				dir,
				"--appendonly",
				"yes",
				"--save",
				"",
			],
			// Its own process group: Ctrl-C in the terminal reaches the bot, which drains its queues and
			// then SHUTDOWNs the server. In the bot's group the server died first, the bot's close hung on
			// Redis until the stop timeout, and PGlite was left unclosed (its sequences skip 32 on restart).
			{ stdio: "ignore", detached: true },
		);
		await new Promise<void>((ok, fail) => {
			child.once("spawn", ok);
			child.once("error", fail);
		});
	} catch {
		throw new RedisUnavailableError(
			"Qinqing needs Redis. Set REDIS_URL=redis://host:6379, or install redis-server (Debian/Ubuntu: apt install redis-server; macOS: brew install redis) and the bot will start its own.",
		);
	}
	for (let attempt = 0; attempt < 50; attempt++) {
		if (await answers(socket)) {
			return {
				connection: { path: socket },
				started: true,
				stop: () => shutdown(socket),
			};
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	child.kill("SIGKILL");
	throw new RedisUnavailableError(
		`redis-server did not start on ${socket}; see its log in ${dir}`,
	);
}

async function answers(socket: string): Promise<boolean> {
	const probe = new Redis({
		path: socket,
		lazyConnect: true,
		maxRetriesPerRequest: 0,
		retryStrategy: () => null,
	});
	probe.on("error", () => {});
	try {
		await probe.connect();
		return (await probe.ping()) === "PONG";
	} catch {
		return false;
	} finally {
		probe.disconnect();
	}
}

/** SHUTDOWN writes the append-only file and stops the server, whichever process started it. */
async function shutdown(socket: string): Promise<void> {
	const client = new Redis({
		path: socket,
		lazyConnect: true,
		maxRetriesPerRequest: 0,
		retryStrategy: () => null,
	});
	client.on("error", () => {});
	try {
		await client.connect();
		await client.call("SHUTDOWN");
	} catch {
		// The connection closing is SHUTDOWN succeeding.
	} finally {
		client.disconnect();
	}
}
