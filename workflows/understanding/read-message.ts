/**
 * From the model's probabilities to what the bot does with an enterprise's message:
 * - `issue`: sure it is a problem and of its category — registered, acknowledged, department mentioned;
 * - `chatter`: sure it is not — silence;
 * - `unsure`: anything between — no word in the group; it waits on the office's triage list.
 * A wrong ping costs more than a candidate the office confirms in one click, so the bands lean to
 * `unsure` rather than guessing.
 */
import type { Urgency } from "../deadlines/policy-schema.ts";
import type { IntakeProbabilities } from "./intake-model.ts";

export interface IntakeReading {
	kind: "issue" | "chatter" | "unsure";
	/** The most likely category (also for `unsure`, as the office's first guess); null for chatter. */
	categoryCode: string | null;
	urgency: Urgency | null;
	/** How likely the reading is right: P(problem)·P(category) for an issue or an unsure one, P(chatter) for chatter. */
	confidence: number;
}

export interface ReadingBands {
	/** At least this probability of a problem … */
	problemAt: number;
	/** … and of its category, for an issue. */
	categoryAt: number;
	/** At most this probability of a problem, for chatter. */
	chatterBelow: number;
}

export const DEFAULT_BANDS: ReadingBands = {
	problemAt: 0.6,
	categoryAt: 0.4,
	chatterBelow: 0.4,
};

export function readMessage(
	probabilities: IntakeProbabilities,
	bands: ReadingBands = DEFAULT_BANDS,
): IntakeReading {
	const best = probabilities.categories[0];
	const problem = probabilities.problem;
	if (problem <= bands.chatterBelow) {
		return {
			kind: "chatter",
			categoryCode: null,
			urgency: null,
			confidence: 1 - problem,
		};
	}
	// "None of the directory's categories" is a reading too: no department is mentioned; the office dispatches.
	const none = probabilities.otherCategory > (best?.probability ?? 0);
	const categoryProbability = none
		? probabilities.otherCategory
		: (best?.probability ?? 0);
	const sure =
		problem >= bands.problemAt && categoryProbability >= bands.categoryAt;
	return {
		kind: sure ? "issue" : "unsure",
		categoryCode: none ? null : (best?.code ?? null),
		urgency: probabilities.urgency.level,
		confidence: problem * categoryProbability,
	};
}
