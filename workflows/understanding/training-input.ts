/**
 * What a deployment's intake model learns from: the shipped corpus, the directory's keywords and
 * examples, and the service office's corrections — mapped onto the directory's categories.
 */
import { createHash } from "node:crypto";
import type {
	CategoryRule,
	DirectoryExample,
	RoutingRules,
} from "../intake/routing-types.ts";
import type { CorpusRow } from "./corpus-file.ts";
import type { IntakeTrainingInput, LabelledMessage } from "./intake-model.ts";

/** Bumped whenever the features or the trainer change, so that a stored model is not reused. */
export const MODEL_RECIPE = "intake-v3";

/** The office's word counts more than a sentence in the corpus: it is about this very deployment. */
export const CORRECTION_WEIGHT = 3;
const DIRECTORY_EXAMPLE_WEIGHT = 2;
/** A bare keyword teaches its category, lightly; it says nothing about problem or chatter. */
const KEYWORD_WEIGHT = 0.5;

export interface Correction {
	text: string;
	kind: "issue" | "chatter";
	categoryCode: string | null;
}

export function buildTrainingInput(
	corpus: CorpusRow[],
	routing: Pick<RoutingRules, "categories" | "urgencyWords" | "examples">,
	corrections: Correction[] = [],
): IntakeTrainingInput {
	const codeByName = new Map<string, string>();
	for (const category of routing.categories) {
		codeByName.set(category.code, category.code);
		codeByName.set(category.name, category.code);
	}
	const examples: LabelledMessage[] = corpus.map((row) => ({
		text: row.text,
		kind: row.kind,
		categoryCode:
			row.categoryName === null
				? null
				: (codeByName.get(row.categoryName) ?? null),
		urgency: row.urgency,
	}));
	for (const category of routing.categories) {
		for (const keyword of category.keywords) {
			examples.push({
				text: keyword,
				kind: "issue",
				categoryCode: category.code,
				urgency: null,
				weight: KEYWORD_WEIGHT,
				categoryOnly: true,
			});
		}
	}
	examples.push(...routing.examples.map(fromDirectory));
	examples.push(
		...corrections.map((c) => ({
			text: c.text,
			kind: c.kind,
			categoryCode: c.categoryCode,
			urgency: null,
			weight: CORRECTION_WEIGHT,
		})),
	);
	return {
		categories: routing.categories.map((c: CategoryRule) => ({
			code: c.code,
			name: c.name,
			keywords: c.keywords,
		})),
		urgencyWords: routing.urgencyWords,
		examples,
	};
}

function fromDirectory(example: DirectoryExample): LabelledMessage {
	return {
		text: example.text,
		kind: example.categoryCode === null ? "chatter" : "issue",
		categoryCode: example.categoryCode,
		urgency: example.urgency,
		weight: DIRECTORY_EXAMPLE_WEIGHT,
	};
}

/** Names a training input: two inputs with the same fingerprint train the same model. */
export function trainingFingerprint(input: IntakeTrainingInput): string {
	return createHash("sha256")
		.update(MODEL_RECIPE)
		.update(JSON.stringify(input))
		.digest("hex")
		.slice(0, 32);
}
