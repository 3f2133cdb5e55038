/** Routing rules as loaded from the directory: what the intake needs to classify a message. */
import type { Urgency } from "../deadlines/policy-schema.ts";

export interface CategoryRule {
	code: string;
	/** Shown name, e.g. 用电. */
	name: string;
	keywords: string[];
	leadDepartmentId: number | null;
	coDepartmentIds: number[];
	/** 属地: the lead department by the enterprise's area; an area not listed gets `leadDepartmentId`. */
	leadByArea?: Record<string, number>;
}

export interface IntakeSettings {
	/** Whole messages that are never issues: greetings, thanks, 收到, 好的 … */
	chatterPhrases: string[];
	/** Messages shorter than this (in characters, after trimming) are not issues. */
	minIssueLength: number;
	/** A message from the same enterprise within this window joins its issue active in that group. */
	followUpWindowMinutes: number;
	/** Messages the model is unsure of wait on the office's triage list; its digest comes at most this often. */
	triageDigestMinutes: number;
}

/** A labelled message from the directory file, merged into the intake model's training. */
export interface DirectoryExample {
	text: string;
	/** The category's code, or null for chatter. */
	categoryCode: string | null;
	urgency: Urgency | null;
}

export interface RoutingRules {
	categories: CategoryRule[];
	/** Words that mark urgency; anything else is normal. */
	urgencyWords: Partial<Record<Exclude<Urgency, "normal">, string[]>>;
	intake: IntakeSettings;
	/** The directory's own labelled examples (`routing.examples`). */
	examples: DirectoryExample[];
}
