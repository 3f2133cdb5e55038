/**
 * The intake model on its own: features that survive typos and pinyin, a trainer that learns and is
 * reproducible, the shipped model up to date and reading the group as a person would, bad input,
 * damaged files, and a directory's own category learnt from its keywords and examples.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_DIRECTORY_FILE } from "../../../bot/config.ts";
import { modelForRouting } from "../../../bot/understanding/file-model.ts";
import {
	readModelFile,
	SHIPPED_MODEL_FILE,
} from "../../../bot/understanding/model-file.ts";
import {
	loadDirectoryFile,
	parseDirectoryText,
} from "../../../workflows/directory/load-file.ts";
import { routingFromFile } from "../../../workflows/directory/routing-from-file.ts";
import { classifyMessage } from "../../../workflows/intake/classify-message.ts";
import type { RoutingRules } from "../../../workflows/intake/routing-types.ts";
import {
	CorpusError,
	parseCorpus,
} from "../../../workflows/understanding/corpus-file.ts";
import {
	type IntakeModel,
	trainIntakeModel,
} from "../../../workflows/understanding/intake-model.ts";
import { parseOfficeCommand } from "../../../workflows/understanding/office-commands.ts";
import { splitPinyin } from "../../../workflows/understanding/pinyin.ts";
import { trainingCorpus } from "../../../workflows/understanding/shipped-corpus.ts";
import {
	predictSoftmax,
	trainSoftmax,
} from "../../../workflows/understanding/softmax-regression.ts";
import { textFeatures } from "../../../workflows/understanding/text-features.ts";
import {
	buildTrainingInput,
	trainingFingerprint,
} from "../../../workflows/understanding/training-input.ts";

let demo: RoutingRules;
let shipped: IntakeModel;
const nameOf = (code: string | null) =>
	demo.categories.find((c) => c.code === code)?.name ?? null;
const read = (text: string) =>
	classifyMessage({ text, attachments: [] }, demo, shipped);

beforeAll(async () => {
	const loaded = await loadDirectoryFile(DEMO_DIRECTORY_FILE);
	if (!loaded.ok) throw new Error("the demo directory does not load");
	demo = routingFromFile(loaded.directory);
	const file = readModelFile(SHIPPED_MODEL_FILE);
	if (!file.ok) throw new Error(`${SHIPPED_MODEL_FILE}: ${file.reason}`);
	shipped = file.stored.model;
});

describe("features", () => {
	it("reads typed pinyin as syllables, and leaves English words alone", () => {
		expect(splitPinyin("tingdian")).toEqual(["ting", "dian"]);
		expect(splitPinyin("shebao")).toEqual(["she", "bao"]);
		expect(splitPinyin("erp")).toBeNull();
	});

	it("gives a homophone typo and typed pinyin the same pinyin as the intended word", () => {
		const right = textFeatures("停电了");
		for (const variant of ["停点了", "tingdian le", "ting dian le"]) {
			expect(textFeatures(variant)).toContain("p:ting_dian");
		}
		expect(right).toContain("p:ting_dian");
	});
});

describe("the trainer", () => {
	const examples = [
		{ features: Int32Array.from([0, 1]), label: 0, weight: 1 },
		{ features: Int32Array.from([0, 2]), label: 0, weight: 1 },
		{ features: Int32Array.from([3, 1]), label: 1, weight: 1 },
		{ features: Int32Array.from([3, 2]), label: 1, weight: 1 },
	];

	it("learns which features point to which class", () => {
		const model = trainSoftmax(examples, 4, 2);
		expect(predictSoftmax(model, [0])[0]).toBeGreaterThan(0.8);
		expect(predictSoftmax(model, [3])[1]).toBeGreaterThan(0.8);
		// A feature seen on both sides says nothing.
		const neutral = predictSoftmax(model, [1])[0] ?? 0;
		expect(neutral).toBeGreaterThan(0.35);
		expect(neutral).toBeLessThan(0.65);
	});

	it("gives the same model for the same examples", () => {
		expect(trainSoftmax(examples, 4, 2).weights).toEqual(
			trainSoftmax(examples, 4, 2).weights,
		);
	});
});

describe("the corpus", () => {
	it("names the file, line and column of a bad row", () => {
		const bad = "issue\t用电\turgent\t停电了\nissue\t用电\tsoon\t又停电了\n";
		expect(() => parseCorpus(bad, "x.tsv")).toThrow(CorpusError);
		expect(() => parseCorpus(bad, "x.tsv")).toThrow(/^x\.tsv:2:\d+: urgency/);
	});

	it("has every demo category at least 100 times, chatter at least 600, 2 000 in all", () => {
		const rows = trainingCorpus();
		expect(rows.length).toBeGreaterThanOrEqual(2000);
		expect(
			rows.filter((r) => r.kind === "chatter").length,
		).toBeGreaterThanOrEqual(600);
		for (const category of demo.categories) {
			expect(
				rows.filter((r) => r.categoryName === category.name).length,
				category.name,
			).toBeGreaterThanOrEqual(100);
		}
	});
});

describe("the shipped model", () => {
	it("was trained on the corpus and the demo directory as they are (else: npm run intake:train)", () => {
		const file = readModelFile(SHIPPED_MODEL_FILE);
		if (!file.ok) throw new Error(file.reason);
		expect(
			file.stored.fingerprint,
			"the corpus or the demo directory changed: run npm run intake:train",
		).toBe(trainingFingerprint(buildTrainingInput(trainingCorpus(), demo)));
	});

	it.each([
		["车间黑了一下午，机器全趴窝", "用电"],
		["停点了", "用电"],
		["women chang tingdian le", "用电"],
		["施工队把我们的电话线挖断了，电话打不出去", "通讯"],
		["隔壁厂的污水直接排到河里，臭得不行", "环保"],
		["去年的技改补贴说好打到银行账户，到现在还没到", "政策兑现"],
	])("registers %s as a %s problem", (text, category) => {
		const reading = read(text);
		expect(reading.kind).toBe("issue");
		if (reading.kind !== "chatter")
			expect(nameOf(reading.categoryCode)).toBe(category);
	});

	it.each([
		"谢谢王局，停电原因找到了，是我们自己的开关柜老化，已经换好了",
		"请问今天下午的政策培训是线上还是线下？",
		"@刘科 已处理，谢谢",
		"恭喜鑫达机械新厂房投产🎉",
	])("leaves %s alone", (text) => {
		expect(read(text).kind).toBe("chatter");
	});

	it.each([
		["empty", ""],
		["whitespace", "   \n\t "],
		["10 000 characters", "停电".repeat(5000)],
		["emoji only", "😀🎉👍"],
		["zero-width characters", "\u200B\u200C\u200D\uFEFF"],
		["mixed scripts", "ERP系统登不上 шрифт 한국어 ١٢٣"],
		["a bare URL", "https://mp.weixin.qq.com/s/abcdef"],
	])("decides on %s without failing", (_what, text) => {
		const reading = read(text);
		expect(["issue", "chatter", "unsure"]).toContain(reading.kind);
	});
});

describe("a deployment's own words", () => {
	it("learns a category the directory adds with only keywords and examples", async () => {
		const yaml = `
routing:
  categories:
    - { code: power, name: 用电, keywords: [停电, 跳闸] }
    - { code: fire, name: 消防设施, keywords: [消防栓, 灭火器, 喷淋] }
  examples:
    - { text: 园区的消防栓坏了好几个月没人修, category: 消防设施 }
    - { text: 厂房喷淋系统水压不够，检查过不了, category: fire }
    - { text: 灭火器过期了不知道去哪里换, category: 消防设施 }
    - { text: 谢谢消防大队上门检查, chatter: true }
`;
		const parsed = parseDirectoryText(yaml, "own.yaml");
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
		const routing = routingFromFile(parsed.directory);
		const model = trainIntakeModel(
			buildTrainingInput(trainingCorpus(), routing),
		);
		const reading = classifyMessage(
			{
				text: "园区好几个消防栓坏了，灭火器也快过期了，找谁弄",
				attachments: [],
			},
			routing,
			model,
		);
		expect(reading.kind).not.toBe("chatter");
		if (reading.kind !== "chatter") expect(reading.categoryCode).toBe("fire");
	}, 60_000);

	it("refuses a directory example of an unknown category with file:line:column", () => {
		const yaml = `routing:
  categories:
    - { code: power, name: 用电, keywords: [停电] }
  examples:
    - { text: 又停电了, category: 用电 }
    - { text: 网断了, category: 通讯 }
`;
		const parsed = parseDirectoryText(yaml, "bad.yaml");
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors).toEqual([
			expect.objectContaining({
				file: "bad.yaml",
				line: 6,
				path: "routing.examples[1].category",
				message: expect.stringContaining('unknown category "通讯"'),
			}),
		]);
	});

	it("says which model file is damaged and what to do, and trains one instead", () => {
		const dir = mkdtempSync(join(tmpdir(), "qq-model-"));
		const damaged = join(dir, "model.json.gz");
		writeFileSync(damaged, "not a model");
		const read = readModelFile(damaged);
		expect(read).toMatchObject({ ok: false, missing: false });
		expect(readModelFile(join(dir, "none.json.gz"))).toMatchObject({
			ok: false,
			missing: true,
		});
		const warnings: string[] = [];
		const small: RoutingRules = {
			...demo,
			categories: demo.categories.slice(0, 2),
		};
		const got = modelForRouting(small, {
			warn: (line) => warnings.push(line),
			shippedModelFile: damaged,
		});
		expect(got.model).toBeDefined();
		expect(warnings.join("\n")).toContain(damaged);
		expect(warnings.join("\n")).toContain("npm run intake:train");
	}, 60_000);
});

describe("the office's words", () => {
	it.each([
		["登记", { kind: "register", names: [], text: "" }],
		["登记 用电", { kind: "register", names: ["用电"], text: "" }],
		[
			"登记 鑫达机械：厂区停电三天了",
			{ kind: "register", names: ["鑫达机械"], text: "厂区停电三天了" },
		],
		[
			"#12 改类别 用地",
			{
				kind: "recategorize",
				issueRef: { kind: "short", seq: 12 },
				category: "用地",
			},
		],
		[
			"#12 误登记",
			{ kind: "not_a_problem", issueRef: { kind: "short", seq: 12 }, note: "" },
		],
		["登记一下我们的问题好吗", null],
		["12号车间误登记了", null],
	])("%s", (text, expected) => {
		expect(parseOfficeCommand(text)).toEqual(expected);
	});
});

describe("npm run classify", () => {
	it("prints one JSON line per message, with the category's name", () => {
		const run = spawnSync("npx", ["tsx", "bot/cli/classify.ts"], {
			input: "车间黑了一下午，机器全趴窝\n\n谢谢刘科，电来了\n",
			encoding: "utf8",
			timeout: 60_000,
		});
		expect(run.status).toBe(0);
		const lines = run.stdout
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l));
		expect(lines).toHaveLength(3);
		expect(lines[0]).toMatchObject({
			text: "车间黑了一下午，机器全趴窝",
			kind: "issue",
			category: "用电",
		});
		expect(lines[0].confidence).toBeGreaterThan(0);
		expect(lines[0].confidence).toBeLessThanOrEqual(1);
		expect(lines[1]).toMatchObject({
			text: "",
			kind: "chatter",
			category: null,
			urgency: null,
		});
		expect(lines[2]).toMatchObject({ kind: "chatter", category: null });
	}, 60_000);
});
