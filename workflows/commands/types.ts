/** Types of the chat command language: specs, parsed commands, problems. */

import type { PersonRole } from "../../db/schema/directory.ts";
import type { Urgency } from "../deadlines/policy-schema.ts";
import type { Command } from "../lifecycle/commands.ts";
import type { Mention } from "../shared/message-parts.ts";

/** `#12` (this year's 12th issue, the bot resolves the year) or `#2026-000012` (a full number). */
export type IssueRef =
	| { kind: "short"; seq: number }
	| { kind: "full"; number: string };

/** A department as the speaker named it: a platform mention, a name or alias typed in the text, or both. */
export interface DepartmentRef {
	mention?: Mention;
	name?: string;
}

type WithDepartment =
	| "dispatch"
	| "transfer"
	| "add_co_handler"
	| "remove_co_handler";

/** A lifecycle command before departments are resolved to ids. */
export type DraftCommand =
	| Exclude<Command, { type: WithDepartment }>
	| {
			type: "dispatch";
			department: DepartmentRef;
			coDepartments: DepartmentRef[];
			urgency?: Urgency;
	  }
	| { type: "transfer"; department: DepartmentRef; reason: string }
	| { type: "add_co_handler"; department: DepartmentRef }
	| { type: "remove_co_handler"; department: DepartmentRef };

/** Why a command could not be understood; the bot answers with the spec's usage. */
export type CommandProblem =
	| "missing_reason"
	| "missing_note"
	| "missing_question"
	| "missing_text"
	| "missing_department"
	| "missing_days"
	| "bad_number"
	| "missing_rating"
	| "bad_rating"
	| "missing_outcome"
	| "missing_alternative"
	| "unknown_department";

/** How the words after the verb are read. */
export type ArgGrammar =
	| { kind: "none" }
	| { kind: "text"; required: boolean }
	| { kind: "department"; reason: "required" | "none"; several: boolean }
	| { kind: "days_reason" }
	| { kind: "ratings" }
	| { kind: "review" };

export const LIFECYCLE_SPEC_IDS = [
	"dispatch",
	"accept",
	"progress",
	"request_info",
	"supply_info",
	"transfer",
	"return",
	"refuse_return",
	"add_co_handler",
	"remove_co_handler",
	"request_extension",
	"approve_extension",
	"deny_extension",
	"raise_tier",
	"resolve",
	"confirm",
	"satisfied",
	"basically_satisfied",
	"unsatisfied",
	"rate",
	"refuse",
	"decide_review",
	"set_plan",
	"complete_milestone",
	"rate_plan",
	"withdraw",
	"close",
] as const;
export type LifecycleSpecId = (typeof LIFECYCLE_SPEC_IDS)[number];

export const QUERY_SPEC_IDS = [
	"help",
	"queue",
	"my_issues",
	"show_issue",
	"login",
] as const;
export type QuerySpecId = (typeof QUERY_SPEC_IDS)[number];

export type CommandSpecId = LifecycleSpecId | QuerySpecId;

interface SpecBase {
	/** Also the help text key in bot/texts/commands.ts. */
	id: CommandSpecId;
	/** Verbs, longest match wins. Chinese first; English matched case-insensitively. */
	aliases: { zh: string[]; en: string[] };
	/** Aliases too common to trust without an explicit `#number` in front (ok). */
	refOnlyAliases?: string[];
	/** Who may run it: a hint for help, not the permission check (the lifecycle decides). */
	roles: PersonRole[];
}

export interface LifecycleSpec extends SpecBase {
	kind: "lifecycle";
	id: LifecycleSpecId;
	args: ArgGrammar;
}

export interface QuerySpec extends SpecBase {
	kind: "query";
	id: QuerySpecId;
}

export type CommandSpec = LifecycleSpec | QuerySpec;

export type ParsedCommand =
	| {
			kind: "lifecycle";
			/** null: no number given; the bot uses the thread or quoted issue. */
			issueRef: IssueRef | null;
			spec: LifecycleSpec;
			/** Usually one; 满意 is confirm then rate 5 5 5; 协办 @A @B adds two co-handlers. */
			commands: DraftCommand[];
	  }
	| { kind: "query"; spec: QuerySpec; issueRef: IssueRef | null }
	| {
			/** `#12` followed by words that are not a command: a comment on that issue. */
			kind: "remark";
			issueRef: IssueRef;
			text: string;
	  }
	| InvalidCommand;

export interface InvalidCommand {
	kind: "invalid";
	issueRef: IssueRef | null;
	spec: LifecycleSpec;
	problem: CommandProblem;
	/** unknown_department: the reference that did not resolve. */
	department?: DepartmentRef;
}

/** What the parser needs besides the text. */
export interface CommandInput {
	text: string;
	/** Structured mentions of the message, in text order. The bot's own are ignored. */
	mentions?: Mention[];
	/** True when the message replies in an issue's thread or quotes an issue message. */
	inIssueContext?: boolean;
	/** The bot itself, so "@亲清 #12 受理" parses: its platform ids and shown names. */
	bot?: { externalIds?: string[]; names?: string[] };
	/** Known department names and aliases, so "转办 自然资源局原因…" (no space) finds the name. */
	departmentNames?: string[];
}
