/** Reasons and notes, the enterprise's verdict, and the review of refusals. */
import { describe, expect, it } from "vitest";
import { refusalText } from "../../../bot/texts/lifecycle.ts";
import type { Command } from "../../../workflows/lifecycle/commands.ts";
import {
	after,
	calendar,
	code,
	expectOk,
	issueIn,
	NEW_DEPT,
	NOW,
	PENDING_EXTENSION,
	PEOPLE,
	run,
	VALID,
} from "../../support/lifecycle-fixtures.ts";

const blank = "   ";

describe("reasons and notes are required where the record needs them", () => {
	const cases: Array<[Command, string, "missing_reason" | "missing_note"]> = [
		[{ type: "progress", note: blank }, "accepted", "missing_note"],
		[{ type: "request_info", question: "" }, "accepted", "missing_note"],
		[{ type: "supply_info", text: blank }, "awaiting_info", "missing_note"],
		[
			{ type: "transfer", departmentId: NEW_DEPT, reason: "" },
			"accepted",
			"missing_reason",
		],
		[{ type: "return", reason: blank }, "dispatched", "missing_reason"],
		[
			{ type: "request_extension", workingDays: 2, reason: "" },
			"accepted",
			"missing_reason",
		],
		[{ type: "raise_tier", reason: "" }, "accepted", "missing_reason"],
		[{ type: "resolve", note: blank }, "accepted", "missing_note"],
		[{ type: "reopen", reason: "" }, "resolved", "missing_reason"],
		[{ type: "refuse", reason: "" }, "accepted", "missing_reason"],
		[{ type: "close", reason: "" }, "accepted", "missing_reason"],
		[
			{ type: "decide_review", outcome: "should_do", note: "", workingDays: 5 },
			"under_review",
			"missing_note",
		],
	];
	for (const [command, state, expected] of cases) {
		it(`${command.type} without one is refused as ${expected}`, () => {
			const issue = issueIn(state as never);
			expect(code(run(issue, command))).toBe(expected);
		});
	}

	it("deny_extension needs a reason", () => {
		const issue = issueIn("accepted", { pendingExtension: PENDING_EXTENSION });
		expect(code(run(issue, { type: "deny_extension", reason: "" }))).toBe(
			"missing_reason",
		);
	});

	it("a refusal that stands needs the alternative service offered", () => {
		const result = run(issueIn("under_review"), {
			type: "decide_review",
			outcome: "refusal_stands",
			note: "确属政策限制",
		});
		expect(code(result)).toBe("missing_alternative");
	});

	it("withdrawing needs no reason", () => {
		expect(
			code(
				run(issueIn("accepted"), { type: "withdraw" }, PEOPLE.enterpriseMember),
			),
		).toBe("ok");
	});

	it("the message says what to write", () => {
		const result = run(issueIn("accepted"), {
			type: "transfer",
			departmentId: NEW_DEPT,
			reason: "",
		});
		if (result.ok) throw new Error("transferred without a reason");
		expect(refusalText("zh-CN", result.refusal)).toBe(
			"请写明理由后再转办此问题",
		);
		expect(refusalText("en", result.refusal)).toBe(
			"Please give a reason to transfer this issue.",
		);
	});
});

