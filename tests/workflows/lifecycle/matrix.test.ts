/**
 * Every command in every state. The expectations are written out here, independently of
 * workflows/lifecycle/transition-table.ts: a change to the table has to change this test too.
 */
import { describe, expect, it } from "vitest";
import { refusalText } from "../../../bot/texts/lifecycle.ts";
import { ISSUE_STATES, type IssueState } from "../../../db/schema/issues.ts";
import {
	COMMAND_TYPES,
	type CommandType,
} from "../../../workflows/lifecycle/commands.ts";
import { issueReadyFor, run, VALID } from "../../support/lifecycle-fixtures.ts";

const same = (states: IssueState[]) =>
	Object.fromEntries(states.map((s) => [s, s])) as Partial<
		Record<IssueState, IssueState>
	>;
const handling: IssueState[] = ["accepted", "awaiting_info", "reopened"];
const active: IssueState[] = [
	"awaiting_dispatch",
	"dispatched",
	"accepted",
	"awaiting_info",
	"reopened",
	"under_review",
];
const open: IssueState[] = [...active, "resolved"];
const all = (states: IssueState[], to: IssueState) =>
	Object.fromEntries(states.map((s) => [s, to])) as Partial<
		Record<IssueState, IssueState>
	>;

/** command → (state it runs from → state it leads to); a state not listed is refused. */
const EXPECTED: Record<CommandType, Partial<Record<IssueState, IssueState>>> = {
	dispatch: { awaiting_dispatch: "dispatched", dispatched: "dispatched" },
	accept: { dispatched: "accepted", reopened: "accepted" },
	progress: same(handling),
	request_info: { accepted: "awaiting_info" },
	supply_info: {
		awaiting_dispatch: "awaiting_dispatch",
		dispatched: "dispatched",
		accepted: "accepted",
		awaiting_info: "accepted",
		reopened: "reopened",
		under_review: "under_review",
	},
	transfer: {
		dispatched: "dispatched",
		accepted: "dispatched",
		reopened: "dispatched",
	},
	return: { dispatched: "awaiting_dispatch" },
	refuse_return: { awaiting_dispatch: "under_review" },
	add_co_handler: same(active),
	remove_co_handler: same(active),
	request_extension: same(handling),
	approve_extension: same(handling),
	deny_extension: same(handling),
	raise_tier: same(active),
	resolve: { accepted: "resolved", reopened: "resolved" },
	confirm: { resolved: "done" },
	rate: { resolved: "done", done: "done" },
	reopen: { resolved: "reopened", done: "reopened" },
	refuse: {
		dispatched: "under_review",
		accepted: "under_review",
		reopened: "under_review",
	},
	decide_review: { under_review: "accepted" },
	set_plan: same(handling),
	complete_milestone: same(handling),
	rate_plan: same([...handling, "resolved"]),
	withdraw: all(open, "withdrawn"),
	close: all(open, "closed"),
};

describe("the transition matrix: every command in every state", () => {
	for (const type of COMMAND_TYPES) {
		for (const state of ISSUE_STATES) {
			const expected = EXPECTED[type][state];
			if (expected) {
				it(`${type} from ${state} → ${expected}`, () => {
					const result = run(issueReadyFor(type, state), VALID[type]);
					if (!result.ok) throw new Error(refusalText("en", result.refusal));
					expect(result.patch.state ?? state).toBe(expected);
					expect(result.patch.version).toBe(4);
				});
			} else {
				it(`${type} from ${state} is refused as wrong_state`, () => {
					const result = run(issueReadyFor(type, state), VALID[type]);
					expect(result.ok).toBe(false);
					if (result.ok) return;
					expect(result.refusal.code).toBe("wrong_state");
					expect(result.refusal.params).toMatchObject({ state, command: type });
				});
			}
		}
	}

	it("terminal states allow nothing but rating and reopening a done issue", () => {
		const allowed = COMMAND_TYPES.flatMap((type) =>
			(["done", "withdrawn", "closed"] as const)
				.filter((state) => run(issueReadyFor(type, state), VALID[type]).ok)
				.map((state) => `${type}@${state}`),
		);
		expect(allowed.sort()).toEqual(["rate@done", "reopen@done"]);
	});
});

describe("a wrong-state refusal tells the person where the issue stands", () => {
	it("names the issue, its state and the states the command needs, in both locales", () => {
		const result = run(issueReadyFor("accept", "resolved"), VALID.accept);
		if (result.ok) throw new Error("accepted a resolved issue");
		expect(refusalText("zh-CN", result.refusal)).toBe(
			"#2026-000012 已办结，不能受理此问题；只有「已派单」或「重新办理」的问题才可以。",
		);
		expect(refusalText("en", result.refusal)).toBe(
			"#2026-000012 is resolved, so you cannot accept this issue; that is only possible when it is dispatched or reopened.",
		);
	});
});
