/**
 * The README's first command on a fresh checkout: no DATABASE_URL (embedded PGlite), no REDIS_URL
 * (the bot starts its own redis-server under DATA_DIR), the demo directory. And what it says when
 * the configuration is wrong.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait.ts";
import {
	botProcess,
	freePort,
	pressCtrlC,
	redisServersOn,
	type SpawnedBot,
	spawnBot,
} from "./spawn-bot.ts";

const URL_LINE =
	/亲清 Qinqing: (http:\/\/\S+?)\/\n {2}playground: \S+\/playground\//;
const GROUP = "demo-industry";

interface ShownMessage {
	author: { externalId: string; isBot: boolean };
	text: string;
	mentions: Array<{ name: string }>;
}

let dataDir: string;
const started: SpawnedBot[] = [];

beforeAll(async () => {
	dataDir = await mkdtemp(join(tmpdir(), "qq-start-"));
});

afterAll(async () => {
	for (const bot of started) {
		if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
	}
	// A redis-server left behind by a failed run is ours (its socket is under our temp dir): stop it.
	for (const pid of redisServersOn(redisSocket())) process.kill(pid, "SIGKILL");
	await rm(dataDir, { recursive: true, force: true });
});

const redisSocket = () => join(dataDir, "redis", "redis.sock");

async function start(): Promise<{ bot: SpawnedBot; url: string }> {
	const bot = spawnBot({ DATA_DIR: dataDir, PORT: String(await freePort()) });
	started.push(bot);
	const [, url] = await bot.waitForOutput(URL_LINE);
	if (!url) throw new Error("no URL printed");
	return { bot, url };
}

async function post(url: string, authorId: string, text: string) {
	const response = await fetch(
		`${url}/playground/api/conversations/${GROUP}/messages`,
		{
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ authorId, text }),
		},
	);
	expect(response.status).toBe(200);
}

/** Polls the group until the bot has said something containing `text`. */
async function botReply(url: string, text: string): Promise<ShownMessage> {
	let shown: ShownMessage[] = [];
	return waitFor(
		async () => {
			const response = await fetch(
				`${url}/playground/api/conversations/${GROUP}/messages`,
			);
			shown = ((await response.json()) as { messages: ShownMessage[] })
				.messages;
			return shown.find((m) => m.author.isBot && m.text.includes(text));
		},
		() => `the bot to say "${text}"; the group shows ${JSON.stringify(shown)}`,
		30_000,
	);
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function noRedisLeft(): Promise<void> {
	await expect
		.poll(() => redisServersOn(redisSocket()), { timeout: 10_000 })
		.toEqual([]);
}

/** 101 from "#2026-000101". */
function numberIn(text: string): number {
	const match = /#\d{4}-(\d{6})/.exec(text);
	if (!match?.[1]) throw new Error(`no issue number in ${text}`);
	return Number(match[1]);
}

describe("npm start on a fresh checkout", () => {
	let firstNumber = 0;
	it("runs the demo with its own database and Redis, answers a problem, and stops cleanly", async () => {
		const { bot, url } = await start();
		const front = await fetch(`${url}/`);
		expect(front.status).toBe(200);
		expect(await front.text()).toContain('href="/playground/"');
		expect(bot.output()).toContain("PGlite");
		expect(bot.output()).toContain("started a local redis-server");
		const [redisPid] = redisServersOn(redisSocket());
		expect(redisPid).toBeDefined();

		// Demo mode: three months of history first (docs/demo.md); a newcomer's issue comes after it.
		expect(bot.output()).toContain("demo: seeded 100 issues of history");
		await post(url, "chen-guodong", "车间停电两个小时了，变压器好像烧了");
		const ack = await botReply(url, "已登记问题");
		firstNumber = numberIn(ack.text);
		// After the history's issues of this year (all 100 of them, but in the first months of a year).
		expect(firstNumber).toBeGreaterThan(1);
		expect(firstNumber).toBeLessThanOrEqual(101);
		expect(ack.text).toContain("国网三明市三元区供电公司");
		expect(ack.mentions.map((m) => m.name)).toContain("王强");

		const pid = botProcess(bot);
		if (!pid) throw new Error(`no bot/main.ts process under ${bot.child.pid}`);
		pressCtrlC(bot);
		await bot.exited; // npx itself dies of the SIGINT, as it does in a terminal
		expect(bot.output()).toContain("SIGINT: stopping");
		await expect.poll(() => isRunning(pid), { timeout: 30_000 }).toBe(false);
		// Stopped by closing, not by the stop timeout (which would leave the database to recover).
		expect(bot.output()).not.toContain("did not stop within");
		// No redis-server is left running behind the bot it belonged to.
		await noRedisLeft();
	}, 120_000);

	it("keeps what it recorded across a restart: the next problem is the next number, and no history is added again", async () => {
		const { bot, url } = await start();
		await post(url, "huang-zhiming", "公司贷款续贷需要银行授信，资金周转困难");
		const ack = await botReply(url, "已登记问题");
		expect(numberIn(ack.text)).toBe(firstNumber + 1);
		expect(bot.output()).not.toContain("demo: seeded");
		expect(ack.text).toContain("类别：融资");

		// What a supervisor sends to the bot's process (docker stop, systemd): a graceful stop too.
		const pid = botProcess(bot);
		if (!pid) throw new Error(`no bot/main.ts process under ${bot.child.pid}`);
		process.kill(pid, "SIGTERM");
		expect(await bot.exited).toBe(0);
		expect(bot.output()).toContain("SIGTERM: stopping");
		await noRedisLeft();
	}, 120_000);
});

describe("npm start with a wrong configuration", () => {
	it("exits 1 naming each malformed variable", async () => {
		const bot = spawnBot({
			DATA_DIR: join(dataDir, "wrong-env"),
			PORT: "abc",
			LOCALE: "fr",
		});
		started.push(bot);
		expect(await bot.exited).toBe(1);
		expect(bot.output()).toMatch(/^\s*PORT: /m);
		expect(bot.output()).toMatch(/^\s*LOCALE: .*zh-CN/m);
	}, 60_000);

	it("exits 1 pointing at the line and column of a broken directory file", async () => {
		const file = "tests/fixtures/directory/syntax-error.yaml";
		const bot = spawnBot({
			DATA_DIR: join(dataDir, "wrong-directory"),
			PORT: String(await freePort()),
			DIRECTORY_FILE: file,
		});
		started.push(bot);
		expect(await bot.exited).toBe(1);
		expect(bot.output()).toContain(`${file}:8:1`);
		expect(bot.output()).toContain("nothing was imported");
		expect(bot.output()).not.toMatch(URL_LINE);
	}, 90_000);
});
