/** The plan commands as people write them: in chat (方案 / 节点完成 / 方案评价) and in the desk's form. */
import { describe, expect, it } from "vitest";
import { commandOf } from "../../../bot/web/console/desk-actions.ts";
import { parseCommand } from "../../../workflows/commands/parse-command.ts";
import { milestoneDate } from "../../../workflows/lifecycle/milestone-dates.ts";

const commandsOf = (text: string) => {
	const parsed = parseCommand({ text });
	if (parsed?.kind !== "lifecycle")
		throw new Error(`not a command: ${JSON.stringify(parsed)}`);
	return parsed.commands;
};

describe("the plan in chat", () => {
	it("reads measures, units and milestones with their dates and units", () => {
		expect(
			commandsOf(
				"#12 方案 措施：新建专线，协调用地；单位：供电公司、自然资源局；节点 12-20 完成勘察；节点 2027-01-10 完成施工（供电公司）",
			),
		).toEqual([
			{
				type: "set_plan",
				measures: "新建专线，协调用地",
				units: ["供电公司", "自然资源局"],
				milestones: [
					{ due: "12-20", title: "完成勘察" },
					{ due: "2027-01-10", title: "完成施工", unit: "供电公司" },
				],
			},
		]);
	});

	it("reads a milestone reached and a rating of the plan", () => {
		expect(commandsOf("#12 节点完成 2 勘察报告已出")).toEqual([
			{ type: "complete_milestone", position: 2, note: "勘察报告已出" },
		]);
		expect(commandsOf("#12 方案评价 4 措施可行")).toEqual([
			{ type: "rate_plan", score: 4, comment: "措施可行" },
		]);
	});

	it("dates: this year's or next year's, never one already past", () => {
		const now = new Date("2026-12-06T03:00:00Z");
		expect(milestoneDate("12-20", now)).toBe("2026-12-20");
		expect(milestoneDate("1月10日", now)).toBe("2027-01-10");
		expect(milestoneDate("2026年12月6日", now)).toBe("2026-12-06");
		expect(milestoneDate("2026-12-05", now)).toBeNull();
		expect(milestoneDate("2026-02-30", now)).toBeNull();
		expect(milestoneDate("下周", now)).toBeNull();
	});
});

describe("the plan on the desk", () => {
	it("the form's lines make the same command as the chat", () => {
		const form = {
			plan: "措施：新建专线\n单位：供电公司\n节点 12-20 完成勘察",
		};
		expect(commandOf("set_plan", form, new Set())).toEqual({
			ok: true,
			command: {
				type: "set_plan",
				measures: "新建专线",
				units: ["供电公司"],
				milestones: [{ due: "12-20", title: "完成勘察" }],
			},
		});
		expect(
			commandOf("complete_milestone", { position: "1" }, new Set()),
		).toEqual({
			ok: true,
			command: { type: "complete_milestone", position: 1 },
		});
	});
});
