/**
 * The ranking and the briefing (HTML, Markdown, spreadsheet) as each viewer may read them: the
 * office, leaders and supervisors the whole district; an official their own department's row, the
 * district's totals, and their own department's late issues — no other department's name or issue.
 */
import { eq, inArray } from "drizzle-orm";
import ExcelJS from "exceljs";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRedis } from "../../../bot/pipeline/redis.ts";
import { createSession } from "../../../bot/web/console/auth.ts";
import { createLoginThrottle } from "../../../bot/web/console/login-throttle.ts";
import { createConsoleRoutes } from "../../../bot/web/console/routes.ts";
import { departments, people } from "../../../db/schema/directory.ts";
import {
	createTestDatabase,
	type TestDatabase,
} from "../../support/databases.ts";
import {
	forgetTestKeys,
	randomPrefix,
	TEST_REDIS,
} from "../../support/redis.ts";
import {
	at,
	importDemoDirectory,
	MARCH,
	rankFromOneIssue,
	seedIssues,
} from "../../support/reports-fixture.ts";

const NOW = at("03-20 12:00");
const silentLog = {
	info() {},
	warn() {},
	error() {},
	child() {
		return silentLog;
	},
};
const redis = openRedis(TEST_REDIS);

/** Every cell of every sheet, one per line. */
async function xlsxText(body: Buffer): Promise<string> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(body as unknown as ArrayBuffer);
	const cells: string[] = [];
	for (const sheet of workbook.worksheets)
		sheet.eachRow((row) =>
			row.eachCell((cell) => {
				cells.push(String(cell.value ?? ""));
			}),
		);
	return cells.join("\n");
}

describe("ranking and briefing scoped to the viewer", () => {
	let database: TestDatabase;
	let app: FastifyInstance;
	const names = new Map<string, string>();

	beforeAll(async () => {
		database = await createTestDatabase("postgres");
		const { db } = database;
		await importDemoDirectory(db);
		await seedIssues(db, MARCH);
		await rankFromOneIssue(db);
		for (const d of await db
			.select()
			.from(departments)
			.where(
				inArray(departments.code, ["hrss", "power", "water", "transport"]),
			))
			names.set(d.code, d.name);
		app = Fastify();
		await app.register(
			createConsoleRoutes({
				db,
				log: silentLog,
				locale: "zh-CN",
				now: () => NOW,
				loginThrottle: createLoginThrottle({ redis, prefix: randomPrefix() }),
			}),
			{ prefix: "/console" },
		);
		await app.ready();
	}, 60_000);

	afterAll(async () => {
		await app?.close();
		await database?.close();
		await forgetTestKeys();
		await redis.quit();
	});

	async function read(code: string, url: string): Promise<string> {
		const [person] = await database.db
			.select()
			.from(people)
			.where(eq(people.code, code));
		if (!person) throw new Error(`no ${code}`);
		const cookie = `qq_console=${await createSession(database.db, person.id, NOW)}`;
		const response = await app.inject({
			method: "GET",
			url,
			headers: { cookie },
		});
		expect(response.statusCode).toBe(200);
		return url.endsWith(".xlsx")
			? xlsxText(response.rawPayload)
			: response.body;
	}

	const FORMATS = [
		"/console/ranking?period=2026-03",
		"/console/briefing/2026-03",
		"/console/briefing/2026-03.md",
		"/console/briefing/2026-03.xlsx",
	];
	const LATE_POWER_ISSUE = "园区线路老化跳闸"; // 900003, the power company's, late on 20 March

	for (const url of FORMATS) {
		it(`shows an official only their own department (${url})`, async () => {
			const body = await read("wu-qinghua", url); // 人社
			expect(body).toContain(names.get("hrss"));
			for (const other of ["power", "water", "transport"])
				expect(body).not.toContain(names.get(other));
			expect(body).not.toContain(LATE_POWER_ISSUE);
			expect(body).not.toContain("天润");
		});

		it(`shows the office and the supervisors every department (${url})`, async () => {
			for (const code of ["liu-jianping", "luo-xiaodong", "lin-zhiqiang"]) {
				const body = await read(code, url);
				for (const department of ["hrss", "power", "water", "transport"])
					expect(body).toContain(names.get(department));
			}
		});
	}

	it("gives the official the district's totals, the same as the supervisors read", async () => {
		const summary = (body: string) =>
			body.split("\n").find((line) => line.startsWith("本期共受理企业诉求"));
		const official = summary(
			await read("wu-qinghua", "/console/briefing/2026-03.md"),
		);
		expect(official).toMatch(/本期共受理企业诉求 \d+ 件/);
		expect(official).toBe(
			summary(await read("luo-xiaodong", "/console/briefing/2026-03.md")),
		);
	});
});
