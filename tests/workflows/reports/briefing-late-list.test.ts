/**
 * The briefing's late issues (四、进展滞后问题): the longest late listed up to a limit, all of them
 * counted, and a line saying where the rest are; a department's briefing lists and counts its own.
 */
import { expect, it } from "vitest";
import {
	briefingHtml,
	briefingMarkdown,
} from "../../../bot/web/console/briefing-render.ts";
import { departments } from "../../../db/schema/directory.ts";
import { monthlyBriefing } from "../../../workflows/reports/briefing.ts";
import { overdueBoard } from "../../../workflows/reports/overdue-board.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	at,
	type IssueSpec,
	importDemoDirectory,
	MARCH,
	seedIssues,
} from "../../support/reports-fixture.ts";

const APRIL = new Date("2026-04-05T02:00:00Z");

/** Accepted in March with a deadline in March, never resolved: late on 5 April. */
const lateIssue = (
	number: string,
	department: string,
	due: string,
): IssueSpec => ({
	number,
	title: `迟迟未办 ${number}`,
	enterprise: "xinyuan-machinery",
	department,
	created: "03-02 09:00",
	state: "accepted",
	due,
	events: [
		["dispatched", "03-02 09:00", "dispatched", {}],
		["accepted", "03-02 10:00", "accepted", { dueAt: at(due).toISOString() }],
	],
});

describeEachDriver("the briefing's late issues", (database) => {
	it("lists the longest late up to the limit, counts them all, and says where the rest are", async () => {
		const { db } = database();
		await importDemoDirectory(db);
		await seedIssues(db, [
			...MARCH,
			lateIssue("2026-910001", "water", "03-20 17:30"),
			lateIssue("2026-910002", "water", "03-06 17:30"),
			lateIssue("2026-910003", "power", "03-25 17:30"),
		]);
		const board = await overdueBoard(db, APRIL);
		expect(board.length).toBe(4);

		const briefing = await monthlyBriefing(db, "2026-03", {
			now: APRIL,
			lateRows: 2,
		});
		expect(briefing.late.total).toBe(4);
		expect(briefing.late.rows.map((r) => r.number)).toEqual(
			board.slice(0, 2).map((r) => r.number),
		);
		expect(briefing.late.rows[0]?.number).toBe("2026-910002");
		const more =
			"共 4 件，以上为超期最久的 2 件；其余 2 件见督办看板和办理台账。";
		expect(briefingHtml("zh-CN", briefing, "/console")).toContain(more);
		expect(briefingMarkdown("zh-CN", briefing)).toContain(more);

		const whole = await monthlyBriefing(db, "2026-03", { now: APRIL });
		expect(whole.late.rows).toHaveLength(4);
		expect(briefingMarkdown("zh-CN", whole)).not.toContain("以上为超期最久");
	});

	it("gives a department its own late issues, listed and counted", async () => {
		const { db } = database();
		const [water] = (await db.select().from(departments)).filter(
			(d) => d.code === "water",
		);
		if (!water) throw new Error("the demo directory has a water department");
		const briefing = await monthlyBriefing(db, "2026-03", {
			now: APRIL,
			departmentId: water.id,
			lateRows: 1,
		});
		expect(briefing.late.total).toBe(2);
		expect(briefing.late.rows.map((r) => r.number)).toEqual(["2026-910002"]);
	});
});
