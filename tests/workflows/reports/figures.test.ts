/**
 * The honest figures (docs/figures.md) against a quarter worked out by hand: 27 issues in Q2 2026,
 * each with the audit events a real run leaves. Every expected number below is a literal with its
 * arithmetic in a comment.
 */
import { expect, it } from "vitest";
import { monthlyBriefing } from "../../../workflows/reports/briefing.ts";
import { topProblems } from "../../../workflows/reports/frequent-problems.ts";
import {
	parsePeriod,
	previousQuarter,
} from "../../../workflows/reports/period.ts";
import { departmentRanking } from "../../../workflows/reports/ranking.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	at,
	type IssueSpec,
	importDemoDirectory,
	rankFromOneIssue,
	seedIssues,
} from "../../support/reports-fixture.ts";

const HOUR = 3_600_000;
const JULY = at("07-05 10:00");
const q2 = parsePeriod("2026-Q2");
if (!q2) throw new Error("2026-Q2 is a period");

/** "04-03" plus `days` (all fixture days are in April or May and stay inside their month). */
const plus = (day: string, days: number) =>
	`${day.slice(0, 3)}${String(Number(day.slice(3)) + days).padStart(2, "0")}`;

/**
 * Dispatched at 09:00, accepted at 10:00 with two days to go, resolved the next day at 10:00 (on
 * time), then `ending` at noon: the enterprise's confirmation unless told otherwise.
 */
function onTime(
	number: string,
	department: string,
	enterprise: string,
	category: string,
	day: string,
	options: { rating?: number; ending?: "confirmed" | "auto_confirmed" } = {},
): IssueSpec {
	const due = at(`${plus(day, 2)} 17:30`).toISOString();
	const ending = options.ending ?? "confirmed";
	return {
		number,
		title: `${category}问题 ${number}`,
		enterprise,
		department,
		category,
		created: `${day} 09:00`,
		state: "done",
		events: [
			["dispatched", `${day} 09:00`, "dispatched", { dueAt: null }],
			["accepted", `${day} 10:00`, "accepted", { dueAt: due }],
			["resolved", `${plus(day, 1)} 10:00`, "resolved", { note: "已办" }],
			[ending, `${plus(day, 1)} 12:00`, "done"],
		],
		ratings:
			options.rating === undefined
				? []
				: [[options.rating, `${plus(day, 1)} 12:10`]],
	};
}

