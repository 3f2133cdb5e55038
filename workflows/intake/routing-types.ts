/** Routing rules as loaded from the directory: what the intake needs to classify a message. */
import type { Urgency } from "../deadlines/policy-schema.ts";

export interface CategoryRule {
	code: string;
	/** Shown name, e.g. 用电. */
	name: string;
	keywords: string[];
	leadDepartmentId: number | null;
	coDepartmentIds: number[];
}

export interface IntakeSettings {
	/** Whole messages that are never issues: greetings, thanks, 收到, 好的 … */
	chatterPhrases: string[];
	/** Messages shorter than this (in characters, after trimming) are not issues. */
	minIssueLength: number;
	/** A message from the same enterprise within this window joins its issue active in that group. */
	followUpWindowMinutes: number;
}

export interface RoutingRules {
	categories: CategoryRule[];
	/** Words that mark urgency; anything else is normal. */
	urgencyWords: Partial<Record<Exclude<Urgency, "normal">, string[]>>;
	intake: IntakeSettings;
}
