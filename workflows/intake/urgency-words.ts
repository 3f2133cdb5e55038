/** Urgency from the directory's urgency words (轻重缓急), with negations such as 不急 taken back. */
import type { Urgency } from "../deadlines/policy-schema.ts";
import { normalizeText } from "./normalize-text.ts";
import type { RoutingRules } from "./routing-types.ts";

/** Words just before an urgency word that take it back: 不急, 不太紧急, 无需加急. */
const NEGATION = /(?:不|不太|不是很|并不|无需|不用|没那么)$/;

/** Urgency words normalized once per set of rules, not on every message. */
const normalizedWords = new WeakMap<string[], string[]>();

function normalizedOnce(words: string[]): string[] {
	let ready = normalizedWords.get(words);
	if (!ready) {
		ready = words
			.map((w) => normalizeText(w).toLowerCase())
			.filter((w) => w.length > 0);
		normalizedWords.set(words, ready);
	}
	return ready;
}

function containsUnnegated(
	lowerText: string,
	words: string[] | undefined,
): boolean {
	if (!words) return false;
	return normalizedOnce(words).some((word) => {
		for (
			let at = lowerText.indexOf(word);
			at !== -1;
			at = lowerText.indexOf(word, at + 1)
		) {
			if (!NEGATION.test(lowerText.slice(Math.max(0, at - 4), at))) return true;
		}
		return false;
	});
}

/** Urgency from the rules' words: urgent beats complex beats normal. */
export function detectUrgency(
	normalized: string,
	urgencyWords: RoutingRules["urgencyWords"],
): Urgency {
	const lowerText = normalized.toLowerCase();
	if (containsUnnegated(lowerText, urgencyWords.urgent)) return "urgent";
	if (containsUnnegated(lowerText, urgencyWords.complex)) return "complex";
	return "normal";
}
