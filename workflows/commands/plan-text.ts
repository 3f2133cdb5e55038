/**
 * The words of `#12 方案 …`: parts separated by ；/; or new lines, each introduced by its word:
 *   措施：新建专线；单位：供电公司、自然资源局；节点 12-20 完成勘察；节点 2027-01-10 完成施工（供电公司）
 * A part without a word is a measure. Dates are checked by the lifecycle, which knows today.
 */
import type { Command } from "../lifecycle/commands.ts";

type SetPlan = Extract<Command, { type: "set_plan" }>;

const PART_SEPARATOR = /[；;\n]+/;
const MEASURES = /^(?:措施|举措|measures?)\s*[:：]?\s*/i;
const UNITS = /^(?:责任单位|单位|units?)\s*[:：]?\s*/i;
const MILESTONE = /^(?:节点|里程碑|milestone)\s*(?:\d+\s*[:：]|[:：])?\s*/i;
const DATED =
	/^(\S+?日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2})\s*(.*)$/;
const UNIT_IN_BRACKETS = /[（(]([^）)]+)[）)]\s*$/;

export function parsePlanText(text: string): SetPlan {
	const measures: string[] = [];
	const units: string[] = [];
	const milestones: SetPlan["milestones"] = [];
	for (const raw of text.split(PART_SEPARATOR)) {
		const part = raw.trim();
		if (!part) continue;
		if (UNITS.test(part)) {
			units.push(
				...part
					.replace(UNITS, "")
					.split(/[、,，\s]+/)
					.filter(Boolean),
			);
			continue;
		}
		if (MILESTONE.test(part)) {
			const rest = part.replace(MILESTONE, "");
			const dated = DATED.exec(rest);
			const body = (dated?.[2] ?? "").trim();
			const unit = UNIT_IN_BRACKETS.exec(body)?.[1]?.trim();
			milestones.push({
				due: dated?.[1] ?? rest,
				title: unit ? body.replace(UNIT_IN_BRACKETS, "").trim() : body,
				...(unit ? { unit } : {}),
			});
			continue;
		}
		measures.push(part.replace(MEASURES, ""));
	}
	return {
		type: "set_plan",
		measures: measures.join("；"),
		units,
		milestones,
	};
}

/** `#12 节点完成 2 已完成勘察`: the milestone's number, then an optional note. */
export function milestoneCommand(
	text: string,
): Extract<Command, { type: "complete_milestone" }> {
	const match = /^(\d+)\s*(.*)$/s.exec(text.trim());
	const note = match?.[2]?.trim();
	return {
		type: "complete_milestone",
		position: match ? Number(match[1]) : 0,
		...(note ? { note } : {}),
	};
}

/** `#12 方案评价 4 措施可行`: a score 1–5, then an optional comment. */
export function planRatingCommand(
	text: string,
): Extract<Command, { type: "rate_plan" }> {
	const match = /^(\d+)\s*(?:分)?\s*(.*)$/s.exec(text.trim());
	const comment = match?.[2]?.trim();
	return {
		type: "rate_plan",
		score: match ? Number(match[1]) : 0,
		...(comment ? { comment } : {}),
	};
}
