/**
 * An issue whose deadline was extended stays on the board until it is closed, even before its new
 * deadline: the extension is the department's public commitment. The board reads that from the
 * issue (extended_at, set when the extension_approved event is written), not from the events.
 */

import { expect, it } from "vitest";
import { overdueBoard } from "../../../workflows/reports/overdue-board.ts";
import { overdueBoardCount } from "../../../workflows/reports/overdue-board-page.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	at,
	type IssueSpec,
	importDemoDirectory,
	seedIssues,
} from "../../support/reports-fixture.ts";

const accepted = (number: string, extended: boolean): IssueSpec => ({
	number,
	title: `园区道路破损 ${number}`,
	enterprise: "xinyuan-machinery",
	department: "transport",
	created: "03-02 09:00",
	state: "accepted",
	due: "03-20 17:30",
	events: [
		["dispatched", "03-02 09:00", "dispatched", {}],
		[
			"accepted",
			"03-02 10:00",
			"accepted",
			{ dueAt: at("03-10 17:30").toISOString() },
		],
		...(extended
			? ([
					[
						"extension_approved",
						"03-09 12:00",
						null,
						{
							workingDays: 7,
							dueAt: at("03-20 17:30").toISOString(),
							note: null,
						},
					],
				] as IssueSpec["events"])
			: []),
	],
});

describeEachDriver("extended issues on the board", (database) => {
	it("lists and counts an extended issue before its new deadline, and not one in time", async () => {
		const { db } = database();
		await importDemoDirectory(db);
		await seedIssues(db, [
			accepted("2026-920001", true),
			accepted("2026-920002", false),
		]);
		const now = at("03-12 10:00");
		const board = await overdueBoard(db, now);
		expect(board.map((row) => [row.number, row.extended])).toEqual([
			["2026-920001", true],
		]);
		expect(await overdueBoardCount(db, now)).toBe(1);
	});
});
