/** A short title for an issue: its first meaningful sentence, cut to about 30 characters. */
import { contentOf, foldWidth } from "./normalize-text.ts";

export const TITLE_MAX_CHARS = 30;

/** Sentences end at a line break or at 。！？；!?; (full-width or not). */
const SENTENCE_END = /[\n。！？；!?;]+/;

/**
 * A greeting that opens a sentence and is set off by a comma or a space (各位领导好，王局您好, 大家好～):
 * not part of the problem. A name goes before 您 only (王局您好, 李主任您好), so 质量不好，… stays whole.
 */
const LEADING_GREETING =
	/^(?:\p{Script=Han}{1,4}?(?=您|你))?(?:各位|大家|诸位)?(?:领导|老师|同事|同志|朋友|专班)?(?:您|你)?们?(?:好|早上好|上午好|中午好|下午好|晚上好)[，,、～~\s]+/u;

function withoutGreeting(sentence: string): string {
	const rest = sentence.replace(LEADING_GREETING, "");
	return rest.length > 0 ? rest : sentence;
}

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
	const sentences = head
		.split(SENTENCE_END)
		.map((s) => withoutGreeting(s.trim()));
	const meaningful = sentences.filter((s) => {
		const content = contentOf(foldWidth(s));
		return content.length > 0 && !isChatter(content);
	});
	const first = meaningful[0] ?? sentences.find((s) => s.length > 0) ?? "";
	const chars = Array.from(first);
	if (chars.length <= TITLE_MAX_CHARS) return first;
	return `${chars.slice(0, TITLE_MAX_CHARS).join("").trimEnd()}…`;
}
