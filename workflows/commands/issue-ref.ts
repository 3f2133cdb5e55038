/** Issue references at the start of a command: #12, ＃１２, 12号, #2026-000012. */
import type { IssueRef } from "./types.ts";

const FULL = /^(?:#\s*)?(20\d{2})-(\d{1,6})(?!\d)(?:\s*号)?/;
const SHORT_HASH = /^#\s*(\d{1,6})(?![\d-])(?:\s*号)?/;
const SHORT_HAO = /^(\d{1,6})\s*号/;

export interface LeadingIssueRef {
	ref: IssueRef;
	length: number;
	/** False for `12号`, which also starts ordinary sentences (3号车间停电了): it counts only before a verb. */
	explicit: boolean;
}

/** The issue reference at the start of width-folded text and its length, or null. #0 is no reference. */
export function parseLeadingIssueRef(folded: string): LeadingIssueRef | null {
	const full = FULL.exec(folded);
	if (full?.[1] && full[2]) {
		const seq = Number(full[2]);
		if (seq === 0) return null;
		return {
			ref: { kind: "full", number: `${full[1]}-${full[2].padStart(6, "0")}` },
			length: full[0].length,
			explicit: true,
		};
	}
	const hash = SHORT_HASH.exec(folded);
	const short = hash ?? SHORT_HAO.exec(folded);
	if (short?.[1]) {
		const seq = Number(short[1]);
		if (seq === 0) return null;
		return {
			ref: { kind: "short", seq },
			length: short[0].length,
			explicit: hash !== null,
		};
	}
	return null;
}

/** The human issue number a reference means; a short one is `year`'s (the bot passes the current year). */
export function issueNumberOf(ref: IssueRef, year: number): string {
	return ref.kind === "full"
		? ref.number
		: `${year}-${String(ref.seq).padStart(6, "0")}`;
}
