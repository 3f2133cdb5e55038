/**
 * The intake model: three small classifiers over the same features of a message — is it a problem to
 * track, which category, how urgent — each with a calibrated probability. The directory's keywords
 * and urgency words are features too (`kw:` and `u:`), so an operator's keywords still count as hints
 * and a category with only keywords and a few examples is learnt.
 */

import { URGENCIES, type Urgency } from "../deadlines/policy-schema.ts";
import { categoriesMentioned } from "../intake/categorize.ts";
import type { CategoryRule } from "../intake/routing-types.ts";
import { detectUrgency } from "../intake/urgency-words.ts";
import { createFeatureIndex } from "./feature-index.ts";
import {
	predictSoftmax,
	type SoftmaxWeights,
	type SparseExample,
	trainCalibrated,
} from "./softmax-regression.ts";
import {
	loadWeights,
	type StoredWeights,
	storeWeights,
} from "./stored-weights.ts";
import { type FeatureSink, nameSink, readText } from "./text-features.ts";

export interface IntakeCategory {
	code: string;
	name: string;
	keywords: string[];
}

export interface UrgencyWords {
	urgent?: string[];
	complex?: string[];
}

/** A message with what it is, from the corpus, the directory's examples or the office's corrections. */
export interface LabelledMessage {
	text: string;
	kind: "issue" | "chatter";
	/** For an issue: its category's code, or null when the category is not known. */
	categoryCode: string | null;
	urgency: Urgency | null;
	/** How much the example counts (the office's corrections count more than the corpus). */
	weight?: number;
	/** Teaches the category only (a bare keyword says nothing about problem or chatter). */
	categoryOnly?: boolean;
}

export interface IntakeTrainingInput {
	categories: IntakeCategory[];
	urgencyWords: UrgencyWords;
	examples: LabelledMessage[];
}

const MIN_FEATURE_COUNT = 2;

export interface IntakeProbabilities {
	/** Probability that the message is a problem to track. */
	problem: number;
	/** Categories, most likely first, with their probability given that it is a problem. */
	categories: { code: string; probability: number }[];
	/**
	 * Probability that it is a problem of none of the directory's categories (a corpus category this
	 * deployment does not have): then no department should be mentioned; the office dispatches.
	 */
	otherCategory: number;
	urgency: { level: Urgency; probability: number };
}

export interface IntakeModel {
	readonly categories: IntakeCategory[];
	readonly exampleCount: number;
	readonly trainedAt: string;
	probabilities(text: string): IntakeProbabilities;
	/** The model as stored: compact JSON (weights as base64). */
	serialize(): SerializedIntakeModel;
}

interface SerializedHead extends StoredWeights {
	classes: number;
}

export interface SerializedIntakeModel {
	format: "qinqing-intake-model";
	version: 1;
	trainedAt: string;
	exampleCount: number;
	categories: IntakeCategory[];
	urgencyWords: UrgencyWords;
	vocabulary: string[];
	kind: SerializedHead;
	category: SerializedHead;
	urgency: SerializedHead;
}

/**
 * Every feature of a message: its text features, and the directory's words as hints — which
 * categories' keywords it holds (`kw:`), and urgency words (`u:`).
 */
function messageFeatures(
	text: string,
	rules: CategoryRule[],
	urgencyWords: UrgencyWords,
	features: FeatureSink,
): void {
	const read = readText(text, features);
	for (const code of categoriesMentioned(read.normalized, rules, read.words)) {
		features.add("kw:", code);
	}
	const urgency = detectUrgency(read.normalized, urgencyWords);
	if (urgency !== "normal") features.add("u:", urgency);
}

function featureNames(
	text: string,
	rules: CategoryRule[],
	urgencyWords: UrgencyWords,
): string[] {
	const names = new Set<string>();
	messageFeatures(text, rules, urgencyWords, nameSink(names));
	return [...names];
}

function asRules(categories: IntakeCategory[]): CategoryRule[] {
	return categories.map((c) => ({
		code: c.code,
		name: c.name,
		keywords: c.keywords,
		leadDepartmentId: null,
		coDepartmentIds: [],
	}));
}

interface Heads {
	kind: SoftmaxWeights;
	category: SoftmaxWeights;
	urgency: SoftmaxWeights;
}

