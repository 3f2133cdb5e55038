/**
 * The briefing's Markdown export carries what people wrote (an enterprise's problem, its name, a
 * department's name) as text: it cannot add table cells, links, images or headings of its own.
 */
import { describe, expect, it } from "vitest";
import { briefingMarkdown } from "../../../../bot/web/console/briefing-render.ts";
import type { Briefing } from "../../../../workflows/reports/briefing.ts";
import type { OverdueRow } from "../../../../workflows/reports/overdue-board.ts";
import type { DepartmentRankingRow } from "../../../../workflows/reports/ranking.ts";

const numbers = {
	received: 3,
	resolved: 1,
	done: 1,
	autoConfirmed: 0,
	onTime: 1,
	doneLate: 0,
	overdue: 1,
	refusals: 0,
	reviews: { refusal_stands: 0, should_do: 0, can_do: 0 },
	extensions: 0,
	avgAcceptMs: null,
	ratings: 0,
	satisfied: 0,
	meanResult: null,
	resolveRate: 1 / 3,
	doneRate: 1 / 3,
	autoConfirmedRate: 0,
	doneLateRate: 0,
	onTimeRate: 1,
	overdueRate: 1 / 3,
	satisfaction: null,
};

function briefingWith(department: string, problem: string): Briefing {
	const row: DepartmentRankingRow = {
		...numbers,
		departmentId: 1,
		department,
		rank: 1,
		list: "red",
	};
	const late = {
		issueId: 1,
		number: "2026-000001",
		enterprise: "三明鑫元机械有限公司",
		problem,
		category: "用电",
		state: "accepted",
		leadDepartmentId: 1,
		leadDepartment: department,
		reason: null,
		commitment: null,
		dueAt: new Date("2026-11-20T09:00:00Z"),
		extended: false,
		departmentHead: null,
		districtLeader: null,
	} as unknown as OverdueRow;
	return {
		period: {
			kind: "month",
			label: "2026-11",
			from: new Date("2026-10-31T16:00:00Z"),
			to: new Date("2026-11-30T16:00:00Z"),
		},
		generatedAt: new Date("2026-12-01T01:00:00Z"),
		ranking: {
			from: new Date("2026-10-31T16:00:00Z"),
			to: new Date("2026-11-30T16:00:00Z"),
			totals: numbers,
			departments: [row],
			lists: { red: [row], yellow: [], black: [] },
			minReceived: 1,
		},
		late: { rows: [late], total: 1 },
		problems: [],
	};
}

describe("the briefing's Markdown", () => {
	it("keeps a problem's link, image and heading syntax as text", () => {
		const markdown = briefingMarkdown(
			"zh-CN",
			briefingWith(
				"供电公司",
				"停电 [点此领取补贴](http://evil.example/x) ![](http://evil.example/t.png)\n# 通知",
			),
		);
		expect(markdown).not.toContain("](http://evil.example/x)");
		expect(markdown).not.toContain("![](");
		expect(markdown).not.toMatch(/^# 通知/m);
		expect(markdown).toContain("点此领取补贴");
	});

	it("keeps a department's name in its own table cell", () => {
		const markdown = briefingMarkdown(
			"zh-CN",
			briefingWith("供电公司 | 99 | [x](http://evil.example)", "停电"),
		);
		const row = markdown.split("\n").find((line) => line.startsWith("| 1 |"));
		expect(row).toBeDefined();
		// Every pipe of the name is escaped: the row has as many cells as the header.
		const header = markdown.split("\n").find((line) => line.startsWith("| "));
		const cells = (line: string) => line.split(/(?<!\\)\|/).length;
		expect(cells(row ?? "")).toBe(cells(header ?? ""));
		expect(markdown).not.toContain("](http://evil.example)");
	});
});
