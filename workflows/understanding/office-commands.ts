/**
 * The office's words that teach the intake model, outside the lifecycle's command language:
 * - `登记` (register), optionally with a category and/or an enterprise: `登记 用电`, `登记 鑫达机械`,
 *   as a reply to the message to register, or at the start of a problem written on an enterprise's
 *   behalf (`登记 鑫达机械：园区的鑫达机械反映…`);
 * - `#12 改类别 用地` (recategorize): the bot's category was wrong;
 * - `#12 误登记` (not a problem): the bot registered chatter as an issue;
 * - `认领 @张三 鑫达机械` (claim): a group member the directory did not know belongs to that enterprise.
 */
import { parseLeadingIssueRef } from "../commands/issue-ref.ts";
import type { IssueRef } from "../commands/types.ts";
import { cleanText, foldWidth } from "../intake/normalize-text.ts";

export type OfficeCommand =
	| {
			kind: "register";
			/** The words after 登记 up to the first line break or colon: category and/or enterprise names. */
			names: string[];
			/** What follows those words: the problem itself, when written in the same message. */
			text: string;
	  }
	| {
			kind: "claim";
			/** The person's name as written after @ (their account comes from the message's mentions). */
			name: string | null;
			/** The enterprise's name: the words after the mention. */
			enterprise: string;
	  }
	| { kind: "recategorize"; issueRef: IssueRef | null; category: string }
	| { kind: "not_a_problem"; issueRef: IssueRef | null; note: string };

const REGISTER = /^(?:登记|register)(?=$|[\s:：,，])/i;
const CLAIM = /^(?:认领|claim)(?=$|[\s:：,，@＠])/i;
const RECATEGORIZE = /^(?:改类别|改分类|recategori[sz]e)(?=$|[\s:：])/i;
const NOT_A_PROBLEM = /^(?:误登记|不是问题|not-a-problem)(?=$|[\s:：,，。])/i;

export function parseOfficeCommand(raw: string): OfficeCommand | null {
	const cleaned = cleanText(raw);
	// Matched on the width-folded text; the words kept are the writer's (folding keeps offsets).
	const text = foldWidth(cleaned);
	const register = REGISTER.exec(text);
	if (register) {
		const rest = cleaned.slice(register[0].length).replace(/^[\s,，]+/, "");
		const split = /[:：\n]/.exec(rest);
		const head = split ? rest.slice(0, split.index) : rest;
		const names = head.split(/[\s,，、]+/).filter((n) => n.length > 0);
		// Without a colon or a line break, more than two words are the problem itself, not names.
		if (!split && names.length > 2) {
			return { kind: "register", names: [], text: rest };
		}
		return {
			kind: "register",
			names,
			text: split ? rest.slice(split.index + 1).trim() : "",
		};
	}
	const claim = CLAIM.exec(text);
	if (claim) return parseClaim(cleaned.slice(claim[0].length));
	const leading = parseLeadingIssueRef(text);
	if (leading && !leading.explicit) return null;
	const after = cleaned.slice(leading?.length ?? 0).replace(/^\s+/, "");
	const recategorize = RECATEGORIZE.exec(foldWidth(after));
	if (recategorize) {
		const category = foldWidth(after.slice(recategorize[0].length)).trim();
		return { kind: "recategorize", issueRef: leading?.ref ?? null, category };
	}
	const notAProblem = NOT_A_PROBLEM.exec(foldWidth(after));
	if (notAProblem) {
		return {
			kind: "not_a_problem",
			issueRef: leading?.ref ?? null,
			note: after.slice(notAProblem[0].length).replace(/^[\s:：,，]+/, ""),
		};
	}
	return null;
}

/** `认领 @张三 鑫达机械`: the first @name is the person, the rest the enterprise. */
function parseClaim(rest: string): OfficeCommand {
	const words = rest.replace(/^[\s:：,，]+/, "");
	const mention = /[@＠]([^\s,，:：]+)/.exec(words);
	const enterprise = (
		mention
			? words.slice(0, mention.index) +
				" " +
				words.slice(mention.index + mention[0].length)
			: words
	)
		.replace(/[\s,，:：]+/g, " ")
		.trim();
	return { kind: "claim", name: mention?.[1] ?? null, enterprise };
}
