/**
 * Postgres unreachable during intake: people keep writing, the messages wait in the inbound queue
 * (failed and retrying with backoff), and once the database is back every one is handled and answered.
 * Postgres only: an embedded PGlite cannot become unreachable.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboundJobId } from "../../bot/pipeline/job-ids.ts";
import type { TestBot } from "../support/bot-harness.ts";
import { waitFor } from "../support/wait.ts";
import { startBotInRoom, type WechatRoom } from "./wechat-room.ts";

const ADMIN_URL =
	process.env.TEST_DATABASE_URL ??
	"postgres://postgres@127.0.0.1:5432/postgres";

async function admin(text: string): Promise<void> {
	const client = new pg.Client({ connectionString: ADMIN_URL });
	await client.connect();
	try {
		await client.query(text);
	} finally {
		await client.end();
	}
}

/** Tries a fresh connection to `url`; returns the server's refusal, or null when it connected. */
async function refusalOf(url: string): Promise<string | null> {
	const client = new pg.Client({ connectionString: url });
	try {
		await client.connect();
		await client.end();
		return null;
	} catch (error) {
		return (error as Error).message;
	}
}

describe("Postgres unreachable during intake [postgres]", () => {
	let room: WechatRoom;
	let bot: TestBot;
	let name = "";
	let blocked = false;

	const block = async () => {
		blocked = true;
		await admin(`alter database ${name} allow_connections false`);
		await admin(
			`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`,
		);
	};
	const unblock = async () => {
		await admin(`alter database ${name} allow_connections true`);
		blocked = false;
	};

	beforeAll(async () => {
		({ room, bot } = await startBotInRoom("postgres"));
		const url = bot.database.url;
		if (!url) throw new Error("the postgres test database has no url");
		name = new URL(url).pathname.slice(1);
	});

	afterAll(async () => {
		if (blocked) await unblock();
		await bot?.close();
	});

	it("keeps the messages waiting and handles them all once the database is back", async () => {
		const url = bot.database.url ?? "";
		await block();
		expect(await refusalOf(url)).toMatch(/not currently accepting connections/);

		const before = room.botSaid().length;
		const posted = {
			power: room.say(
				"chen",
				"厂里从早上开始一直停电，生产线停了，麻烦尽快处理",
			),
			transport: room.say(
				"huang",
				"园区门口的道路被货车压坏了，通勤班车进不来",
			),
			help: room.say("shi", "帮助"),
		};

		// Each message reached the inbound queue, failed against the database, was retried, failed again,
		// and waits for its next retry.
		const jobs = await waitFor(async () => {
			const found = await Promise.all(
				Object.values(posted).map((id) =>
					bot.inboundQueue.getJob(inboundJobId("wechat", id)),
				),
			);
			return found.every((job) => job && job.attemptsMade >= 2) && found;
		}, "every message to fail twice against the unreachable database");
		for (const job of jobs) {
			expect(job?.failedReason).toBeTruthy();
			expect(["delayed", "waiting", "active"]).toContain(await job?.getState());
		}
		expect(room.botSaid().length).toBe(before);

		await unblock();

		// Backoff doubles from 1 s: the next retry comes within seconds, not minutes.
		const recorded = {
			power: await bot.recorded(posted.power, 90_000),
			transport: await bot.recorded(posted.transport, 90_000),
			help: await bot.recorded(posted.help, 90_000),
		};
		expect(recorded.power.outcome).toBe("new_issue");
		expect(recorded.transport.outcome).toBe("new_issue");
		expect(recorded.help.outcome).toBe("query_help");

		const issues = await bot.issues();
		expect(issues.map((i) => i.categoryCode).sort()).toEqual([
			"power",
			"transport",
		]);
		await waitFor(
			() => {
				const said = room.botSaid().slice(before);
				return (
					issues.every((issue) =>
						said.some((s) => s.text.includes(`已登记问题 #${issue.number}`)),
					) && said.some((s) => s.text.includes("可用命令"))
				);
			},
			"the answers to all three messages",
			30_000,
		);
	}, 150_000);
});