const QUARTER: IssueSpec[] = [
	// 水务 (water): four confirmed, one confirmed by the system after no answer.
	onTime("2026-800001", "water", "xinyuan-machinery", "water", "04-01", {
		rating: 5,
	}),
	onTime("2026-800002", "water", "xinyuan-machinery", "water", "04-06", {
		rating: 5,
	}),
	onTime("2026-800003", "water", "xinyuan-machinery", "water", "04-08", {
		rating: 4,
	}),
	onTime("2026-800004", "water", "lvyuan-materials", "water", "04-13", {
		rating: 5,
	}),
	onTime("2026-800005", "water", "lvyuan-materials", "water", "04-15", {
		ending: "auto_confirmed",
	}),
	// 教育 (education): five done on time, nobody rated them.
	onTime("2026-800011", "education", "yunshan-hotel", "schooling", "04-01"),
	onTime("2026-800012", "education", "yunshan-hotel", "schooling", "04-02"),
	onTime("2026-800013", "education", "yunshan-hotel", "schooling", "04-06"),
	onTime("2026-800014", "education", "yunshan-hotel", "schooling", "04-07"),
	onTime("2026-800015", "education", "yunshan-hotel", "schooling", "04-08"),
	// 市场监管 (market): five done on time, all rated 5.
	onTime("2026-800021", "market", "wanjia-trading", "approval", "04-01", {
		rating: 5,
	}),
	onTime("2026-800022", "market", "wanjia-trading", "approval", "04-02", {
		rating: 5,
	}),
	onTime("2026-800023", "market", "wanjia-trading", "approval", "04-06", {
		rating: 5,
	}),
	onTime("2026-800024", "market", "hongtu-construction", "approval", "04-07", {
		rating: 5,
	}),
	onTime("2026-800025", "market", "hongtu-construction", "approval", "04-08", {
		rating: 5,
	}),
	// 供电 (power): one resolved late, three on time, one still open past its deadline …
	{
		number: "2026-800031",
		title: "用电问题 2026-800031",
		enterprise: "tianrun-textile",
		department: "power",
		category: "power",
		created: "04-01 09:00",
		state: "done",
		events: [
			["dispatched", "04-01 09:00", "dispatched", { dueAt: null }],
			[
				"accepted",
				"04-01 11:00",
				"accepted",
				{ dueAt: at("04-03 17:30").toISOString() },
			],
			["resolved", "04-07 10:00", "resolved", { note: "已办" }],
			["confirmed", "04-07 12:00", "done"],
		],
		ratings: [[4, "04-07 12:10"]],
	},
	onTime("2026-800032", "power", "tianrun-textile", "power", "04-02", {
		rating: 5,
	}),
	onTime("2026-800033", "power", "tianrun-textile", "power", "04-06", {
		rating: 5,
	}),
	onTime("2026-800034", "power", "tianrun-textile", "power", "04-08", {
		rating: 5,
	}),
	{
		number: "2026-800035",
		title: "用电问题 2026-800035",
		enterprise: "tianrun-textile",
		department: "power",
		category: "power",
		created: "04-20 09:00",
		state: "accepted",
		due: "04-23 17:30",
		colour: "red",
		events: [
			["dispatched", "04-20 09:00", "dispatched", { dueAt: null }],
			[
				"accepted",
				"04-20 10:00",
				"accepted",
				{ dueAt: at("04-23 17:30").toISOString() },
			],
		],
	},
	// … and one passed on to it by 人社 after 48 hours; it held it 144 hours, to the confirmation.
	{
		number: "2026-800036",
		title: "用电问题 2026-800036",
		enterprise: "wanjia-trading",
		department: "power",
		category: "power",
		created: "04-10 09:00",
		state: "done",
		events: [
			[
				"dispatched",
				"04-10 09:00",
				"dispatched",
				{ departmentCode: "hrss", dueAt: null },
			],
			[
				"accepted",
				"04-10 10:00",
				"accepted",
				{ dueAt: at("04-14 17:30").toISOString() },
			],
			[
				"transferred",
				"04-12 09:00",
				"dispatched",
				{ departmentCode: "power", reason: "属供电职责", transferCount: 1 },
			],
			[
				"accepted",
				"04-12 10:00",
				"accepted",
				{ dueAt: at("04-17 17:30").toISOString() },
			],
			["resolved", "04-17 18:00", "resolved", { note: "已办" }],
			["confirmed", "04-18 09:00", "done"],
		],
	},
	// 人社 (hrss): a refusal the review sent back (should_do), then done and rated 3; four more done.
	{
		number: "2026-800041",
		title: "用工问题 2026-800041",
		enterprise: "tianrun-textile",
		department: "hrss",
		category: "labour",
		created: "04-21 09:00",
		state: "done",
		events: [
			["dispatched", "04-21 09:00", "dispatched", { dueAt: null }],
			["refused", "04-21 10:00", "under_review", { reason: "不属于本局职责" }],
			[
				"review_decided",
				"04-22 10:00",
				"accepted",
				{
					outcome: "should_do",
					note: "应办",
					workingDays: 2,
					dueAt: at("04-24 17:30").toISOString(),
				},
			],
			["resolved", "04-24 10:00", "resolved", { note: "已办" }],
			["confirmed", "04-24 12:00", "done"],
		],
		ratings: [[3, "04-24 12:10"]],
	},
	onTime("2026-800042", "hrss", "tianrun-textile", "labour", "04-01"),
	onTime("2026-800043", "hrss", "tianrun-textile", "labour", "04-02"),
	onTime("2026-800044", "hrss", "tianrun-textile", "labour", "04-06"),
	onTime("2026-800045", "hrss", "tianrun-textile", "labour", "04-07"),
	// 交通 (transport): one issue, open past its deadline.
	{
		number: "2026-800051",
		title: "交通问题 2026-800051",
		enterprise: "huarui-equipment",
		department: "transport",
		category: "transport",
		created: "05-04 09:00",
		state: "accepted",
		due: "05-06 17:30",
		events: [
			["dispatched", "05-04 09:00", "dispatched", { dueAt: null }],
			[
				"accepted",
				"05-04 10:00",
				"accepted",
				{ dueAt: at("05-06 17:30").toISOString() },
			],
		],
	},
];

