/**
 * Text normalization shared by the intake classifier and the command language. Every function here is
 * linear in the input (single-pass regular expressions, no backtracking-prone patterns), so a
 * 10 000-character message costs microseconds.
 */

/** Zero-width characters, bidi marks/embeddings/isolates, word joiner and BOM. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

/**
 * Characters where NFKC only removes a look-alike difference: full-width and half-width forms,
 * CJK compatibility ideographs, Kangxi and CJK radicals. Elsewhere NFKC would change what the writer
 * meant (m² → m2, ① → 1, … → ...), so we leave it alone.
 */
const NFKC_SAFE =
	/[\u2E80-\u2EFF\u2F00-\u2FDF\uF900-\uFAFF\uFF01-\uFFEF]|[\u{2F800}-\u{2FA1F}]/gu;

/** Full-width ASCII (U+FF01–U+FF5E) and the ideographic space: one UTF-16 unit to one, so offsets survive. */
const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/g;

/**
 * Strips invisible characters, applies NFC, collapses runs of spaces and tabs to one space and runs
 * of line breaks to one, trims every line. Keeps the writer's punctuation (，stays ，), so it is the
 * form to show back to people (titles, notes, reasons).
 */
export function cleanText(s: string): string {
	return s
		.replace(INVISIBLE, "")
		.normalize("NFC")
		.replace(/\r\n?/g, "\n")
		.replace(/[^\S\n]+/g, " ")
		.replace(/ ?\n[\s]*/g, "\n")
		.trim();
}

/**
 * Maps full-width ASCII to half-width and the ideographic space to a space, one code unit for one:
 * `foldWidth(s).length === s.length`, and an offset into one is an offset into the other.
 */
export function foldWidth(s: string): string {
	return s.replace(FULL_WIDTH, (ch) =>
		ch === "\u3000" ? " " : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
	);
}

/**
 * The form to match against: `cleanText`, then full-width → half-width (＃１２ → #12, ：→ :, （）→ ()),
 * NFKC on look-alike characters only, then whitespace collapsed again (a folded U+3000 may now touch
 * another space).
 */
export function normalizeText(s: string): string {
	return foldWidth(cleanText(s))
		.replace(NFKC_SAFE, (ch) => ch.normalize("NFKC"))
		.replace(/[^\S\n]+/g, " ")
		.trim();
}

/** Emoji, with their modifiers, joiners, variation selectors, keycaps and flags. */
const EMOJI =
	/[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{1F1E6}-\u{1F1FF}\u20E3\uFE0E\uFE0F\u200D]/gu;
/** WeChat's text emoticons as they arrive in message text: [微笑] [强] [OK] [抱拳] [破涕为笑]. */
const BRACKET_EMOTICON = /\[[^[\]\s]{1,4}\]/gu;

/** True when the text contains an emoji or a WeChat bracket emoticon. */
export function hasEmoji(s: string): boolean {
	return (
		/[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}]/u.test(s) ||
		/\[[^[\]\s]{1,4}\]/u.test(s)
	);
}

/**
 * What is left of a message once emoji, emoticons, punctuation, symbols and whitespace are gone,
 * lower-cased: the content that decides whether a message says anything. Expects normalized text.
 */
export function contentOf(normalized: string): string {
	return normalized
		.replace(BRACKET_EMOTICON, "")
		.replace(EMOJI, "")
		.replace(/[\p{P}\p{S}\s]+/gu, "")
		.toLowerCase();
}
