/** Who handles the issue: transfers, passing the buck, returns, co-handlers. */
import { describe, expect, it } from "vitest";
import {
	after,
	CO,
	calendar,
	code,
	expectOk,
	issueIn,
	LEAD,
	NEW_DEPT,
	NOW,
	PEOPLE,
	run,
	VALID,
} from "../../support/lifecycle-fixtures.ts";

describe("transfers (转办) and passing the buck (说不评议)", () => {
	it("the first transfer hands the issue to the new department with a fresh acceptance window", () => {
		const result = expectOk(
			run(issueIn("accepted"), VALID.transfer, PEOPLE.leadOfficial),
		);
		expect(result.patch).toMatchObject({
			state: "dispatched",
			leadDepartmentId: NEW_DEPT,
			transferCount: 1,
			acceptedAt: null,
			dueAt: null,
			acceptDueAt: calendar.addWorkingHours(NOW, 4),
			wakeGeneration: 8,
		});
		expect(result.event.payload).toMatchObject({
			fromDepartmentId: LEAD,
			departmentId: NEW_DEPT,
		});
	});

	it("a department's second transfer goes to review instead, and the issue stays with it", () => {
		const once = after(
			issueIn("accepted"),
			run(issueIn("accepted"), VALID.transfer, PEOPLE.leadOfficial),
		);
		const newLead = { ...PEOPLE.leadOfficial, departmentId: NEW_DEPT };
		const second = expectOk(
			run(
				once,
				{ type: "transfer", departmentId: LEAD, reason: "不属本单位" },
				newLead,
			),
		);
		expect(second.patch.state).toBe("under_review");
		expect(second.patch.leadDepartmentId).toBeUndefined();
		expect(second.event.kind).toBe("transfer_sent_to_review");
		expect(second.effects).toContainEqual({
			type: "notify",
			audience: "supervisors",
			what: "transfer_sent_to_review",
		});
	});

	it("the policy's threshold decides which transfer is passing the buck (passingTheBuck.transfers)", () => {
		const policy = (transfers: number) => ({
			...(issueIn("accepted").policy as Record<string, unknown>),
			escalation: { passingTheBuck: { transfers } },
		});
		const newLead = { ...PEOPLE.leadOfficial, departmentId: NEW_DEPT };
		const second = (transfers: number) =>
			expectOk(
				run(
					issueIn("accepted", {
						leadDepartmentId: NEW_DEPT,
						transferCount: 1,
						policy: policy(transfers),
					}),
					{ type: "transfer", departmentId: LEAD, reason: "不属本单位" },
					newLead,
				),
			);
		expect(second(3).patch.state).toBe("dispatched");
		expect(second(2).patch.state).toBe("under_review");
		const first = expectOk(
			run(
				issueIn("accepted", { policy: policy(1) }),
				VALID.transfer,
				PEOPLE.leadOfficial,
			),
		);
		expect(first.event.kind).toBe("transfer_sent_to_review");
	});

	it("refusing a 退单 (驳回退单) gives the issue back to the department that returned it, into review", () => {
		const result = expectOk(
			run(
				issueIn("awaiting_dispatch", { returnedByDepartmentId: LEAD }),
				VALID.refuse_return,
				PEOPLE.officeStaff,
			),
		);
		expect(result.patch).toMatchObject({
			state: "under_review",
			leadDepartmentId: LEAD,
		});
		expect(result.event.kind).toBe("return_refused");
		expect(
			code(
				run(
					issueIn("awaiting_dispatch"),
					VALID.refuse_return,
					PEOPLE.officeStaff,
				),
			),
		).toBe("nothing_returned");
		expect(
			code(
				run(
					issueIn("awaiting_dispatch", { returnedByDepartmentId: LEAD }),
					VALID.refuse_return,
					PEOPLE.leadOfficial,
				),
			),
		).toBe("not_permitted");
	});

	it("the service office may transfer again: it is the dispatcher, not passing the buck", () => {
		const issue = issueIn("accepted", { transferCount: 1 });
		const result = expectOk(run(issue, VALID.transfer, PEOPLE.officeStaff));
		expect(result.patch).toMatchObject({
			state: "dispatched",
			leadDepartmentId: NEW_DEPT,
			transferCount: 2,
		});
	});

	it("transferring to the department that already leads is refused", () => {
		expect(
			code(run(issueIn("accepted"), { ...VALID.transfer, departmentId: LEAD })),
		).toBe("same_department");
	});

	it("transferring to a co-handler makes it the lead and drops it from the co-handlers", () => {
		const result = expectOk(
			run(issueIn("accepted"), { ...VALID.transfer, departmentId: CO }),
		);
		expect(result.effects).toContainEqual({
			type: "set_co_handlers",
			departmentIds: [],
		});
	});

	it("returning (退单) sends the issue back to the office without a lead department", () => {
		const result = expectOk(
			run(issueIn("dispatched"), VALID.return, PEOPLE.leadOfficial),
		);
		expect(result.patch).toMatchObject({
			state: "awaiting_dispatch",
			leadDepartmentId: null,
			acceptDueAt: null,
		});
		expect(result.effects).toContainEqual({
			type: "notify",
			audience: "office",
			what: "returned",
		});
	});
});

describe("co-handlers", () => {
	it("are added and removed as a full set", () => {
		const added = expectOk(run(issueIn("accepted"), VALID.add_co_handler));
		expect(added.effects).toContainEqual({
			type: "set_co_handlers",
			departmentIds: [CO, NEW_DEPT],
		});
		const removed = expectOk(run(issueIn("accepted"), VALID.remove_co_handler));
		expect(removed.effects).toContainEqual({
			type: "set_co_handlers",
			departmentIds: [],
		});
	});

	it("refuse the lead department, a department already co-handling, and removing a stranger", () => {
		expect(
			code(
				run(issueIn("accepted"), {
					type: "add_co_handler",
					departmentId: LEAD,
				}),
			),
		).toBe("same_department");
		expect(
			code(
				run(issueIn("accepted"), { type: "add_co_handler", departmentId: CO }),
			),
		).toBe("already_co_handler");
		expect(
			code(
				run(issueIn("accepted"), {
					type: "remove_co_handler",
					departmentId: NEW_DEPT,
				}),
			),
		).toBe("not_a_co_handler");
	});
});
