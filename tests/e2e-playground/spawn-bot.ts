/** `npm start` as a newcomer runs it: a child process, watched through what it prints. */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * A fresh checkout's environment: nothing of Qinqing's configured. The variables are set empty
 * rather than removed, so a developer's `.env` (which never overrides a set variable) cannot leak in.
 */
export const FRESH_ENV: Record<string, string> = {
	DATABASE_URL: "",
	REDIS_URL: "",
	DIRECTORY_FILE: "",
	WECHATY_PUPPET: "",
	PUBLIC_URL: "",
	QINQING_ROLES: "all",
	PLAYGROUND: "on",
	LOCALE: "zh-CN",
	HOST: "127.0.0.1",
	LOG_FORMAT: "",
	LOG_LEVEL: "",
};

export interface SpawnedBot {
	child: ChildProcess;
	output(): string;
	/** Resolves with the exit code (a signal counts as null). */
	exited: Promise<number | null>;
	/** Resolves with the first match of `pattern` in stdout + stderr. */
	waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/** `npx tsx bot/main.ts`, which is what `npm start` runs. */
export function spawnBot(env: Record<string, string>): SpawnedBot {
	const child = spawn("npx", ["tsx", "bot/main.ts"], {
		cwd: REPO_ROOT,
		env: { ...process.env, ...FRESH_ENV, ...env },
		stdio: ["ignore", "pipe", "pipe"],
		// Its own process group, like a command typed in a terminal: Ctrl-C signals the whole group.
		detached: true,
	});
	let output = "";
	const listeners = new Set<() => void>();
	const append = (chunk: Buffer) => {
		output += chunk.toString("utf8");
		for (const listener of listeners) listener();
	};
	child.stdout?.on("data", append);
	child.stderr?.on("data", append);
	const exited = new Promise<number | null>((resolve) =>
		child.once("exit", (code) => {
			resolve(code);
			for (const listener of listeners) listener();
		}),
	);
	return {
		child,
		output: () => output,
		exited,
		waitForOutput(pattern, timeoutMs = 90_000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					const match = output.match(pattern);
					if (match) return done(() => resolve(match));
					if (child.exitCode !== null || child.signalCode !== null)
						return done(() =>
							reject(
								new Error(
									`the bot exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${output}`,
								),
							),
						);
				};
				const timer = setTimeout(
					() =>
						done(() =>
							reject(
								new Error(`no ${pattern} after ${timeoutMs} ms:\n${output}`),
							),
						),
					timeoutMs,
				);
				const done = (settle: () => void) => {
					clearTimeout(timer);
					listeners.delete(check);
					settle();
				};
				listeners.add(check);
				check();
			});
		},
	};
}

/** Ctrl-C in the terminal that runs it: SIGINT to every process of the group. */
export function pressCtrlC(bot: SpawnedBot): void {
	if (bot.child.pid) process.kill(-bot.child.pid, "SIGINT");
}

/** The process that runs bot/main.ts itself, under the npx and tsx wrappers. */
export function botProcess(bot: SpawnedBot): number | undefined {
	const root = bot.child.pid;
	if (!root) return undefined;
	return descendants(root).find((pid) => {
		const cmdline = readProc(pid, "cmdline");
		return cmdline?.includes("loader.mjs") && cmdline.includes("bot/main.ts");
	});
}

function descendants(root: number): number[] {
	const children = new Map<number, number[]>();
	for (const pid of processIds()) {
		const stat = readProc(pid, "stat");
		// pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis.
		const ppid = Number(stat?.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
		children.set(ppid, [...(children.get(ppid) ?? []), pid]);
	}
	const found: number[] = [];
	const queue = [root];
	for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
		for (const child of children.get(pid) ?? []) {
			found.push(child);
			queue.push(child);
		}
	}
	return found;
}

function processIds(): number[] {
	return readdirSync("/proc")
		.filter((entry) => /^\d+$/.test(entry))
		.map(Number);
}

function readProc(pid: number, file: string): string | undefined {
	try {
		return readFileSync(`/proc/${pid}/${file}`, "utf8");
	} catch {
		return undefined;
	}
}

export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const address = server.address();
	await new Promise((resolve) => server.close(resolve));
	if (!address || typeof address === "string") throw new Error("no port");
	return address.port;
}

/** Pids of the redis-server processes serving this socket (the one the bot started for its data dir). */
export function redisServersOn(socket: string): number[] {
	// redis-server rewrites its title to "redis-server unixsocket:<path>".
	return processIds().filter((pid) => {
		const cmdline = readProc(pid, "cmdline");
		return cmdline?.includes("redis-server") && cmdline.includes(socket);
	});
}
