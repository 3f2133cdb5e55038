/**
 * Category by keyword scoring. A keyword found as a segmented word scores 2; a keyword of two or more
 * characters found only inside the text (segmentation split it, or it sits inside a longer word)
 * scores 1; a one-character keyword counts only as a whole word, so 电 does not match 电话. Latin
 * keywords (5G, WiFi) match case-insensitively at word boundaries. The best total wins; ties go to
 * the category listed first.
 */
import { normalizeText } from "./normalize-text.ts";
import type { CategoryRule } from "./routing-types.ts";
import { segmentWords } from "./segmenter.ts";

export interface CategoryMatch {
	categoryCode: string;
	score: number;
	matchedKeywords: string[];
}

const LATIN = /^[\x21-\x7e]+$/;

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A keyword as it is matched: normalized and lower-cased once, not on every message. */
interface PreparedKeyword {
	raw: string;
	normalized: string;
	/** Latin keywords (5G, WiFi) match at word boundaries only. */
	latin: RegExp | null;
	/** One-character keywords count only as whole words. */
	wholeWordOnly: boolean;
}

interface PreparedCategory {
	code: string;
	keywords: PreparedKeyword[];
}

const prepared = new WeakMap<CategoryRule[], PreparedCategory[]>();

/** The rules' keywords ready to match, worked out once per set of rules (the directory snapshot's). */
function prepare(categories: CategoryRule[]): PreparedCategory[] {
	let ready = prepared.get(categories);
	if (!ready) {
		ready = categories.map((category) => ({
			code: category.code,
			keywords: [...new Set(category.keywords)].flatMap((raw) => {
				const normalized = normalizeText(raw).toLowerCase();
				if (normalized.length === 0) return [];
				return [
					{
						raw,
						normalized,
						latin: LATIN.test(normalized)
							? new RegExp(
									`(?<![a-z0-9])${escapeRegExp(normalized)}(?![a-z0-9])`,
								)
							: null,
						wholeWordOnly: [...normalized].length < 2,
					},
				];
			}),
		}));
		prepared.set(categories, ready);
	}
	return ready;
}

function keywordScore(
	keyword: PreparedKeyword,
	lowerText: string,
	words: Set<string>,
): number {
	if (words.has(keyword.normalized)) return 2;
	if (keyword.latin) return keyword.latin.test(lowerText) ? 1 : 0;
	return !keyword.wholeWordOnly && lowerText.includes(keyword.normalized)
		? 1
		: 0;
}

/** Every category with at least one keyword in `normalized` text, best-scoring first (ties: listed first). */
function scoreCategories(
	normalized: string,
	categories: CategoryRule[],
	segmented?: Iterable<string>,
): CategoryMatch[] {
	const lowerText = normalized.toLowerCase();
	const words = new Set(segmented ?? segmentWords(lowerText));
	const matches: CategoryMatch[] = [];
	for (const category of prepare(categories)) {
		let score = 0;
		const matchedKeywords: string[] = [];
		for (const keyword of category.keywords) {
			const points = keywordScore(keyword, lowerText, words);
			if (points > 0) {
				score += points;
				matchedKeywords.push(keyword.raw);
			}
		}
		if (score > 0)
			matches.push({ categoryCode: category.code, score, matchedKeywords });
	}
	// Array.prototype.sort is stable: equal scores keep the categories' order.
	return matches.sort((a, b) => b.score - a.score);
}

/** The best-scoring category for `normalized` text, or null when no keyword matches. */
export function categorize(
	normalized: string,
	categories: CategoryRule[],
): CategoryMatch | null {
	return scoreCategories(normalized, categories)[0] ?? null;
}

/** Codes of every category with at least one keyword in `normalized` text, best-scoring first. */
export function categoriesMentioned(
	normalized: string,
	categories: CategoryRule[],
	segmented?: Iterable<string>,
): string[] {
	return scoreCategories(normalized, categories, segmented).map(
		(m) => m.categoryCode,
	);
}