describe("the enterprise's verdict", () => {
	it("confirming a resolved issue makes it done (办成)", () => {
		const result = expectOk(
			run(issueIn("resolved"), VALID.confirm, PEOPLE.enterpriseMember),
		);
		expect(result.patch).toMatchObject({ state: "done", closedAt: NOW });
	});

	it("a good rating of a resolved issue confirms it and records the rating", () => {
		const result = expectOk(
			run(
				issueIn("resolved"),
				{ type: "rate", plan: 4, process: 4, result: 3 },
				PEOPLE.enterpriseMember,
			),
		);
		expect(result.patch.state).toBe("done");
		expect(result.effects).toContainEqual({
			type: "record_rating",
			plan: 4,
			process: 4,
			result: 3,
			comment: null,
		});
	});

	it("a result rating of 2 or less reopens the issue one tier higher (不满意)", () => {
		const result = expectOk(
			run(
				issueIn("resolved"),
				{ type: "rate", plan: 3, process: 3, result: 2, comment: "还是停电" },
				PEOPLE.enterpriseMember,
			),
		);
		expect(result.patch).toMatchObject({
			state: "reopened",
			tier: "office",
			reopenCount: 1,
			resolvedAt: null,
		});
		expect(result.effects).toContainEqual({
			type: "record_rating",
			plan: 3,
			process: 3,
			result: 2,
			comment: "还是停电",
		});
		expect(result.event.payload).toMatchObject({ reopened: true, result: 2 });
	});

	it("rating a done issue well keeps it done", () => {
		const result = expectOk(
			run(issueIn("done"), VALID.rate, PEOPLE.enterpriseMember),
		);
		expect(result.patch.state).toBeUndefined();
		expect(result.patch.wakeGeneration).toBeUndefined();
	});

	it("ratings must be whole numbers from 1 to 5", () => {
		for (const bad of [0, 6, 2.5])
			expect(
				code(
					run(issueIn("resolved"), {
						type: "rate",
						plan: 5,
						process: bad,
						result: 5,
					}),
				),
			).toBe("invalid_rating");
	});

	it("reopening raises the tier but never beyond the province, with a fresh acceptance window", () => {
		const result = expectOk(
			run(
				issueIn("done", { tier: "province" }),
				VALID.reopen,
				PEOPLE.enterpriseMember,
			),
		);
		expect(result.patch).toMatchObject({
			state: "reopened",
			tier: "province",
			closedAt: null,
			acceptDueAt: calendar.addWorkingHours(NOW, 4),
			wakeGeneration: 8,
		});
	});
});

describe("the review of a refusal (说不评议) ends one of three ways", () => {
	const refusedIssue = after(
		issueIn("accepted"),
		run(issueIn("accepted"), VALID.refuse, PEOPLE.leadOfficial),
	);

	it("a refusal goes to review and tells the office and supervisors", () => {
		expect(refusedIssue.state).toBe("under_review");
		const result = expectOk(
			run(issueIn("accepted"), VALID.refuse, PEOPLE.leadOfficial),
		);
		expect(result.effects).toContainEqual({
			type: "notify",
			audience: "supervisors",
			what: "refused",
		});
	});

	it("refusal stands: closed, with the alternative service on record", () => {
		const result = expectOk(
			run(
				refusedIssue,
				{
					type: "decide_review",
					outcome: "refusal_stands",
					note: "确属政策限制",
					alternative: "协调园区临时用电",
				},
				PEOPLE.supervisor,
			),
		);
		expect(result.patch).toMatchObject({ state: "closed", closedAt: NOW });
		expect(result.event.payload).toMatchObject({
			outcome: "refusal_stands",
			alternative: "协调园区临时用电",
		});
	});

	it("should do: back to the department with a new deadline", () => {
		const result = expectOk(
			run(refusedIssue, VALID.decide_review, PEOPLE.officeStaff),
		);
		expect(result.patch).toMatchObject({
			state: "accepted",
			dueAt: calendar.addWorkingDays(NOW, 10),
		});
		expect(result.event.payload).toMatchObject({
			outcome: "should_do",
			reportedToSupervision: false,
		});
		expect(result.effects).not.toContainEqual({
			type: "notify",
			audience: "supervisors",
			what: "review_decided",
		});
	});

	it("can do: a new deadline, and the case is reported to supervision", () => {
		const result = expectOk(
			run(
				refusedIssue,
				{
					type: "decide_review",
					outcome: "can_do",
					note: "可以办",
					workingDays: 3,
				},
				PEOPLE.supervisor,
			),
		);
		expect(result.patch).toMatchObject({
			state: "accepted",
			dueAt: new Date("2026-03-05T09:30:00Z"),
		});
		expect(result.event.payload).toMatchObject({ reportedToSupervision: true });
		expect(result.effects).toContainEqual({
			type: "notify",
			audience: "supervisors",
			what: "review_decided",
		});
	});

	it("a new deadline needs a positive number of working days", () => {
		expect(
			code(
				run(refusedIssue, {
					type: "decide_review",
					outcome: "can_do",
					note: "可以办",
				}),
			),
		).toBe("invalid_working_days");
	});
});
