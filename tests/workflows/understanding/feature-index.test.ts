/**
 * The intake model reads a message's features through a hash table instead of a map of names: it must
 * find exactly the vocabulary entries the names would have found, in the same order, so that the
 * model's probabilities do not change by a bit.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
	readModelFile,
	SHIPPED_MODEL_FILE,
} from "../../../bot/understanding/model-file.ts";
import { createFeatureIndex } from "../../../workflows/understanding/feature-index.ts";
import { developmentCorpus } from "../../../workflows/understanding/shipped-corpus.ts";
import {
	nameSink,
	readText,
} from "../../../workflows/understanding/text-features.ts";

let vocabulary: string[];

beforeAll(() => {
	const file = readModelFile(SHIPPED_MODEL_FILE);
	if (!file.ok) throw new Error(`${SHIPPED_MODEL_FILE}: ${file.reason}`);
	vocabulary = file.stored.model.serialize().vocabulary;
});

/** The indices a message's feature names have in the vocabulary, first seen first. */
function indicesByName(text: string, position: Map<string, number>): number[] {
	const names = new Set<string>();
	readText(text, nameSink(names));
	return [...names]
		.map((name) => position.get(name))
		.filter((at): at is number => at !== undefined);
}

describe("the feature index", () => {
	it("finds the same vocabulary entries as the names, in the same order, for every development message", () => {
		const index = createFeatureIndex(vocabulary);
		const position = new Map(vocabulary.map((name, i) => [name, i]));
		const texts = developmentCorpus().map((row) => row.text);
		texts.push("", "   ", "😀😀", "ting dian le 5G 没信号", "a".repeat(10_000));
		for (const text of texts) {
			const found = index.start();
			readText(text, index);
			expect([...found], text).toEqual(indicesByName(text, position));
		}
	});

	it("counts a feature the message repeats once, and starts afresh for the next message", () => {
		const index = createFeatureIndex(["c:停", "c:电", "c:停电"]);
		const first = index.start();
		index.add("c:", "停");
		index.add("c:", "停", "电");
		index.add("c:停");
		index.add("c:", "电");
		expect([...first]).toEqual([0, 2, 1]);
		const second = index.start();
		index.add("c:", "电");
		expect([...second]).toEqual([1]);
	});

	it("finds nothing for a feature outside the vocabulary", () => {
		const index = createFeatureIndex(["w:停电"]);
		const found = index.start();
		index.add("w:", "停水");
		index.add("w:停电", "了");
		expect(found).toEqual([]);
	});
});
