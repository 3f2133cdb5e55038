import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, expect, it, onTestFinished } from "vitest";
import { createLogger } from "../../../bot/runtime/logger.ts";
import {
	createBriefingScheduler,
	postBriefingSummary,
} from "../../../bot/web/ops/briefing-scheduler.ts";
import { outbox } from "../../../db/schema/pipeline.ts";
import { parsePeriod } from "../../../workflows/reports/period.ts";
import {
	createTestDatabase,
	describeEachDriver,
} from "../../support/databases.ts";
import { TEST_REDIS, wipeRedis } from "../../support/redis.ts";
import {
	importDemoDirectory,
	MARCH,
	rankFromOneIssue,
	seedIssues,
} from "../../support/reports-fixture.ts";

const march = parsePeriod("2026-03");
if (!march) throw new Error("2026-03 is a period");

describeEachDriver("briefing summary", (database) => {
	it("posts a short summary with the link to the leaders' group, once per period", async () => {
		const { db } = database();
		await importDemoDirectory(db);
		await seedIssues(db, MARCH);
		await rankFromOneIssue(db);
		const options = {
			period: march,
			locale: "zh-CN" as const,
			publicUrl: "https://qinqing.example.gov.cn/",
			now: new Date("2026-04-01T01:00:00Z"),
		};
		expect(await postBriefingSummary(db, options)).toBe(1);
		const [row] = await db
			.select()
			.from(outbox)
			.where(eq(outbox.conversationId, "demo-leaders"));
		const text = (row?.message as { text?: string } | undefined)?.text ?? "";
		expect(text).toContain(
			"【工作简报·2026年3月】受理9件，办结6件（办结率66.7%），办成5件（办成率55.6%），超时2件（超时率22.2%），满意率60.0%",
		);
		expect(text).toContain(
			"红榜：三元区水务有限公司；黄榜：国网三明市三元区供电公司；黑榜：三元区人力资源和社会保障局",
		);
		expect(text).toContain(
			"https://qinqing.example.gov.cn/console/briefing/2026-03",
		);
		expect(text.split("\n")).toHaveLength(2);
		expect(await postBriefingSummary(db, options)).toBe(0);
	});
});

const prefixes: string[] = [];
afterAll(async () => {
	for (const prefix of prefixes) await wipeRedis(prefix);
});

it("schedules the monthly and weekly briefings at 09:00 Shanghai time, the figures every 15 minutes", async () => {
	const database = await createTestDatabase("pglite");
	onTestFinished(() => database.close());
	const prefix = `qqtest-${randomBytes(5).toString("hex")}`;
	prefixes.push(prefix);
	const scheduler = createBriefingScheduler({
		db: database.db,
		log: createLogger("test", () => {}),
		locale: "zh-CN",
		connection: TEST_REDIS,
		prefix,
		publicUrl: "http://localhost:3000",
	});
	onTestFinished(() => scheduler.close());
	await scheduler.start();
	await scheduler.start(); // upserting again changes nothing
	const schedulers = await scheduler.queue.getJobSchedulers();
	const byId = Object.fromEntries(schedulers.map((s) => [s.key, s]));
	expect(Object.keys(byId).sort()).toEqual([
		"monthly-briefing",
		"period-figures",
		"weekly-briefing",
	]);
	expect(byId["period-figures"]).toMatchObject({ every: 15 * 60_000 });
	expect(byId["monthly-briefing"]).toMatchObject({
		pattern: "0 9 1 * *",
		tz: "Asia/Shanghai",
	});
	expect(byId["weekly-briefing"]).toMatchObject({
		pattern: "0 9 * * 1",
		tz: "Asia/Shanghai",
	});
	// The next monthly run is on the 1st at 01:00 UTC (09:00 in Shanghai); the weekly on a Monday.
	const monthly = new Date(Number(byId["monthly-briefing"]?.next));
	expect(monthly.getUTCHours()).toBe(1);
	expect(monthly.getUTCDate()).toBe(1);
	const weekly = new Date(Number(byId["weekly-briefing"]?.next));
	expect([weekly.getUTCDay(), weekly.getUTCHours()]).toEqual([1, 1]);
});
