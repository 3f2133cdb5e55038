/** Is a message chatter (greetings, thanks, 收到, emoji, stickers) rather than a problem? */
import type { Attachment } from "../shared/message-parts.ts";
import { contentOf, hasEmoji, normalizeText } from "./normalize-text.ts";
import type { IntakeSettings } from "./routing-types.ts";

export type ChatterReason =
	| "empty"
	| "greeting"
	| "too_short"
	| "emoji_only"
	| "sticker"
	| "attachment_only";

/** Longer messages are never made only of chatter phrases; also bounds the phrase matching below. */
const MAX_CHATTER_LENGTH = 40;

const phraseCache = new WeakMap<string[], string[]>();

function preparedPhrases(phrases: string[]): string[] {
	let prepared = phraseCache.get(phrases);
	if (!prepared) {
		prepared = [
			...new Set(
				phrases
					.map((p) => contentOf(normalizeText(p)))
					.filter((p) => p.length > 0),
			),
		];
		phraseCache.set(phrases, prepared);
	}
	return prepared;
}

/**
 * True when `content` is one chatter phrase or several in a row (好的收到谢谢, 谢谢领导 when 领导 is a
 * phrase): address terms such as 领导 / 老师 / 各位 belong in the phrase list for this reason.
 */
export function isChatterContent(content: string, phrases: string[]): boolean {
	if (content.length === 0 || content.length > MAX_CHATTER_LENGTH) return false;
	const list = preparedPhrases(phrases);
	// reachable[i]: content.slice(0, i) is a sequence of phrases.
	const reachable = new Array<boolean>(content.length + 1).fill(false);
	reachable[0] = true;
	for (let i = 0; i < content.length; i++) {
		if (!reachable[i]) continue;
		for (const phrase of list) {
			if (content.startsWith(phrase, i)) reachable[i + phrase.length] = true;
		}
	}
	return reachable[content.length] === true;
}

/** Why a message is chatter, or null when it may be an issue. `normalized` is `normalizeText(text)`. */
export function chatterReason(
	normalized: string,
	attachments: Attachment[],
	settings: IntakeSettings,
	options: { lengthRule: boolean } = { lengthRule: true },
): ChatterReason | null {
	const content = contentOf(normalized);
	if (content.length === 0) {
		if (attachments.length > 0) {
			return attachments.every((a) => a.kind === "sticker")
				? "sticker"
				: "attachment_only";
		}
		return hasEmoji(normalized) ? "emoji_only" : "empty";
	}
	if (isChatterContent(content, settings.chatterPhrases)) return "greeting";
	// The model reads short messages itself (又停水了 is four characters); the keyword rules cannot.
	if (options.lengthRule && [...content].length < settings.minIssueLength)
		return "too_short";
	return null;
}
