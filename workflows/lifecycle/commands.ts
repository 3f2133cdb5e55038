/**
 * Every lifecycle command, as data. The chat command language, Slack buttons and the console all
 * produce these; `transition` decides what they do.
 */
import type { Urgency } from "../deadlines/policy-schema.ts";

export const REVIEW_OUTCOMES = [
	"refusal_stands",
	"should_do",
	"can_do",
] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export type Command =
	| {
			type: "dispatch";
			departmentId: number;
			coDepartmentIds?: number[];
			urgency?: Urgency;
			categoryCode?: string;
	  }
	| { type: "accept" }
	| { type: "progress"; note: string }
	| { type: "request_info"; question: string }
	| { type: "supply_info"; text: string }
	| { type: "transfer"; departmentId: number; reason: string }
	| { type: "return"; reason: string }
	/** The office does not accept a department's 退单: the issue goes back to it, into review. */
	| { type: "refuse_return"; reason: string }
	| { type: "add_co_handler"; departmentId: number }
	| { type: "remove_co_handler"; departmentId: number }
	| { type: "request_extension"; workingDays: number; reason: string }
	| { type: "approve_extension"; note?: string }
	| { type: "deny_extension"; reason: string }
	| { type: "raise_tier"; reason: string }
	| { type: "resolve"; note: string }
	| { type: "confirm" }
	| {
			type: "rate";
			plan: number;
			process: number;
			result: number;
			comment?: string;
	  }
	| { type: "reopen"; reason: string }
	| { type: "refuse"; reason: string }
	| {
			type: "decide_review";
			outcome: ReviewOutcome;
			note: string;
			/** refusal_stands: the alternative service offered to the enterprise. */
			alternative?: string;
			/** should_do / can_do: working days from now to the new deadline. */
			workingDays?: number;
	  }
	/** The plan of a complex issue (标的物): writes it, or replaces the milestones not yet reached. */
	| {
			type: "set_plan";
			measures: string;
			units: string[];
			/** `due`: YYYY-MM-DD, or M-D / M月D日 (the next such date). */
			milestones: Array<{ title: string; due: string; unit?: string }>;
	  }
	| { type: "complete_milestone"; position: number; note?: string }
	/** 方案满意度: the enterprise rates the plan, 1–5. */
	| { type: "rate_plan"; score: number; comment?: string }
	| { type: "withdraw"; reason?: string }
	| { type: "close"; reason: string };

export type CommandType = Command["type"];

export const COMMAND_TYPES = [
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
	"rate",
	"reopen",
	"refuse",
	"decide_review",
	"set_plan",
	"complete_milestone",
	"rate_plan",
	"withdraw",
	"close",
] as const satisfies readonly CommandType[];
