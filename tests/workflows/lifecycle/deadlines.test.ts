/** Deadlines on dispatch and acceptance, extensions, tiers, and the timer fence. */
import { describe, expect, it } from "vitest";
import { refusalText } from "../../../bot/texts/lifecycle.ts";
import { DEFAULT_DEADLINE_POLICY } from "../../../workflows/deadlines/policy-schema.ts";
import { transition } from "../../../workflows/lifecycle/transition.ts";
import {
	after,
	calendar,
	code,
	expectOk,
	issueIn,
	LEAD,
	NEW_DEPT,
	NOW,
	PENDING_EXTENSION,
	PEOPLE,
	POLICY,
	run,
	VALID,
} from "../../support/lifecycle-fixtures.ts";

describe("dispatch and acceptance set the deadlines from the issue's policy", () => {
	it("dispatch opens the acceptance window in office hours; an acceptance clock waits", () => {
		const result = expectOk(
			run(issueIn("awaiting_dispatch"), VALID.dispatch, PEOPLE.officeStaff),
		);
		expect(result.patch).toMatchObject({
			leadDepartmentId: NEW_DEPT,
			dispatchedAt: NOW,
			acceptDueAt: new Date("2026-03-02T07:30:00Z"), // 10:00 + 4 office hours, lunch skipped: 15:30
			clockStartedAt: null,
			dueAt: null,
			wakeGeneration: 8,
		});
		expect(result.effects).toContainEqual({ type: "replan_timers" });
	});

	it("with a dispatch clock, the time limit starts at dispatch", () => {
		const issue = issueIn("awaiting_dispatch", {
			policy: { ...POLICY, clockStartsAt: "dispatch" },
		});
		const result = expectOk(run(issue, VALID.dispatch, PEOPLE.officeStaff));
		expect(result.patch.clockStartedAt).toEqual(NOW);
		expect(result.patch.dueAt).toEqual(calendar.addWorkingDays(NOW, 5));
	});

	it("accepting starts an acceptance clock: due in 5 working days", () => {
		const issue = issueIn("dispatched", {
			clockStartedAt: null,
			dueAt: null,
			acceptedAt: null,
		});
		const result = expectOk(run(issue, VALID.accept, PEOPLE.leadOfficial));
		expect(result.patch).toMatchObject({
			state: "accepted",
			acceptedAt: NOW,
			clockStartedAt: NOW,
			dueAt: new Date("2026-03-09T09:30:00Z"), // Monday + 5 working days, 17:30
			colour: "green",
			wakeGeneration: 8,
		});
		expect(result.effects).toContainEqual({
			type: "notify",
			audience: "enterprise",
			what: "accepted",
		});
	});

	it("accepting under a dispatch clock keeps the deadline set at dispatch", () => {
		const issue = issueIn("dispatched", {
			policy: { ...POLICY, clockStartsAt: "dispatch" },
		});
		const result = expectOk(run(issue, VALID.accept, PEOPLE.leadOfficial));
		expect(result.patch.dueAt).toBeUndefined();
	});

	it("re-dispatching with a new urgency re-plans the policy snapshot when the directory policy is given", () => {
		const result = expectOk(
			transition(
				issueIn("dispatched"),
				{ type: "dispatch", departmentId: LEAD, urgency: "urgent" },
				PEOPLE.officeStaff,
				NOW,
				{ calendar, deadlinePolicy: DEFAULT_DEADLINE_POLICY },
			),
		);
		expect(result.patch.policy).toEqual({
			clockStartsAt: "acceptance",
			limit: { acceptWorkingHours: 1, resolveWorkingDays: 1 },
		});
		expect(result.patch.acceptDueAt).toEqual(new Date("2026-03-02T03:00:00Z"));
		expect(result.event.kind).toBe("redispatched");
	});
});

