/**
 * 从一件事到一类事: find an open issue from another enterprise about the same problem, so the two can
 * be linked and solved together.
 *
 * Deliberately simple: same category (a null category never links), then the Jaccard similarity of
 * the two texts' content words — jieba words of two or more characters, minus a few function words
 * (我们, 请问, 什么时候 …) — at least `SIMILARITY_THRESHOLD`. It links the same problem worded a little
 * differently (技改补贴还没有兑现 / 技改补贴一直没兑现，什么时候发: 0.75) and keeps apart neighbours in
 * one category (公交车太少 / 红绿灯坏了: 0.21). It does not catch paraphrases that share no words
 * (员工上下班不方便 / 工人通勤困难). Only the first `MAX_COMPARED_CHARS` characters are compared.
 */
import { normalizeText } from "./normalize-text.ts";
import { segmentWords } from "./segmenter.ts";

export const SIMILARITY_THRESHOLD = 0.4;
/** How many of the category's latest open issues (of other enterprises) a new one is compared with. */
export const SIMILAR_CANDIDATES = 20;
const MAX_COMPARED_CHARS = 500;

export interface SimilarityCandidate {
	text: string;
	categoryCode: string | null;
	/** When given, issues of this same enterprise are skipped: those are follow-ups, not 一类事. */
	enterpriseId?: number | null;
}

export interface OpenIssueText {
	id: number;
	text: string;
	categoryCode: string | null;
	enterpriseId: number | null;
}

export interface SimilarIssue<T extends OpenIssueText> {
	issue: T;
	/** Jaccard similarity of content words, 0–1. */
	similarity: number;
}

/** Words that say nothing about the problem itself. */
const FUNCTION_WORDS = new Set(
	"我们 你们 他们 我司 公司 企业 请问 什么 时候 什么时候 一直 还是 没有 已经 现在 目前 希望 能否 能不能 问题 一下 这个 那个 可以 怎么 不能 还没 麻烦 帮忙 领导 谢谢".split(
		" ",
	),
);

/** The content words of a text: jieba words of two or more characters, minus function words. */
export function contentWords(text: string): Set<string> {
	const compared = text.slice(0, MAX_COMPARED_CHARS);
	const known = recentWords.get(compared);
	if (known) return known;
	const words = segmentWords(normalizeText(compared));
	const content = new Set(
		words.filter((w) => Array.from(w).length >= 2 && !FUNCTION_WORDS.has(w)),
	);
	if (recentWords.size >= REMEMBERED_TEXTS) {
		const oldest = recentWords.keys().next().value;
		if (oldest !== undefined) recentWords.delete(oldest);
	}
	recentWords.set(compared, content);
	return content;
}

/**
 * Every new issue is compared with up to 20 open ones, mostly the same few from one message to the
 * next: remembering their words spares re-segmenting them each time (segmentation is the costly part).
 */
const REMEMBERED_TEXTS = 5_000;
const recentWords = new Map<string, Set<string>>();

export function jaccard(a: Set<string>, b: Set<string>): number {
	if (a.size === 0 || b.size === 0) return 0;
	let shared = 0;
	for (const x of a) if (b.has(x)) shared++;
	return shared / (a.size + b.size - shared);
}

/** The most similar open issue over the threshold, or null. Ties go to the first in `open`. */
export function findSimilarIssue<T extends OpenIssueText>(
	candidate: SimilarityCandidate,
	open: T[],
	threshold: number = SIMILARITY_THRESHOLD,
): SimilarIssue<T> | null {
	if (candidate.categoryCode === null) return null;
	const mine = contentWords(candidate.text);
	let best: SimilarIssue<T> | null = null;
	for (const issue of open) {
		if (issue.categoryCode !== candidate.categoryCode) continue;
		if (
			candidate.enterpriseId != null &&
			issue.enterpriseId === candidate.enterpriseId
		)
			continue;
		const similarity = jaccard(mine, contentWords(issue.text));
		if (
			similarity >= threshold &&
			(best === null || similarity > best.similarity)
		)
			best = { issue, similarity };
	}
	return best;
}
