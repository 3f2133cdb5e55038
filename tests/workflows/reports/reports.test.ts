import { expect, it } from "vitest";
import { monthlyBriefing } from "../../../workflows/reports/briefing.ts";
import { overdueBoard } from "../../../workflows/reports/overdue-board.ts";
import {
	parsePeriod,
	previousMonth,
	previousWeek,
} from "../../../workflows/reports/period.ts";
import { departmentRanking } from "../../../workflows/reports/ranking.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	at,
	importDemoDirectory,
	MARCH,
	rankFromOneIssue,
	seedIssues,
} from "../../support/reports-fixture.ts";

const HOUR = 3_600_000;
const APRIL = new Date("2026-04-05T02:00:00Z");
const march = parsePeriod("2026-03");
if (!march) throw new Error("2026-03 is a period");

it("reads months and ISO weeks in Shanghai time", () => {
	expect(march.from.toISOString()).toBe("2026-02-28T16:00:00.000Z");
	expect(march.to.toISOString()).toBe("2026-03-31T16:00:00.000Z");
	const week = parsePeriod("2026-W10");
	expect(week?.from.toISOString()).toBe("2026-03-01T16:00:00.000Z"); // Monday 2 March, 00:00 +08
	expect(week?.to.toISOString()).toBe("2026-03-08T16:00:00.000Z");
	expect(parsePeriod("2025-W53")).toBeNull(); // 2025 has 52 ISO weeks
	expect(parsePeriod("2026-W53")?.label).toBe("2026-W53");
	expect(parsePeriod("2020-W53")?.label).toBe("2020-W53");
	expect(parsePeriod("2026-13")).toBeNull();
	// 1 April 09:00 in Shanghai reports on March; Monday 9 March reports on week 10.
	expect(previousMonth(new Date("2026-04-01T01:00:00Z")).label).toBe("2026-03");
	expect(previousMonth(new Date("2026-01-01T01:00:00Z")).label).toBe("2025-12");
	expect(previousWeek(new Date("2026-03-09T01:00:00Z")).label).toBe("2026-W10");
	expect(previousWeek(new Date("2026-01-05T01:00:00Z")).label).toBe("2026-W01");
});

describeEachDriver("reports", (database) => {
	it("ranks the departments on the month's issues, counted by hand from the audit log", async () => {
		const { db } = database();
		await importDemoDirectory(db);
		await seedIssues(db, MARCH);
		await rankFromOneIssue(db);
		const ranking = await departmentRanking(db, {
			from: march.from,
			to: march.to,
			now: APRIL,
		});
		const row = (name: string) => {
			const found = ranking.departments.find((d) =>
				d.department.includes(name),
			);
			if (!found) throw new Error(`no row for ${name}`);
			return found;
		};

		// 供电: 900001–900004 (900000 came in February). 900003 is still open past 13 March.
		expect(row("供电")).toMatchObject({
			received: 4,
			resolved: 3,
			done: 3,
			onTime: 3,
			overdue: 1,
			refusals: 0,
			extensions: 1,
			avgAcceptMs: ((2 + 1 + 4 + 0.5) * HOUR) / 4,
			ratings: 2,
			satisfied: 2,
			meanResult: 4.5,
			resolveRate: 0.75,
			doneRate: 0.75,
			onTimeRate: 1,
			overdueRate: 0.25,
			satisfaction: 1,
			rank: 2,
			list: "yellow",
		});
		// 人社: 900005 resolved a day late and rated 2 (reopened); 900006 refused, found doable, done.
		expect(row("人力资源")).toMatchObject({
			received: 2,
			resolved: 2,
			done: 1,
			onTime: 1,
			overdue: 1,
			refusals: 1,
			reviews: { refusal_stands: 0, should_do: 0, can_do: 1 },
			avgAcceptMs: 0.5 * HOUR,
			ratings: 2,
			satisfied: 0,
			meanResult: 2.5,
			doneRate: 0.5,
			overdueRate: 0.5,
			satisfaction: 0,
			rank: 3,
			list: "black",
		});
		expect(row("水务")).toMatchObject({
			received: 1,
			done: 1,
			overdue: 0,
			avgAcceptMs: HOUR,
			satisfaction: 1,
			rank: 1,
			list: "red",
		});
		// 交通: the refusal stood; no deadline ever ran, so nothing is overdue.
		expect(row("交通")).toMatchObject({
			received: 1,
			resolved: 0,
			overdue: 0,
			refusals: 1,
			reviews: { refusal_stands: 1, should_do: 0, can_do: 0 },
			avgAcceptMs: null,
			satisfaction: null,
			rank: 4,
			list: null,
		});
		expect(row("教育局")).toMatchObject({
			received: 0,
			rank: null,
			list: null,
		});

		// All nine March issues, the undispatched one too.
		expect(ranking.totals).toMatchObject({
			received: 9,
			resolved: 6,
			done: 5,
			onTime: 5,
			overdue: 2,
			refusals: 2,
			reviews: { refusal_stands: 1, should_do: 0, can_do: 1 },
			extensions: 1,
			avgAcceptMs: 1.5 * HOUR,
			ratings: 5,
			satisfied: 3,
			meanResult: 3.8,
		});
		expect(ranking.lists.red.map((r) => r.department)).toEqual([
			"三元区水务有限公司",
		]);
		expect(ranking.lists.yellow.map((r) => r.department)).toEqual([
			"国网三明市三元区供电公司",
		]);
		expect(ranking.lists.black.map((r) => r.department)).toEqual([
			"三元区人力资源和社会保障局",
		]);
	});

	it("counts only what had happened by `now` in the running month", async () => {
		const { db } = database();
		const ranking = await departmentRanking(db, {
			from: march.from,
			to: march.to,
			now: at("03-12 12:00"),
		});
		// By noon on 12 March: 900007–900009 had not come in; 900003 and 900005 were not late yet;
		// 900001, 900002, 900004 and 900006 were resolved and confirmed.
		expect(ranking.totals).toMatchObject({
			received: 6,
			overdue: 0,
			resolved: 4,
			done: 4,
		});
	});

	it("lists the open issues past their deadline with the department's reason, commitment and leaders", async () => {
		const { db } = database();
		const rows = await overdueBoard(db, at("03-20 12:00"));
		expect(rows).toEqual([
			expect.objectContaining({
				number: "2026-900003",
				enterprise: "三明天润纺织有限公司",
				problem: "园区线路老化跳闸",
				leadDepartment: "国网三明市三元区供电公司",
				reason: "施工受阻，需协调用地",
				commitment: "已协调施工队，3月25日前完成",
				dueAt: at("03-13 17:30"),
				extended: false,
				departmentHead: "施磊",
				districtLeader: "林志强",
			}),
		]);
	});

	it("makes the briefing from the same numbers as the ranking", async () => {
		const { db } = database();
		const briefing = await monthlyBriefing(db, "2026-03", { now: APRIL });
		const ranking = await departmentRanking(db, {
			from: march.from,
			to: march.to,
			now: APRIL,
		});
		expect(briefing.ranking).toEqual(ranking);
		expect(briefing.late.rows.map((r) => r.number)).toEqual(["2026-900003"]);
		expect(briefing.late.total).toBe(1);
	});
});
