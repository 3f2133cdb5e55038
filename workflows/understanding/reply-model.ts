/**
 * The reply model: which intent a reply about an issue carries, with a calibrated probability. The
 * same machinery as the intake model — its text features and its trainer — with one head per
 * speaker over a shared vocabulary: the same words mean different things from an enterprise and
 * from an official (「已经修好了」 confirms from one and resolves from the other; 「收到」 accepts a
 * dispatch from an official and is chatter from an enterprise).
 */
import { createHash } from "node:crypto";
import type { ReplyRow } from "./reply-corpus.ts";
import {
	INTENTS_OF,
	type ReplyIntent,
	type ReplySpeaker,
} from "./reply-intents.ts";
import {
	DEFAULT_TRAINING,
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
import { textFeatures } from "./text-features.ts";

/** Bumped whenever the features or the trainer change, so that a stored model is not reused. */
export const REPLY_MODEL_RECIPE = "reply-v2";

const TRAINING = { ...DEFAULT_TRAINING, epochs: 20 };
const SPEAKERS: readonly ReplySpeaker[] = ["enterprise", "official"];

/** The speaker's intents with their probabilities, most likely first. */
export type ReplyProbabilities = { intent: ReplyIntent; probability: number }[];

export interface ReplyModel {
	readonly exampleCount: number;
	probabilities(text: string, speaker: ReplySpeaker): ReplyProbabilities;
	serialize(): SerializedReplyModel;
}

interface SerializedHead extends StoredWeights {
	intents: string[];
}

export interface SerializedReplyModel {
	format: "qinqing-reply-model";
	version: 1;
	exampleCount: number;
	vocabulary: string[];
	enterprise: SerializedHead;
	official: SerializedHead;
}

/** Names a corpus: the same fingerprint trains the same model. */
export function replyFingerprint(rows: ReplyRow[]): string {
	const hash = createHash("sha256").update(REPLY_MODEL_RECIPE);
	for (const row of rows)
		hash.update(`${row.speaker}\t${row.intent}\t${row.text}\n`);
	return hash.digest("hex").slice(0, 32);
}

export function trainReplyModel(rows: ReplyRow[]): ReplyModel {
	const named = rows.map((row) => ({ row, names: textFeatures(row.text) }));
	const index = new Map<string, number>();
	const vocabulary: string[] = [];
	for (const { names } of named) {
		for (const name of names) {
			if (index.has(name)) continue;
			index.set(name, vocabulary.length);
			vocabulary.push(name);
		}
	}
	const heads = Object.fromEntries(
		SPEAKERS.map((speaker) => {
			const intents = INTENTS_OF[speaker];
			const examples: SparseExample[] = named
				.filter(({ row }) => row.speaker === speaker)
				.map(({ row, names }) => ({
					features: Int32Array.from(names.map((n) => index.get(n) ?? 0)),
					label: intents.indexOf(row.intent),
					weight: 1,
				}));
			return [
				speaker,
				trainCalibrated(examples, vocabulary.length, intents.length, TRAINING),
			];
		}),
	) as Record<ReplySpeaker, SoftmaxWeights>;
	return createReplyModel(vocabulary, heads, rows.length);
}

function createReplyModel(
	vocabulary: string[],
	heads: Record<ReplySpeaker, SoftmaxWeights>,
	exampleCount: number,
): ReplyModel {
	const index = new Map(vocabulary.map((feature, i) => [feature, i]));
	return {
		exampleCount,
		probabilities(text, speaker) {
			const known: number[] = [];
			for (const feature of textFeatures(text)) {
				const at = index.get(feature);
				if (at !== undefined) known.push(at);
			}
			const out = predictSoftmax(heads[speaker], known);
			return INTENTS_OF[speaker]
				.map((intent, i) => ({ intent, probability: out[i] ?? 0 }))
				.sort((a, b) => b.probability - a.probability);
		},
		serialize() {
			return {
				format: "qinqing-reply-model",
				version: 1,
				exampleCount,
				vocabulary,
				enterprise: serializeHead(heads.enterprise, INTENTS_OF.enterprise),
				official: serializeHead(heads.official, INTENTS_OF.official),
			};
		},
	};
}

function serializeHead(
	head: SoftmaxWeights,
	intents: readonly string[],
): SerializedHead {
	return { intents: [...intents], ...storeWeights(head) };
}

function deserializeHead(
	head: SerializedHead | undefined,
	speaker: ReplySpeaker,
	features: number,
): SoftmaxWeights {
	const intents = INTENTS_OF[speaker];
	if (!head || JSON.stringify(head.intents) !== JSON.stringify(intents))
		throw new Error(
			`the reply model's ${speaker} intents are not this version's`,
		);
	return loadWeights(
		head,
		features,
		intents.length,
		"the reply model's weights do not match its vocabulary",
	);
}

/** A stored model back in memory; throws a plain-words Error when the data is not one. */
export function deserializeReplyModel(data: unknown): ReplyModel {
	const stored = data as Partial<SerializedReplyModel> | null;
	if (
		stored?.format !== "qinqing-reply-model" ||
		stored.version !== 1 ||
		!Array.isArray(stored.vocabulary)
	) {
		throw new Error("not a Qinqing reply model (format or version unknown)");
	}
	const size = stored.vocabulary.length;
	return createReplyModel(
		stored.vocabulary,
		{
			enterprise: deserializeHead(stored.enterprise, "enterprise", size),
			official: deserializeHead(stored.official, "official", size),
		},
		stored.exampleCount ?? 0,
	);
}
