/**
 * The ledger (问题台账): the spreadsheet opened with ExcelJS and read cell by cell, formula injection
 * neutralised, an official's copy holding their department's issues only; the monthly reconciliation.
 */
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRedis } from "../../../bot/pipeline/redis.ts";
import { createSession } from "../../../bot/web/console/auth.ts";
import { createLoginThrottle } from "../../../bot/web/console/login-throttle.ts";
import { createConsoleRoutes } from "../../../bot/web/console/routes.ts";
import { people } from "../../../db/schema/directory.ts";
import { issues } from "../../../db/schema/issues.ts";
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

describe("the ledger", () => {
	let database: TestDatabase;
	let app: FastifyInstance;

	beforeAll(async () => {
		database = await createTestDatabase("postgres");
		const { db } = database;
		await importDemoDirectory(db);
		await seedIssues(db, [
			...MARCH,
			{
				number: "2026-900010",
				title: '=HYPERLINK("http://evil.example","点此")',
				enterprise: "xinyuan-machinery",
				department: "power",
				created: "03-19 09:00",
				state: "dispatched",
				events: [["dispatched", "03-19 09:00", "dispatched"]],
			},
		]);
		// 900001 was confirmed on 4 March: the row a real confirmation leaves.
		await db
			.update(issues)
			.set({ closedAt: at("03-04 15:00"), resolvedAt: at("03-04 10:00") })
			.where(eq(issues.number, "2026-900001"));
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

	async function get(code: string, url: string) {
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
		return response;
	}

	async function sheetOf(code: string) {
		const response = await get(code, "/console/ledger.xlsx");
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
		const sheet = workbook.getWorksheet("问题台账");
		if (!sheet) throw new Error("no ledger sheet");
		return sheet;
	}

	it("writes every issue with its state, dates, department, deadline, colour and 销号 date", async () => {
		const sheet = await sheetOf("luo-xiaodong"); // supervisor: everything
		expect(sheet.getRow(1).values).toEqual([
			undefined,
			"编号",
			"问题",
			"企业",
			"所在区域",
			"类别",
			"牵头单位",
			"状态",
			"层级",
			"颜色",
			"登记时间",
			"派发时间",
			"受理时间",
			"办理时限",
			"办结时间",
			"销号日期",
			"转办次数",
			"重新办理次数",
		]);
		expect(sheet.rowCount).toBe(1 + 11); // header + 900000–900010
		const rowOf = (number: string) => {
			for (let i = 2; i <= sheet.rowCount; i++)
				if (sheet.getRow(i).getCell(1).value === number) return sheet.getRow(i);
			throw new Error(`no row ${number}`);
		};
		const done = rowOf("2026-900001");
		expect(done.getCell(2).value).toBe("厂区频繁停电");
		expect(done.getCell(3).value).toBe("三明鑫元精密机械有限公司");
		expect(done.getCell(4).value).toBe("荆西园区");
		expect(done.getCell(6).value).toBe("国网三明市三元区供电公司");
		expect(done.getCell(10).value).toBe("2026-03-02 09:00");
		expect(done.getCell(14).value).toBe("2026-03-04 10:00");
		expect(done.getCell(15).value).toBe("2026-03-04 15:00"); // 销号
		expect(done.getCell(16).value).toBe(0);
		const late = rowOf("2026-900003"); // open, red, due 13 March
		expect(late.getCell(9).value).toBe("红");
		expect(late.getCell(13).value).toBe("2026-03-13 17:30");
		expect(late.getCell(15).value).toBeNull(); // not closed off: an empty cell
		// What an enterprise wrote stays text: no formula, the apostrophe shows it.
		const injected = rowOf("2026-900010").getCell(2);
		expect(injected.formula).toBeUndefined();
		expect(injected.value).toBe('\'=HYPERLINK("http://evil.example","点此")');
	});

	it("gives an official only their department's issues", async () => {
		const sheet = await sheetOf("wu-qinghua"); // 人社
		const numbers: string[] = [];
		for (let i = 2; i <= sheet.rowCount; i++)
			numbers.push(String(sheet.getRow(i).getCell(1).value));
		expect(numbers).toEqual(["2026-900005", "2026-900006"]);
	});

	it("reconciles the month: new, closed off, reopened, still open and overdue", async () => {
		const body = (await get("luo-xiaodong", "/console/ledger?month=2026-03"))
			.body;
		const section = (id: string) =>
			[
				...(
					new RegExp(`<table id="${id}">(.*?)</table>`, "s").exec(body)?.[1] ??
					""
				).matchAll(/>(2026-9\d{5})</g),
			].map((m) => m[1]);
		// Registered 1–20 March (now is 20 March noon): all but 900000 (February); 900007 on the 21st.
		expect(section("ledger-opened")).toEqual([
			"2026-900001",
			"2026-900004",
			"2026-900002",
			"2026-900005",
			"2026-900006",
			"2026-900003",
			"2026-900009",
			"2026-900008",
			"2026-900010",
		]);
		// Reached done by 20 March, in event order: 900000 (2 Mar), 900004 (3 Mar), 900001 (4 Mar), 900002 (10 Mar), 900006 (12 Mar).
		expect(section("ledger-closed-off")).toEqual([
			"2026-900000",
			"2026-900004",
			"2026-900001",
			"2026-900002",
			"2026-900006",
		]);
		expect(section("ledger-reopened")).toEqual(["2026-900005"]); // rated 2 on 13 March
		// 900003 due 13 March, still accepted. 900005 is reopened with its old deadline of 12 March.
		expect(section("ledger-overdue")).toEqual(["2026-900005", "2026-900003"]);
		const official = (await get("wu-qinghua", "/console/ledger?month=2026-03"))
			.body;
		expect(official).not.toContain("2026-900003");
		expect(official).toContain("2026-900005");
	});
});