describe("notes bump the version but leave the timers alone", () => {
	it("progress", () => {
		const result = expectOk(
			run(issueIn("accepted"), VALID.progress, PEOPLE.coOfficial),
		);
		expect(result.patch).toEqual({ version: 4 });
		expect(result.effects).not.toContainEqual({ type: "replan_timers" });
		expect(result.event).toEqual({
			kind: "progress",
			payload: { note: "已联系供电所现场勘查" },
		});
	});

	it("supplying information answers a request and puts the issue back in hand", () => {
		const asked = after(
			issueIn("accepted"),
			run(issueIn("accepted"), VALID.request_info, PEOPLE.leadOfficial),
		);
		expect(asked.state).toBe("awaiting_info");
		const answered = expectOk(
			run(asked, VALID.supply_info, PEOPLE.enterpriseMember),
		);
		expect(answered.patch.state).toBe("accepted");
		expect(answered.effects).toContainEqual({
			type: "notify",
			audience: "lead_department",
			what: "info_supplied",
		});
	});
});

describe("extensions (延期)", () => {
	it("one request may be pending at a time", () => {
		const requested = after(
			issueIn("accepted"),
			run(issueIn("accepted"), VALID.request_extension, PEOPLE.leadOfficial),
		);
		expect(requested.pendingExtension).toMatchObject({
			workingDays: 3,
			reason: "需等待线路改造",
			requestedBy: 100,
		});
		expect(requested.wakeGeneration).toBe(7);
		const again = run(requested, VALID.request_extension, PEOPLE.leadOfficial);
		expect(code(again)).toBe("extension_pending");
		if (!again.ok)
			expect(refusalText("zh-CN", again.refusal)).toContain("3 个工作日");
	});

	it("a request needs a positive whole number of working days", () => {
		for (const workingDays of [0, -1, 1.5])
			expect(
				code(
					run(issueIn("accepted"), { ...VALID.request_extension, workingDays }),
				),
			).toBe("invalid_working_days");
	});

	it("approval or denial needs a pending request", () => {
		expect(
			code(run(issueIn("accepted"), VALID.approve_extension, PEOPLE.leader)),
		).toBe("no_extension_pending");
		expect(
			code(run(issueIn("accepted"), VALID.deny_extension, PEOPLE.leader)),
		).toBe("no_extension_pending");
	});

	it("approval moves the deadline by working days, skipping the May Day holiday", () => {
		// Due Thursday 30 April 2026, 17:30; 1–5 May are the Labour Day holiday.
		const issue = issueIn("accepted", {
			dueAt: new Date("2026-04-30T09:30:00Z"),
			pendingExtension: PENDING_EXTENSION,
		});
		const result = expectOk(
			run(
				issue,
				VALID.approve_extension,
				PEOPLE.leader,
				new Date("2026-04-29T02:00:00Z"),
			),
		);
		expect(result.patch).toMatchObject({
			dueAt: new Date("2026-05-08T09:30:00Z"), // 6, 7, 8 May
			pendingExtension: null,
			wakeGeneration: 8,
		});
		expect(result.effects).toContainEqual({ type: "replan_timers" });
	});

	it("denial clears the request and keeps the deadline", () => {
		const issue = issueIn("accepted", { pendingExtension: PENDING_EXTENSION });
		const result = expectOk(
			run(issue, VALID.deny_extension, PEOPLE.officeStaff),
		);
		expect(result.patch).toEqual({ pendingExtension: null, version: 4 });
	});

	it("a pending request is dropped when the issue is resolved", () => {
		const issue = issueIn("accepted", { pendingExtension: PENDING_EXTENSION });
		const result = expectOk(run(issue, VALID.resolve, PEOPLE.leadOfficial));
		expect(result.patch.pendingExtension).toBeNull();
	});
});

describe("tiers (分层办理)", () => {
	it("rise department → office → joint meeting → province, and no further", () => {
		let issue = issueIn("accepted");
		const seen: string[] = [];
		for (let i = 0; i < 3; i++) {
			issue = after(issue, run(issue, VALID.raise_tier, PEOPLE.supervisor));
			seen.push(issue.tier);
		}
		expect(seen).toEqual(["office", "joint_meeting", "province"]);
		expect(issue.wakeGeneration).toBe(10);
		const top = run(issue, VALID.raise_tier, PEOPLE.supervisor);
		expect(code(top)).toBe("top_tier");
		if (!top.ok)
			expect(refusalText("zh-CN", top.refusal)).toBe(
				"#2026-000012 已在最高层级（省级），不能再提级",
			);
	});
});
