/**
 * Reading the words after a verb. The cursor walks two copies of the same text of equal length: the
 * width-folded one to recognise numbers and names (３天 → 3天), and the writer's own to keep notes and
 * reasons as written (a full-width ，stays ，).
 */
import type { Mention } from "../shared/message-parts.ts";
import type { DepartmentRef } from "./types.ts";

const SEPARATORS = /^[\s:,;、。.!?\-—]+/;
/** Where a typed @name ends. */
const NAME_END = /[\s:,;、。!?@]/;

export class ArgCursor {
	constructor(
		private readonly own: string,
		private readonly folded: string,
		public pos: number,
	) {}

	skipSeparators(): void {
		const match = SEPARATORS.exec(this.folded.slice(this.pos));
		if (match) this.pos += match[0].length;
	}

	/** The folded text from the cursor on. */
	peek(): string {
		return this.folded.slice(this.pos);
	}

	/** Everything left, as written, without leading separators; "" when nothing is left. */
	rest(): string {
		this.skipSeparators();
		const text = this.own.slice(this.pos).trim();
		this.pos = this.own.length;
		return text;
	}

	/** Consumes `pattern` (anchored at the cursor, run on folded text) and returns its match. */
	take(pattern: RegExp): RegExpExecArray | null {
		const match = pattern.exec(this.peek());
		if (match) this.pos += match[0].length;
		return match;
	}

	/** Consumes a typed `@name` and returns the name as written. */
	takeAtName(): string | null {
		if (this.folded[this.pos] !== "@") return null;
		let end = this.pos + 1;
		while (end < this.folded.length && !NAME_END.test(this.folded[end] ?? ""))
			end++;
		const name = this.own.slice(this.pos + 1, end);
		if (name.length === 0) return null;
		this.pos = end;
		return name;
	}

	/** Consumes the longest of `names` found at the cursor (case-insensitive). */
	takeKnownName(names: readonly string[]): string | null {
		const here = this.peek().toLowerCase();
		let best: string | null = null;
		for (const name of names) {
			if (
				name.length > 0 &&
				here.startsWith(name.toLowerCase()) &&
				(best === null || name.length > best.length)
			) {
				best = name;
			}
		}
		if (best !== null) this.pos += best.length;
		return best;
	}

	/** Consumes the next word (up to a space or punctuation). */
	takeWord(): string | null {
		const match = /^[^\s:,;、。!?]+/.exec(this.peek());
		if (!match) return null;
		const word = this.own.slice(this.pos, this.pos + match[0].length);
		this.pos += match[0].length;
		return word;
	}
}

const CHINESE_DIGITS: Record<string, number> = {
	零: 0,
	一: 1,
	二: 2,
	两: 2,
	三: 3,
	四: 4,
	五: 5,
	六: 6,
	七: 7,
	八: 8,
	九: 9,
};

/** 3, 十, 十五, 二十, 二十三 → numbers (up to 99); anything else → NaN. */
export function parseSmallNumber(word: string): number {
	if (/^\d+$/.test(word)) return Number(word);
	const match = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(
		word,
	);
	if (!match || word.length === 0) return Number.NaN;
	const [, first, ten, last] = match;
	if (!ten)
		return first && !last ? (CHINESE_DIGITS[first] ?? Number.NaN) : Number.NaN;
	return (
		(first ? (CHINESE_DIGITS[first] ?? 0) : 1) * 10 +
		(last ? (CHINESE_DIGITS[last] ?? 0) : 0)
	);
}

export const MAX_EXTENSION_DAYS = 90;

/** A count of working days: `3`, `3天`, `3个工作日`, `三天`, `3 days`. */
const DAYS =
	/^(\d+(?:\.\d+)?|[零一二两三四五六七八九十]+)\s*(?:个\s*)?(?:工作日|工作天|天|日|working\s+days?(?![a-z])|days?(?![a-z]))?/i;

export type DaysResult =
	| { ok: true; days: number }
	| { ok: false; problem: "missing_days" | "bad_number" };

export function takeWorkingDays(args: ArgCursor): DaysResult {
	args.skipSeparators();
	const match = args.take(DAYS);
	if (!match?.[1]) return { ok: false, problem: "missing_days" };
	const days = parseSmallNumber(match[1]);
	if (!Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_DAYS)
		return { ok: false, problem: "bad_number" };
	return { ok: true, days };
}

/**
 * Department references after a verb: typed `@name`s (paired with the structured mention of that
 * name when there is one), known department names, else the structured mentions, else the next word.
 */
export function takeDepartments(
	args: ArgCursor,
	mentions: readonly Mention[],
	knownNames: readonly string[],
	several: boolean,
): DepartmentRef[] {
	const refs: DepartmentRef[] = [];
	const used = new Set<Mention>();
	for (;;) {
		args.skipSeparators();
		const typed = args.takeAtName();
		const name = typed ?? args.takeKnownName(knownNames);
		if (name === null) break;
		const mention =
			typed === null
				? undefined
				: mentions.find((m) => !used.has(m) && sameName(m.displayName, name));
		if (mention) used.add(mention);
		refs.push(mention ? { mention, name } : { name });
		if (!several) break;
	}
	if (refs.length > 0) return refs;
	if (mentions.length > 0) {
		const chosen = several ? mentions : mentions.slice(0, 1);
		return chosen.map((mention) =>
			mention.displayName
				? { mention, name: mention.displayName }
				: { mention },
		);
	}
	args.skipSeparators();
	const word = args.takeWord();
	return word ? [{ name: word }] : [];
}

function sameName(displayName: string | undefined, name: string): boolean {
	return (
		displayName !== undefined &&
		displayName.replace(/^[@＠]/, "").toLowerCase() === name.toLowerCase()
	);
}
