/**
 * What the intake model sees of a message: named features, each present or not. Four views of the
 * same words, so that one that fails (a typo, pinyin, a word jieba splits oddly) is covered by another:
 * - `c:` characters and character pairs and triples, within a stretch of text between punctuation;
 * - `w:` jieba words in search mode;
 * - `p:` pairs of toneless pinyin syllables, from Han characters and from pinyin typed in Latin letters;
 * - a few marks of form: length, question, mention, link, emoji, digits.
 * Digits are folded to 0 (dates and phone numbers say little), emoji to ☺.
 */
import { contentOf, normalizeText } from "../intake/normalize-text.ts";
import { segmentWords } from "../intake/segmenter.ts";
import { hanPinyin, splitPinyin } from "./pinyin.ts";

/** Longer messages are read up to here: the first lines carry the problem, and it bounds the cost. */
const MAX_CHARS = 600;

const URL = /\b(?:https?:\/\/|www\.)\S+/gi;
const MENTION = /@[^\s@，,。:：]{1,20}/gu;
const BRACKET_EMOTICON = /\[[^[\]\s]{1,4}\]/gu;
const EMOJI = /\p{Extended_Pictographic}/u;
const HAN = /\p{Script=Han}/u;
/** A unit of text: one Han character, a run of Latin letters, a run of digits, or one emoji. */
const UNIT =
	/\p{Script=Han}|[a-z]+|[0-9]+(?:\.[0-9]+)?|\p{Extended_Pictographic}|[\p{P}\p{S}\s]+|./gu;
const SEPARATOR = /^[\p{P}\p{S}\s]+$/u;

const LENGTH_BUCKETS = [3, 6, 10, 20, 40, 80, 160];

/**
 * Where a message's features go: a set of names when training (`nameSink`), or straight to the
 * model's weight rows when reading (`createFeatureIndex`: no string built for any feature). A
 * feature comes in parts; its name is their concatenation.
 */
export interface FeatureSink {
	add(prefix: string, x?: string, y?: string, z?: string): unknown;
}

/** A sink that collects feature names into `names`. */
export function nameSink(names: Set<string>): FeatureSink {
	return {
		add: (prefix, x = "", y = "", z = "") => names.add(prefix + x + y + z),
	};
}

export interface ReadText {
	/** The text normalized and lower-cased, as far as it is read. */
	normalized: string;
	/** Its jieba words. */
	words: string[];
}

export function textFeatures(text: string): string[] {
	const names = new Set<string>();
	readText(text, nameSink(names));
	return [...names];
}

/** Adds the features of `text` to `features`; returns what else the model reads of it. */
export function readText(text: string, features: FeatureSink): ReadText {
	const read = normalizeText(text).toLowerCase().slice(0, MAX_CHARS);
	let normalized = read;
	if (URL.test(normalized)) features.add("m:url");
	URL.lastIndex = 0;
	normalized = normalized.replace(URL, " ");
	if (/[@＠]/.test(normalized)) features.add("m:at");
	normalized = normalized.replace(MENTION, " ");
	if (BRACKET_EMOTICON.test(normalized)) features.add("m:emoticon");
	BRACKET_EMOTICON.lastIndex = 0;
	normalized = normalized.replace(BRACKET_EMOTICON, (m) => {
		features.add("e:", m);
		return "☺";
	});

	const content = contentOf(normalized);
	const length = [...content].length;
	const bucket = LENGTH_BUCKETS.findIndex((limit) => length <= limit);
	features.add("m:len", String(bucket === -1 ? LENGTH_BUCKETS.length : bucket));
	if (/[?？]|[吗呢么嘛][\s\p{P}]*$/u.test(normalized))
		features.add("m:question");
	if (/[!！]/.test(normalized)) features.add("m:exclaim");
	if (/[0-9]/.test(normalized)) features.add("m:digits");
	if (length === 0) features.add("m:empty");

	addUnitFeatures(normalized, features);
	const words = segmentWords(normalized);
	for (const word of words) {
		if (!/^[0-9.]+$/.test(word)) features.add("w:", word);
	}
	return { normalized: read, words };
}

function addUnitFeatures(normalized: string, features: FeatureSink): void {
	let units: string[] = ["^"];
	let syllables: string[] = [];
	let han = "";
	const readHan = () => {
		if (han) syllables.push(...hanPinyin(han));
		han = "";
	};
	const endStretch = () => {
		readHan();
		if (units.length > 1 || units[0] !== "^") addGrams(units, features);
		addPinyinPairs(syllables, features);
		units = [];
		syllables = [];
	};
	for (const [raw] of normalized.matchAll(UNIT)) {
		if (SEPARATOR.test(raw)) {
			// A space between Latin words ("ting dian") keeps the pinyin going; punctuation ends a stretch.
			if (/^\s+$/.test(raw) && (syllables.length > 0 || units.length <= 1))
				continue;
			endStretch();
			continue;
		}
		if (EMOJI.test(raw)) {
			features.add("m:emoji");
			features.add("e:", raw);
			endStretch();
			continue;
		}
		const unit = /^[0-9]/.test(raw) ? "0" : raw;
		units.push(unit);
		if (HAN.test(unit)) {
			han += unit;
			continue;
		}
		readHan();
		if (/^[a-z]+$/.test(unit)) {
			features.add("l:", unit);
			const read = splitPinyin(unit);
			if (read) syllables.push(...read);
			else {
				addPinyinPairs(syllables, features);
				syllables = [];
			}
		}
	}
	units.push("$");
	endStretch();
}

function addGrams(units: string[], features: FeatureSink): void {
	for (let i = 0; i < units.length; i++) {
		const one = units[i];
		if (one !== "^" && one !== "$") features.add("c:", one);
		if (i + 1 < units.length) features.add("c:", one, units[i + 1]);
		if (i + 2 < units.length)
			features.add("c:", one, units[i + 1], units[i + 2]);
	}
}

function addPinyinPairs(syllables: string[], features: FeatureSink): void {
	for (let i = 0; i + 1 < syllables.length; i++) {
		features.add("p:", syllables[i], "_", syllables[i + 1]);
	}
}
