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

function keywordScore(
	keyword: string,
	lowerText: string,
	words: Set<string>,
): number {
	if (words.has(keyword)) return 2;
	if (LATIN.test(keyword)) {
		return new RegExp(`(?<![a-z0-9])${escapeRegExp(keyword)}(?![a-z0-9])`).test(
			lowerText,
		)
			? 1
			: 0;
	}
	return [...keyword].length >= 2 && lowerText.includes(keyword) ? 1 : 0;
}

/** The best-scoring category for `normalized` text, or null when no keyword matches. */
export function categorize(
	normalized: string,
	categories: CategoryRule[],
): CategoryMatch | null {
	const lowerText = normalized.toLowerCase();
	const words = new Set(segmentWords(lowerText));
	let best: CategoryMatch | null = null;
	for (const category of categories) {
		let score = 0;
		const matchedKeywords: string[] = [];
		for (const raw of new Set(category.keywords)) {
			const keyword = normalizeText(raw).toLowerCase();
			if (keyword.length === 0) continue;
			const points = keywordScore(keyword, lowerText, words);
			if (points > 0) {
				score += points;
				matchedKeywords.push(raw);
			}
		}
		if (score > 0 && (best === null || score > best.score)) {
			best = { categoryCode: category.code, score, matchedKeywords };
		}
	}
	return best;
}
