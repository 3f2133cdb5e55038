/** Who may run each command: every relation to the issue, allowed or refused. */
import { describe, expect, it } from "vitest";
import { refusalText } from "../../../bot/texts/lifecycle.ts";
import type { IssueState } from "../../../db/schema/issues.ts";
import { SYSTEM_ACTOR } from "../../../workflows/issues/load-actor.ts";
import {
	COMMAND_TYPES,
	type CommandType,
} from "../../../workflows/lifecycle/commands.ts";
import {
	issueIn,
	issueReadyFor,
	PEOPLE,
	type PersonaName,
	run,
	VALID,
} from "../../support/lifecycle-fixtures.ts";

/** A state each command can run from, and the people who may run it there. */
const EXPECTED: Record<
	CommandType,
	{ state: IssueState; allowed: PersonaName[] }
> = {
	dispatch: { state: "awaiting_dispatch", allowed: ["officeStaff", "admin"] },
	accept: { state: "dispatched", allowed: ["leadOfficial"] },
	progress: { state: "accepted", allowed: ["leadOfficial", "coOfficial"] },
	request_info: { state: "accepted", allowed: ["leadOfficial"] },
	supply_info: { state: "awaiting_info", allowed: ["enterpriseMember"] },
	transfer: {
		state: "accepted",
		allowed: ["leadOfficial", "officeStaff", "admin"],
	},
	return: { state: "dispatched", allowed: ["leadOfficial"] },
	refuse_return: {
		state: "awaiting_dispatch",
		allowed: ["officeStaff", "admin"],
	},
	add_co_handler: {
		state: "accepted",
		allowed: ["leadOfficial", "officeStaff", "admin"],
	},
	remove_co_handler: {
		state: "accepted",
		allowed: ["leadOfficial", "officeStaff", "admin"],
	},
	request_extension: { state: "accepted", allowed: ["leadOfficial"] },
	approve_extension: {
		state: "accepted",
		allowed: ["officeStaff", "admin", "leader"],
	},
	deny_extension: {
		state: "accepted",
		allowed: ["officeStaff", "admin", "leader"],
	},
	raise_tier: {
		state: "accepted",
		allowed: ["leadOfficial", "officeStaff", "admin", "leader", "supervisor"],
	},
	resolve: { state: "accepted", allowed: ["leadOfficial"] },
	confirm: { state: "resolved", allowed: ["enterpriseMember"] },
	rate: { state: "resolved", allowed: ["enterpriseMember"] },
	reopen: { state: "resolved", allowed: ["enterpriseMember"] },
	refuse: { state: "accepted", allowed: ["leadOfficial"] },
	decide_review: {
		state: "under_review",
		allowed: ["supervisor", "officeStaff", "admin"],
	},
	set_plan: {
		state: "accepted",
		allowed: ["leadOfficial", "officeStaff", "admin"],
	},
	complete_milestone: {
		state: "accepted",
		allowed: ["leadOfficial", "coOfficial", "officeStaff", "admin"],
	},
	rate_plan: { state: "accepted", allowed: ["enterpriseMember"] },
	withdraw: { state: "accepted", allowed: ["enterpriseMember"] },
	close: { state: "accepted", allowed: ["officeStaff", "admin"] },
};

const PERSONAS = Object.keys(PEOPLE) as PersonaName[];

describe("permissions: each relation to the issue, per command", () => {
	for (const type of COMMAND_TYPES) {
		const { state, allowed } = EXPECTED[type];
		for (const persona of PERSONAS) {
			const may = allowed.includes(persona);
			it(`${type}: ${persona} ${may ? "may" : "may not"}`, () => {
				const result = run(
					issueReadyFor(type, state),
					VALID[type],
					PEOPLE[persona],
				);
				if (may) {
					if (!result.ok) throw new Error(refusalText("en", result.refusal));
					return;
				}
				expect(result.ok).toBe(false);
				if (!result.ok) expect(result.refusal.code).toBe("not_permitted");
			});
		}
	}
});

describe("permission refusals name who can act", () => {
	it("accept: only the lead department's official", () => {
		const result = run(issueIn("dispatched"), VALID.accept, PEOPLE.coOfficial);
		if (result.ok) throw new Error("a co-handler accepted");
		expect(refusalText("zh-CN", result.refusal)).toBe(
			"只有牵头单位的经办人可以受理此问题",
		);
		expect(refusalText("en", result.refusal)).toBe(
			"Only an official of the lead department can accept this issue.",
		);
	});

	it("approve_extension lists every allowed relation", () => {
		const result = run(
			issueReadyFor("approve_extension", "accepted"),
			VALID.approve_extension,
			PEOPLE.leadOfficial,
		);
		if (result.ok)
			throw new Error("the requester approved their own extension");
		expect(refusalText("zh-CN", result.refusal)).toBe(
			"只有负责此问题的企业服务办公室工作人员、管理员或牵头单位的分管领导可以批准此问题的延期申请",
		);
	});
});

describe("special cases of who may act", () => {
	it("an issue without a service office can be dispatched by any office's staff (fallback desk)", () => {
		const issue = issueIn("awaiting_dispatch", { officeId: null });
		expect(run(issue, VALID.dispatch, PEOPLE.otherOfficeStaff).ok).toBe(true);
	});

	it("an issue without an enterprise (12345 hotline) cannot be confirmed by any enterprise member", () => {
		const issue = issueIn("resolved", { enterpriseId: null });
		const result = run(issue, VALID.confirm, PEOPLE.enterpriseMember);
		expect(result.ok ? "ok" : result.refusal.code).toBe("not_permitted");
	});

	it("the system can dispatch and close, but never accept on a department's behalf", () => {
		expect(
			run(issueIn("awaiting_dispatch"), VALID.dispatch, SYSTEM_ACTOR).ok,
		).toBe(true);
		expect(run(issueIn("accepted"), VALID.close, SYSTEM_ACTOR).ok).toBe(true);
		const accept = run(issueIn("dispatched"), VALID.accept, SYSTEM_ACTOR);
		expect(accept.ok ? "ok" : accept.refusal.code).toBe("not_permitted");
	});

	it("after a transfer the old department's official is no longer the lead", () => {
		const issue = issueIn("dispatched", { leadDepartmentId: 99 });
		const result = run(issue, VALID.accept, PEOPLE.leadOfficial);
		expect(result.ok ? "ok" : result.refusal.code).toBe("not_permitted");
	});
});
