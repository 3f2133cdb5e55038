/** A short title for an issue: its first meaningful sentence, cut to about 30 characters. */
import { contentOf, foldWidth } from "./normalize-text.ts";

export const TITLE_MAX_CHARS = 30;

/** Sentences end at a line break or at 。！？；!?; (full-width or not). */
const SENTENCE_END = /[\n。！？；!?;]+/;

/**
 * `cleaned` is `cleanText(text)`, so the title keeps the writer's punctuation. Leading sentences that
 * are chatter (您好！) are skipped when `isChatter` says so and something else follows.
 */
export function makeTitle(
	cleaned: string,
	isChatter: (content: string) => boolean = () => false,
): string {
	// Only the head of a long message can become the title: bound the work.
	const head = cleaned.slice(0, 400);
	const sentences = head.split(SENTENCE_END).map((s) => s.trim());
	const meaningful = sentences.filter((s) => {
		const content = contentOf(foldWidth(s));
		return content.length > 0 && !isChatter(content);
	});
	const first = meaningful[0] ?? sentences.find((s) => s.length > 0) ?? "";
	const chars = Array.from(first);
	if (chars.length <= TITLE_MAX_CHARS) return first;
	return `${chars.slice(0, TITLE_MAX_CHARS).join("").trimEnd()}…`;
}