function createModel(
	input: Pick<IntakeTrainingInput, "categories" | "urgencyWords">,
	vocabulary: string[],
	heads: Heads,
	exampleCount: number,
	trainedAt: string,
): IntakeModel {
	const sink = createFeatureIndex(vocabulary);
	const rules = asRules(input.categories);
	const kindOut = new Float64Array(2);
	const categoryOut = new Float64Array(heads.category.classes);
	const urgencyOut = new Float64Array(3);
	return {
		categories: input.categories,
		exampleCount,
		trainedAt,
		probabilities(text) {
			const known = sink.start();
			messageFeatures(text, rules, input.urgencyWords, sink);
			predictSoftmax(heads.kind, known, kindOut);
			predictSoftmax(heads.category, known, categoryOut);
			predictSoftmax(heads.urgency, known, urgencyOut);
			const otherCategory =
				heads.category.classes > input.categories.length
					? (categoryOut[input.categories.length] ?? 0)
					: 0;
			const categories = input.categories
				.map((c, i) => ({ code: c.code, probability: categoryOut[i] ?? 0 }))
				.sort((a, b) => b.probability - a.probability);
			let level = 0;
			for (let u = 1; u < 3; u++) {
				if ((urgencyOut[u] ?? 0) > (urgencyOut[level] ?? 0)) level = u;
			}
			return {
				problem: kindOut[0] ?? 0,
				categories,
				otherCategory,
				urgency: {
					level: URGENCIES[level] ?? "normal",
					probability: urgencyOut[level] ?? 0,
				},
			};
		},
		serialize() {
			return {
				format: "qinqing-intake-model",
				version: 1,
				trainedAt,
				exampleCount,
				categories: input.categories,
				urgencyWords: input.urgencyWords,
				vocabulary,
				kind: serializeHead(heads.kind),
				category: serializeHead(heads.category),
				urgency: serializeHead(heads.urgency),
			};
		},
	};
}

/** Trains the three heads: problem or chatter on every example; category and urgency on problems. */
export function trainIntakeModel(
	input: IntakeTrainingInput,
	now: Date = new Date(),
): IntakeModel {
	const rules = asRules(input.categories);
	const categoryIndex = new Map(input.categories.map((c, i) => [c.code, i]));
	const named = input.examples.map((example) => ({
		example,
		names: featureNames(example.text, rules, input.urgencyWords),
	}));
	// A feature seen in one corpus message only is mostly noise (and half the vocabulary); the
	// directory's and the office's examples are kept whole, however rare their words.
	const seen = new Map<string, number>();
	for (const { example, names } of named) {
		const counts = (example.weight ?? 1) === 1 ? 1 : MIN_FEATURE_COUNT;
		for (const name of names) seen.set(name, (seen.get(name) ?? 0) + counts);
	}
	const vocabulary: string[] = [];
	const index = new Map<string, number>();
	for (const [name, count] of seen) {
		if (count < MIN_FEATURE_COUNT) continue;
		index.set(name, vocabulary.length);
		vocabulary.push(name);
	}
	const featurized = named.map(({ example, names }) => {
		const known: number[] = [];
		for (const name of names) {
			const at = index.get(name);
			if (at !== undefined) known.push(at);
		}
		return { example, features: Int32Array.from(known) };
	});
	const kind: SparseExample[] = [];
	const category: SparseExample[] = [];
	const urgency: SparseExample[] = [];
	for (const { example, features } of featurized) {
		const weight = example.weight ?? 1;
		if (!example.categoryOnly) {
			kind.push({ features, label: example.kind === "issue" ? 0 : 1, weight });
		}
		if (example.kind !== "issue") continue;
		// A problem of a category the directory lacks is the extra class "none of these".
		const label =
			example.categoryCode === null
				? input.categories.length
				: categoryIndex.get(example.categoryCode);
		if (label !== undefined) category.push({ features, label, weight });
		if (example.urgency !== null) {
			urgency.push({
				features,
				label: URGENCIES.indexOf(example.urgency),
				weight,
			});
		}
	}
	const heads: Heads = {
		kind: trainCalibrated(kind, vocabulary.length, 2),
		category: trainCalibrated(
			category,
			vocabulary.length,
			category.some((e) => e.label === input.categories.length)
				? input.categories.length + 1
				: Math.max(1, input.categories.length),
		),
		urgency: trainCalibrated(urgency, vocabulary.length, 3),
	};
	return createModel(
		input,
		vocabulary,
		heads,
		input.examples.length,
		now.toISOString(),
	);
}

function serializeHead(head: SoftmaxWeights): SerializedHead {
	return { classes: head.classes, ...storeWeights(head) };
}

function deserializeHead(
	head: SerializedHead,
	features: number,
	what: string,
): SoftmaxWeights {
	return loadWeights(
		head,
		features,
		head.classes,
		`the ${what} weights do not match the vocabulary`,
	);
}

/** A stored model back in memory; throws a plain-words Error when the data is not a model. */
export function deserializeIntakeModel(data: unknown): IntakeModel {
	const stored = data as Partial<SerializedIntakeModel> | null;
	if (
		stored?.format !== "qinqing-intake-model" ||
		stored.version !== 1 ||
		!Array.isArray(stored.vocabulary) ||
		!Array.isArray(stored.categories) ||
		!stored.kind ||
		!stored.category ||
		!stored.urgency
	) {
		throw new Error("not a Qinqing intake model (format or version unknown)");
	}
	const size = stored.vocabulary.length;
	return createModel(
		{ categories: stored.categories, urgencyWords: stored.urgencyWords ?? {} },
		stored.vocabulary,
		{
			kind: deserializeHead(stored.kind, size, "problem-or-chatter"),
			category: deserializeHead(stored.category, size, "category"),
			urgency: deserializeHead(stored.urgency, size, "urgency"),
		},
		stored.exampleCount ?? 0,
		stored.trainedAt ?? "",
	);
}