it("reads quarters in Shanghai time", () => {
	expect(q2.from.toISOString()).toBe("2026-03-31T16:00:00.000Z");
	expect(q2.to.toISOString()).toBe("2026-06-30T16:00:00.000Z");
	expect(parsePeriod("2026-Q5")).toBeNull();
	expect(previousQuarter(new Date("2026-07-01T01:00:00Z")).label).toBe(
		"2026-Q2",
	);
	expect(previousQuarter(new Date("2026-01-01T01:00:00Z")).label).toBe(
		"2025-Q4",
	);
});

describeEachDriver("honest figures", (database) => {
	const rowOf = async (now = JULY) => {
		const ranking = await departmentRanking(database().db, {
			from: q2.from,
			to: q2.to,
			now,
		});
		const row = (code: string) => {
			const names: Record<string, string> = {
				water: "水务",
				education: "教育",
				market: "市场监督",
				power: "供电",
				hrss: "人力资源",
				transport: "交通",
			};
			const found = ranking.departments.find((d) =>
				d.department.includes(names[code] ?? code),
			);
			if (!found) throw new Error(`no row for ${code}`);
			return found;
		};
		return { ranking, row };
	};

	it("counts auto-confirmations apart from 办成, so they cannot make a department red", async () => {
		const { db } = database();
		await importDemoDirectory(db);
		await seedIssues(db, QUARTER);
		const { row } = await rowOf();
		expect(row("water")).toMatchObject({
			received: 5,
			resolved: 5,
			done: 4, // 800001–800004; 800005 was confirmed by the system
			autoConfirmed: 1,
			doneRate: 0.8, // 4 / 5
			autoConfirmedRate: 0.2, // 1 / 5
			doneLate: 0,
			overdue: 0,
			ratings: 4,
			satisfied: 4,
			meanResult: 4.75, // (5 + 5 + 4 + 5) / 4
			satisfaction: 1,
			// 0.8 < 0.9: not red. Counted as before (auto = done) it would have been 5 / 5 and red.
			list: null,
		});
	});

	it("shares a transferred issue by the time each department held it", async () => {
		const { row } = await rowOf();
		// 800036: 人社 held it 04-10 09:00 → 04-12 09:00 = 48 h; 供电 04-12 09:00 → 04-18 09:00 = 144 h.
		// Shares: 48 / 192 = 0.25 and 144 / 192 = 0.75. It was resolved at 18:00 on 04-17, after its
		// 17:30 deadline: done, late, overdue.
		const power = row("power");
		expect(power).toMatchObject({
			received: 5.75, // 800031–800035 + 0.75
			resolved: 4.75, // 800031–800034 + 0.75 (800035 still open)
			done: 4.75,
			autoConfirmed: 0,
			onTime: 3, // 800032–800034
			doneLate: 1.75, // 800031 (resolved 04-07, due 04-03) + 0.75
			overdue: 2.75, // 800031 + 0.75 + 800035 (open, due 04-23)
			ratings: 4, // 800031–800034
			satisfied: 4,
			meanResult: 4.75, // (4 + 5 + 5 + 5) / 4
			satisfaction: 1,
			refusals: 0,
			// Accepted after 2 h (800031), 1 h × 3 (800032–800034), 1 h (800035), 1 h (800036 after its transfer).
			avgAcceptMs: ((2 + 1 + 1 + 1 + 1 + 1) * HOUR) / 6,
			list: "black", // overdue 2.75 / 5.75 = 0.478 ≥ 0.3
		});
		expect(power.doneRate).toBeCloseTo(4.75 / 5.75, 12); // 19 / 23
		expect(power.doneLateRate).toBeCloseTo(1.75 / 5.75, 12); // 7 / 23
		expect(power.overdueRate).toBeCloseTo(2.75 / 5.75, 12); // 11 / 23

		const hrss = row("hrss");
		expect(hrss).toMatchObject({
			received: 5.25, // 800041–800045 + 0.25
			resolved: 5.25,
			done: 5.25,
			onTime: 5, // 800041 (due 04-24 17:30, resolved 10:00) and 800042–800045; 800036 was late
			doneLate: 0.25,
			overdue: 0.25,
			doneRate: 1,
			refusals: 1, // 800041 (its own act, not shared)
			reviews: { refusal_stands: 0, should_do: 1, can_do: 0 },
			ratings: 1,
			satisfied: 0, // rated 3
			satisfaction: 0,
			// 800036: accepted 1 h after it was dispatched to 人社; 800042–800045 1 h each; 800041 never accepted.
			avgAcceptMs: HOUR,
			list: "yellow", // satisfaction 0 < 0.8; overdue 0.25 / 5.25 = 0.048 < 0.1
		});
	});

	it("ranks only departments with at least five issues, and lists no one red without a rating", async () => {
		const { ranking, row } = await rowOf();
		expect(ranking.minReceived).toBe(5); // the demo directory sets none: the default
		expect(row("education")).toMatchObject({
			received: 5,
			done: 5,
			doneRate: 1,
			overdue: 0,
			ratings: 0,
			satisfaction: null,
			list: null, // would be red on its numbers, but no enterprise rated it
		});
		expect(row("market")).toMatchObject({
			doneRate: 1,
			satisfaction: 1,
			list: "red",
		});
		// 交通 has one issue, open and late: neither ranked nor on the black list.
		expect(row("transport")).toMatchObject({
			received: 1,
			overdue: 1,
			overdueRate: 1,
			rank: null,
			list: null,
		});
		// By 办成率, then fewer overdue, then satisfaction: 市场 (1, 0, 1), 教育 (1, 0, none),
		// 人社 (1, 0.048, 0), 供电 (19/23 = 0.826), 水务 (0.8).
		expect(
			ranking.departments
				.filter((d) => d.rank !== null)
				.map((d) => [d.rank, d.department]),
		).toEqual([
			[1, row("market").department],
			[2, row("education").department],
			[3, row("hrss").department],
			[4, row("power").department],
			[5, row("water").department],
		]);
		expect(ranking.lists.red.map((d) => d.department)).toEqual([
			row("market").department,
		]);
		expect(ranking.lists.yellow.map((d) => d.department)).toEqual([
			row("hrss").department,
		]);
		expect(ranking.lists.black.map((d) => d.department)).toEqual([
			row("power").department,
		]);
	});

	it("counts every issue once in the totals", async () => {
		const { ranking } = await rowOf();
		expect(ranking.totals).toMatchObject({
			received: 27, // 5 水务 + 5 教育 + 5 市场 + 6 供电 + 5 人社 + 1 交通
			resolved: 25, // all but 800035 and 800051
			done: 24, // 25 resolved − 800005 (auto-confirmed)
			autoConfirmed: 1,
			doneLate: 2, // 800031, 800036
			overdue: 4, // 800031, 800036, 800035, 800051
			refusals: 1,
			ratings: 14, // 4 水务 + 5 市场 + 4 供电 + 1 人社
			satisfied: 13, // all but 人社's 3
		});
		expect(ranking.totals.doneRate).toBeCloseTo(24 / 27, 12);
		expect(ranking.totals.autoConfirmedRate).toBeCloseTo(1 / 27, 12);
	});

	it("takes the minimum from the directory file's reports section", async () => {
		const { db } = database();
		await rankFromOneIssue(db); // reports: { minIssues: 1 }
		const { ranking, row } = await rowOf();
		expect(ranking.minReceived).toBe(1);
		expect(row("transport")).toMatchObject({ rank: 6, list: "black" }); // overdue 1 / 1
		await importDemoDirectory(db); // the file again: back to the default
		expect((await rowOf()).ranking.minReceived).toBe(5);
	});

	it("lists the most frequent problems by category and area", async () => {
		const briefing = await monthlyBriefing(database().db, "2026-Q2", {
			now: JULY,
		});
		expect(briefing.period.kind).toBe("quarter");
		expect(
			topProblems(briefing.problems).map((p) => [
				p.categoryCode,
				p.area,
				p.issues,
				p.open,
			]),
		).toEqual([
			// Five each, in category code order: labour < power < schooling.
			["labour", "莘口镇", 5, 0], // 800041–800045
			["power", "莘口镇", 5, 1], // 800031–800035; 800035 open
			["schooling", "城关街道", 5, 0],
			["approval", "列东街道", 3, 0], // 800021–800023
			["water", "荆西园区", 3, 0], // 800001–800003
			["approval", "富兴堡街道", 2, 0],
			["water", "岩前园区", 2, 0],
			["power", "列东街道", 1, 0], // 800036
			["transport", "洋溪镇", 1, 1],
		]);
		expect(topProblems(briefing.problems, { limit: 2 })).toHaveLength(2);
	});
});
