import { describe, expect, it } from "vitest";
import type { Mention } from "../../../bot/messages.ts";
import {
	helpText,
	problemText,
	usageText,
} from "../../../bot/texts/commands.ts";
import { parseCommand } from "../../../workflows/commands/parse-command.ts";
import {
	LIFECYCLE_SPECS,
	specById,
	specsForRoles,
} from "../../../workflows/commands/specs.ts";
import {
	departmentRefsOf,
	toCommands,
} from "../../../workflows/commands/to-command.ts";
import type {
	CommandProblem,
	DepartmentRef,
	InvalidCommand,
} from "../../../workflows/commands/types.ts";

describe("invalid forms name their problem", () => {
	const cases: Array<[string, string, CommandProblem]> = [
		["#12 转办 @自然资源局", "transfer", "missing_reason"],
		["#12 转办", "transfer", "missing_department"],
		["#12 协办", "add_co_handler", "missing_department"],
		["#12 派单", "dispatch", "missing_department"],
		["#12 延期", "request_extension", "missing_days"],
		["#12 延期 设备未到货", "request_extension", "missing_days"],
		["#12 延期 3天", "request_extension", "missing_reason"],
		["#12 延期 0天 设备未到货", "request_extension", "bad_number"],
		["#12 延期 2.5天 设备未到货", "request_extension", "bad_number"],
		["#12 延期 120天 设备未到货", "request_extension", "bad_number"],
		["#12 extend soon", "request_extension", "missing_days"],
		["#12 评价", "rate", "missing_rating"],
		["#12 评价 很好", "rate", "missing_rating"],
		["#12 评价 6 4 5", "rate", "bad_rating"],
		["#12 评价 0 4 5", "rate", "bad_rating"],
		["#12 评价 5 4", "rate", "bad_rating"],
		["#12 评价 5 4 5 5", "rate", "bad_rating"],
		["#12 进展", "progress", "missing_note"],
		["#12 办结：", "resolve", "missing_note"],
		["#12 需补充", "request_info", "missing_question"],
		["#12 补充", "supply_info", "missing_text"],
		["#12 不能办", "refuse", "missing_reason"],
		["#12 不满意", "unsatisfied", "missing_reason"],
		["#12 不同意延期", "deny_extension", "missing_reason"],
		["#12 退单", "return", "missing_reason"],
		["#12 升级", "raise_tier", "missing_reason"],
		["#12 关闭", "close", "missing_reason"],
		["#12 评议", "decide_review", "missing_outcome"],
		["#12 评议 同意", "decide_review", "missing_outcome"],
		["#12 评议 维持", "decide_review", "missing_alternative"],
		["#12 评议 应办 先规划", "decide_review", "missing_days"],
		["#12 评议 能办 2", "decide_review", "missing_note"],
	];

	it.each(cases)("%s → %s %s", (text, specId, problem) => {
		expect(parseCommand({ text })).toEqual({
			kind: "invalid",
			issueRef: { kind: "short", seq: 12 },
			spec: specById(specId as never),
			problem,
		});
	});
});

describe("toCommands resolves departments", () => {
	const departments = new Map([
		["自然资源局", 3],
		["交通运输局", 5],
		["人社局", 7],
	]);
	const resolve = (ref: DepartmentRef) =>
		departments.get(ref.name ?? "") ?? null;

	function lifecycleOf(text: string, mentions: Mention[] = []) {
		const parsed = parseCommand({ text, mentions });
		if (parsed?.kind !== "lifecycle") throw new Error(`${text} did not parse`);
		return parsed;
	}

	it("transfer, dispatch with co-handlers, co-handle become commands with ids", () => {
		expect(
			toCommands(lifecycleOf("#12 转办 @自然资源局 用地问题"), resolve),
		).toMatchObject({
			kind: "resolved",
			commands: [{ type: "transfer", departmentId: 3, reason: "用地问题" }],
		});
		expect(
			toCommands(lifecycleOf("#12 派单 @人社局 @交通运输局"), resolve),
		).toMatchObject({
			commands: [{ type: "dispatch", departmentId: 7, coDepartmentIds: [5] }],
		});
		expect(
			toCommands(lifecycleOf("#12 取消协办 @交通运输局"), resolve),
		).toMatchObject({
			commands: [{ type: "remove_co_handler", departmentId: 5 }],
		});
	});

	it("a department nobody knows is unknown_department, with the reference", () => {
		const result = toCommands(
			lifecycleOf("#12 转办 @城管局 占道问题"),
			resolve,
		);
		expect(result).toMatchObject({
			kind: "invalid",
			problem: "unknown_department",
			department: { name: "城管局" },
		});
		expect(problemText("zh-CN", result as InvalidCommand)).toContain("城管局");
	});

	it("commands without departments pass through unchanged", () => {
		expect(toCommands(lifecycleOf("#12 满意"), resolve)).toMatchObject({
			commands: [
				{ type: "confirm" },
				{ type: "rate", plan: 5, process: 5, result: 5 },
			],
		});
	});

	it("lists the references so the bot can resolve them in one query", () => {
		const mention: Mention = {
			externalId: "U9",
			kind: "user",
			displayName: "王科长",
		};
		const parsed = lifecycleOf("#12 派单 @王科长 @交通运输局", [mention]);
		expect(departmentRefsOf(parsed.commands)).toEqual([
			{ mention, name: "王科长" },
			{ name: "交通运输局" },
		]);
	});
});

describe("texts", () => {
	it("every spec has usage in both locales that shows how to type it", () => {
		for (const spec of LIFECYCLE_SPECS) {
			expect(usageText("zh-CN", spec)).toContain(spec.aliases.zh[0]);
			expect(usageText("en", spec)).toContain(spec.aliases.en[0]);
		}
	});

	it("help lists only what the speaker's roles may use", () => {
		const enterprise = helpText("zh-CN", specsForRoles(["enterprise_member"]));
		expect(enterprise).toContain("#12 满意");
		expect(enterprise).not.toContain("#12 受理");
		const official = helpText("en", specsForRoles(["official"]));
		expect(official).toContain("#12 accept");
		expect(official).not.toContain("#12 satisfied");
	});

	it("help offers 登录 to government staff only: enterprises have no console", () => {
		expect(
			helpText("zh-CN", specsForRoles(["enterprise_member"])),
		).not.toContain("登录");
		expect(helpText("zh-CN", specsForRoles(["leader"]))).toContain(
			"登录 — 私聊发送",
		);
		expect(helpText("en", specsForRoles(["official"]))).toContain(
			"login — in a private chat",
		);
	});

	it("a problem answer says what is missing and how to type the command", () => {
		const invalid = parseCommand({
			text: "#12 延期 设备未到货",
		}) as InvalidCommand;
		expect(problemText("zh-CN", invalid)).toBe(
			"请写明延期几个工作日，如“3个工作日”。\n用法：#12 延期 3个工作日 原因 — 申请延期",
		);
		expect(problemText("en", invalid)).toContain(
			"Usage: #12 extend 3 <reason>",
		);
	});
});
