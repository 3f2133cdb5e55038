import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { listIssues } from "../../../bot/web/console/issue-list.ts";
import { loadIssuePage } from "../../../bot/web/console/issue-page.ts";
import { loadViewer } from "../../../bot/web/console/viewer.ts";
import { departments, people } from "../../../db/schema/directory.ts";
import { issueCoHandlers } from "../../../db/schema/issues.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	importDemoDirectory,
	MARCH,
	seedIssues,
} from "../../support/reports-fixture.ts";

describeEachDriver("console scopes", (database) => {
	const numbersFor = async (code: string) => {
		const { db } = database();
		const [person] = await db
			.select()
			.from(people)
			.where(eq(people.code, code));
		if (!person) throw new Error(`no ${code}`);
		const viewer = await loadViewer(db, person);
		return (await listIssues(db, viewer, {})).map((r) => r.number).sort();
	};

	it("shows each role its own issues", async () => {
		const { db } = database();
		await importDemoDirectory(db);
		const ids = await seedIssues(db, MARCH);
		// 财政局 co-handles 900006 (人社).
		const [financeBureau] = await db
			.select()
			.from(departments)
			.where(eq(departments.code, "finance-bureau"));
		await db.insert(issueCoHandlers).values({
			issueId: ids.get("2026-900006") ?? 0,
			departmentId: financeBureau?.id ?? 0,
		});

		expect(await numbersFor("wu-qinghua")).toEqual([
			"2026-900005",
			"2026-900006",
		]); // 人社 official
		expect(await numbersFor("luo-jian")).toEqual(["2026-900006"]); // 财政局 official, co-handling
		expect(await numbersFor("fu-jianguo")).toEqual(["2026-900007"]); // 水务
		// 林志强 leads power, water and others; 900003's department is power.
		expect(await numbersFor("lin-zhiqiang")).toEqual([
			"2026-900000",
			"2026-900001",
			"2026-900002",
			"2026-900003",
			"2026-900004",
			"2026-900007",
		]);
		// Office staff of the industry office: the issues of its enterprises (and those seeded without one).
		expect(await numbersFor("liu-jianping")).toEqual(
			expect.arrayContaining(["2026-900001", "2026-900005"]),
		);
		expect(await numbersFor("liu-jianping")).not.toContain("2026-900008"); // 万嘉商贸: services office
		expect(await numbersFor("luo-xiaodong")).toHaveLength(MARCH.length); // supervisor
	});

	it("does not open another department's issue", async () => {
		const { db } = database();
		const [official] = await db
			.select()
			.from(people)
			.where(eq(people.code, "wu-qinghua"));
		if (!official) throw new Error("no official");
		const viewer = await loadViewer(db, official);
		expect(await loadIssuePage(db, viewer, "2026-900001")).toBeNull();
		const own = await loadIssuePage(db, viewer, "2026-900006");
		expect(own?.timeline.map((e) => e.kind)).toEqual([
			"created",
			"dispatched",
			"refused",
			"review_decided",
			"resolved",
			"confirmed",
		]);
		expect(own?.ratingRows.map((r) => r.result)).toEqual([3]);
	});
});
