/** From a parsed command to lifecycle `Command`s, once the bot can say which department a reference means. */
import type { Command } from "../lifecycle/commands.ts";
import type {
	DepartmentRef,
	DraftCommand,
	InvalidCommand,
	IssueRef,
	LifecycleSpec,
	ParsedCommand,
} from "./types.ts";

/** The department id a reference means, or null when it names none the bot knows. */
export type ResolveDepartment = (ref: DepartmentRef) => number | null;

export interface ResolvedCommands {
	kind: "resolved";
	issueRef: IssueRef | null;
	spec: LifecycleSpec;
	/** Apply in order (满意: confirm, then rate). */
	commands: Command[];
}

type Lifecycle = Extract<ParsedCommand, { kind: "lifecycle" }>;

/** Every department reference in the drafts, for a bot that resolves them ahead (one query for all). */
export function departmentRefsOf(
	drafts: readonly DraftCommand[],
): DepartmentRef[] {
	return drafts.flatMap((draft) => {
		switch (draft.type) {
			case "dispatch":
				return [draft.department, ...draft.coDepartments];
			case "transfer":
			case "add_co_handler":
			case "remove_co_handler":
				return [draft.department];
			default:
				return [];
		}
	});
}

class UnknownDepartment {
	constructor(readonly ref: DepartmentRef) {}
}

function resolveOne(ref: DepartmentRef, resolve: ResolveDepartment): number {
	const id = resolve(ref);
	if (id === null) throw new UnknownDepartment(ref);
	return id;
}

function toLifecycleCommand(
	draft: DraftCommand,
	resolve: ResolveDepartment,
): Command {
	switch (draft.type) {
		case "dispatch": {
			const { department, coDepartments, ...rest } = draft;
			const coDepartmentIds = coDepartments.map((ref) =>
				resolveOne(ref, resolve),
			);
			return {
				...rest,
				departmentId: resolveOne(department, resolve),
				...(coDepartmentIds.length > 0 ? { coDepartmentIds } : {}),
			};
		}
		case "transfer":
			return {
				type: "transfer",
				departmentId: resolveOne(draft.department, resolve),
				reason: draft.reason,
			};
		case "add_co_handler":
		case "remove_co_handler":
			return {
				type: draft.type,
				departmentId: resolveOne(draft.department, resolve),
			};
		default:
			return draft;
	}
}

/** The commands to run, or `unknown_department` with the reference that did not resolve. */
export function toCommands(
	parsed: Lifecycle,
	resolve: ResolveDepartment,
): ResolvedCommands | InvalidCommand {
	try {
		const commands = parsed.commands.map((draft) =>
			toLifecycleCommand(draft, resolve),
		);
		return {
			kind: "resolved",
			issueRef: parsed.issueRef,
			spec: parsed.spec,
			commands,
		};
	} catch (error) {
		if (!(error instanceof UnknownDepartment)) throw error;
		return {
			kind: "invalid",
			issueRef: parsed.issueRef,
			spec: parsed.spec,
			problem: "unknown_department",
			department: error.ref,
		};
	}
}
