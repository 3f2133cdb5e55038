/** From a lifecycle spec and the words after its verb to draft commands, or the problem with them. */

import type { Urgency } from "../deadlines/policy-schema.ts";
import type { ReviewOutcome } from "../lifecycle/commands.ts";
import type { Mention } from "../shared/message-parts.ts";
import {
	type ArgCursor,
	takeDepartments,
	takeWorkingDays,
} from "./arguments.ts";
import {
	milestoneCommand,
	parsePlanText,
	planRatingCommand,
} from "./plan-text.ts";
import type {
	CommandProblem,
	DraftCommand,
	LifecycleSpec,
	LifecycleSpecId,
} from "./types.ts";

export type DraftResult =
	| { ok: true; commands: DraftCommand[] }
	| { ok: false; problem: CommandProblem };

interface ArgContext {
	mentions: readonly Mention[];
	departmentNames: readonly string[];
}

const ok = (...commands: DraftCommand[]): DraftResult => ({
	ok: true,
	commands,
});
const fail = (problem: CommandProblem): DraftResult => ({ ok: false, problem });

/** The problem to report when a text argument is missing. */
const MISSING_TEXT: Partial<Record<LifecycleSpecId, CommandProblem>> = {
	progress: "missing_note",
	resolve: "missing_note",
	request_info: "missing_question",
	supply_info: "missing_text",
};

/** Commands whose only argument is text, and how it fills the command. */
function textCommand(id: LifecycleSpecId, text: string): DraftCommand | null {
	switch (id) {
		case "progress":
			return { type: "progress", note: text };
		case "resolve":
			return { type: "resolve", note: text };
		case "request_info":
			return { type: "request_info", question: text };
		case "supply_info":
			return { type: "supply_info", text };
		case "return":
			return { type: "return", reason: text };
		case "refuse_return":
			return { type: "refuse_return", reason: text };
		case "deny_extension":
			return { type: "deny_extension", reason: text };
		case "raise_tier":
			return { type: "raise_tier", reason: text };
		case "refuse":
			return { type: "refuse", reason: text };
		case "close":
			return { type: "close", reason: text };
		case "unsatisfied":
			return { type: "reopen", reason: text };
		case "approve_extension":
			return text
				? { type: "approve_extension", note: text }
				: { type: "approve_extension" };
		case "withdraw":
			return text ? { type: "withdraw", reason: text } : { type: "withdraw" };
		case "set_plan":
			return parsePlanText(text);
		case "complete_milestone":
			return milestoneCommand(text);
		case "rate_plan":
			return planRatingCommand(text);
		default:
			return null;
	}
}

function noArgCommands(id: LifecycleSpecId): DraftCommand[] {
	switch (id) {
		case "accept":
			return [{ type: "accept" }];
		case "confirm":
			return [{ type: "confirm" }];
		// 满意 / 基本满意 confirm the issue is really done (办成) and rate it in one go.
		case "satisfied":
			return [
				{ type: "confirm" },
				{ type: "rate", plan: 5, process: 5, result: 5 },
			];
		case "basically_satisfied":
			return [
				{ type: "confirm" },
				{ type: "rate", plan: 4, process: 4, result: 4 },
			];
		default:
			throw new Error(`spec ${id} has no arguments but no command for them`);
	}
}

const RATING = /^(\d+)(?:\s*[,/、]\s*|\s+|(?=\D)|$)/;

function ratings(args: ArgCursor): DraftResult {
	args.skipSeparators();
	const numbers: string[] = [];
	for (
		let match = args.take(RATING);
		match?.[1];
		match = numbers.length < 3 ? args.take(RATING) : null
	) {
		numbers.push(match[1]);
	}
	if (numbers.length === 3 && /^\d/.test(args.peek()))
		return fail("bad_rating");
	// 评价 545: three digits written together.
	const digits =
		numbers.length === 1 && /^\d{3}$/.test(numbers[0] ?? "")
			? [...(numbers[0] ?? "")]
			: numbers;
	if (digits.length === 0) return fail("missing_rating");
	// One number rates all three aspects alike.
	const values = (
		digits.length === 1 ? [digits[0], digits[0], digits[0]] : digits
	).map(Number);
	if (
		values.length !== 3 ||
		values.some((v) => !Number.isInteger(v) || v < 1 || v > 5)
	)
		return fail("bad_rating");
	const [plan = 0, process = 0, result = 0] = values;
	const comment = args.rest();
	return ok({
		type: "rate",
		plan,
		process,
		result,
		...(comment ? { comment } : {}),
	});
}

