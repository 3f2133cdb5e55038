/** Chinese word segmentation with jieba. The dictionary (~5 MB) is loaded once, on first use. */
import { createRequire } from "node:module";
import { Jieba } from "@node-rs/jieba";

let jieba: Jieba | undefined;

function instance(): Jieba {
	if (!jieba) {
		const { dict } = createRequire(import.meta.url)(
			"@node-rs/jieba/dict.js",
		) as { dict: Uint8Array };
		jieba = Jieba.withDict(dict);
	}
	return jieba;
}

/**
 * Words of the text in search mode: a long word also yields the dictionary words inside it
 * (招工难 → 招工, 招工难), so a keyword that is part of a longer word still counts as a word.
 * Lower-cased; whitespace and punctuation tokens dropped.
 */
export function segmentWords(text: string): string[] {
	return instance()
		.cutForSearch(text, false)
		.map((word) => word.toLowerCase())
		.filter((word) => !/^[\p{P}\p{S}\s]*$/u.test(word));
}
