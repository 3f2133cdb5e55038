/**
 * The reply model: its corpus (enough replies, the development set apart), the shipped model up to
 * date, the replies of issue #16 read as people mean them, and a model file that is not one refused.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
	loadReplyModel,
	readReplyModelFile,
	SHIPPED_REPLY_MODEL_FILE,
} from "../../../bot/understanding/reply-model-file.ts";
import { readReply } from "../../../workflows/understanding/read-reply.ts";
import {
	parseReplyCorpus,
	replyDevelopmentCorpus,
	replyTrainingCorpus,
} from "../../../workflows/understanding/reply-corpus.ts";
import type { ReplySpeaker } from "../../../workflows/understanding/reply-intents.ts";
import { INTENTS_OF } from "../../../workflows/understanding/reply-intents.ts";
import {
	replyFingerprint,
	trainReplyModel,
} from "../../../workflows/understanding/reply-model.ts";

describe("the reply corpus", () => {
	it("has 1 000 replies to learn from, every intent of both speakers, and 250 apart that it never learns", () => {
		const train = replyTrainingCorpus();
		const dev = replyDevelopmentCorpus();
		expect(train.length).toBeGreaterThanOrEqual(1000);
		expect(dev.length).toBeGreaterThanOrEqual(250);
		for (const speaker of ["enterprise", "official"] as const) {
			for (const intent of INTENTS_OF[speaker]) {
				expect(
					train.filter((r) => r.speaker === speaker && r.intent === intent)
						.length,
					`${speaker} ${intent}`,
				).toBeGreaterThanOrEqual(50);
			}
		}
		const learnt = new Set(train.map((r) => r.text));
		expect(dev.filter((r) => learnt.has(r.text))).toEqual([]);
	});

	it("names the file and line of a bad row", () => {
		expect(() =>
			parseReplyCorpus(
				"enterprise\tconfirm\t好了\nofficial\tsatisfied\t满意\n",
				"x.tsv",
			),
		).toThrow(/^x\.tsv:2: "satisfied" is not an intent of official/);
	});
});

describe("the shipped reply model", () => {
	it("was trained on the corpus as it is (else: npm run replies:train)", () => {
		expect(
			readReplyModelFile(SHIPPED_REPLY_MODEL_FILE).fingerprint,
			"the reply corpus changed: run npm run replies:train",
		).toBe(replyFingerprint(replyTrainingCorpus()));
	});

	const model = loadReplyModel((line) => {
		throw new Error(line);
	});
	it.each<[ReplySpeaker, string, string, boolean]>([
		["enterprise", "已经修好了，谢谢", "confirm", true],
		["enterprise", "不满意，还是停电", "unsatisfied", true],
		["enterprise", "满意", "satisfied", true],
		["enterprise", "确认", "confirm", true],
		["enterprise", "好的", "confirm", true],
		["enterprise", "基本满意 就是慢了点", "basically_satisfied", true],
		["enterprise", "以经休好了 谢谢王局👍", "confirm", true],
		["official", "收到，马上安排人去看", "accept", true],
		["official", "满意", "other", true],
		["enterprise", "收到", "other", true],
	])("reads %s's 「%s」 as %s", (speaker, text, intent, sure) => {
		const reading = readReply(model.probabilities(text, speaker));
		expect(reading.intent).toBe(intent);
		expect(reading.sure).toBe(sure);
	});

	it("is the same model when trained twice on the same replies", () => {
		const rows = replyTrainingCorpus().slice(0, 300);
		const a = trainReplyModel(rows).serialize();
		const b = trainReplyModel(rows).serialize();
		expect(a.enterprise.weights).toBe(b.enterprise.weights);
	});

	it("trains one for the run, with a warning that names the file, when the file is not a model", () => {
		const dir = mkdtempSync(join(tmpdir(), "reply-model-"));
		const file = join(dir, "model.json.gz");
		writeFileSync(
			file,
			gzipSync(JSON.stringify({ fingerprint: "x", model: {} })),
		);
		const warnings: string[] = [];
		const trained = loadReplyModel((line) => warnings.push(line), file);
		expect(warnings.join("\n")).toContain(file);
		expect(warnings.join("\n")).toContain("npm run replies:train");
		expect(
			readReply(trained.probabilities("不满意，还是停电", "enterprise")).intent,
		).toBe("unsatisfied");
	});
});