const OUTCOMES: Array<[RegExp, ReviewOutcome]> = [
	[
		/^(?:维持|确不能办|确实不能办|属实不能办|stands)(?![\p{L}])/iu,
		"refusal_stands",
	],
	[/^(?:应办|应该办|should)(?![\p{L}])/iu, "should_do"],
	[/^(?:能办|可以办|can)(?![\p{L}])/iu, "can_do"],
];

function review(args: ArgCursor): DraftResult {
	args.skipSeparators();
	const outcome = OUTCOMES.find(([pattern]) => args.take(pattern))?.[1];
	if (!outcome) return fail("missing_outcome");
	if (outcome === "refusal_stands") {
		const alternative = args.rest();
		if (!alternative) return fail("missing_alternative");
		return ok({
			type: "decide_review",
			outcome,
			note: alternative,
			alternative,
		});
	}
	const days = takeWorkingDays(args);
	if (!days.ok) return fail(days.problem);
	const note = args.rest();
	if (!note) return fail("missing_note");
	return ok({ type: "decide_review", outcome, note, workingDays: days.days });
}

function urgencyIn(text: string): Urgency | undefined {
	if (/紧急|加急|急件|urgent/i.test(text)) return "urgent";
	if (/复杂|complex/i.test(text)) return "complex";
	return undefined;
}

function departments(
	spec: LifecycleSpec,
	args: ArgCursor,
	context: ArgContext,
): DraftResult {
	if (spec.args.kind !== "department")
		throw new Error(`spec ${spec.id} takes no department`);
	const refs = takeDepartments(
		args,
		context.mentions,
		context.departmentNames,
		spec.args.several,
	);
	const [first, ...others] = refs;
	if (!first) return fail("missing_department");
	const rest = args.rest();
	switch (spec.id) {
		case "transfer":
			return rest
				? ok({ type: "transfer", department: first, reason: rest })
				: fail("missing_reason");
		case "dispatch": {
			const urgency = urgencyIn(rest);
			return ok({
				type: "dispatch",
				department: first,
				coDepartments: others,
				...(urgency ? { urgency } : {}),
			});
		}
		case "add_co_handler":
			return ok(
				...refs.map(
					(department) => ({ type: "add_co_handler", department }) as const,
				),
			);
		case "remove_co_handler":
			return ok(
				...refs.map(
					(department) => ({ type: "remove_co_handler", department }) as const,
				),
			);
		default:
			throw new Error(
				`spec ${spec.id} has a department grammar but no command for it`,
			);
	}
}

export function buildDrafts(
	spec: LifecycleSpec,
	args: ArgCursor,
	context: ArgContext,
): DraftResult {
	switch (spec.args.kind) {
		case "none":
			return ok(...noArgCommands(spec.id));
		case "text": {
			const text = args.rest();
			if (spec.args.required && !text)
				return fail(MISSING_TEXT[spec.id] ?? "missing_reason");
			const command = textCommand(spec.id, text);
			if (!command)
				throw new Error(
					`spec ${spec.id} has a text grammar but no command for it`,
				);
			return ok(command);
		}
		case "days_reason": {
			const days = takeWorkingDays(args);
			if (!days.ok) return fail(days.problem);
			const reason = args.rest();
			if (!reason) return fail("missing_reason");
			return ok({ type: "request_extension", workingDays: days.days, reason });
		}
		case "ratings":
			return ratings(args);
		case "review":
			return review(args);
		case "department":
			return departments(spec, args, context);
	}
}
