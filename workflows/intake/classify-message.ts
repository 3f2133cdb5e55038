/**
 * The intake decision: is this message a problem, and if so which category and how urgent. The trained
 * model decides when there is one; the keyword rules are the fallback when it is missing or damaged.
 * Either way, messages with no words (emoji, stickers, attachments) and messages made only of the
 * directory's chatter phrases are settled before any model is asked.
 */

import type { Urgency } from "../deadlines/policy-schema.ts";
import type { Attachment } from "../shared/message-parts.ts";
import type { IntakeModel } from "../understanding/intake-model.ts";
import { DEFAULT_BANDS, readMessage } from "../understanding/read-message.ts";
import { categorize } from "./categorize.ts";
import {
	type ChatterReason,
	chatterReason,
	isChatterContent,
} from "./chatter.ts";
import { cleanText, normalizeText } from "./normalize-text.ts";
import type { RoutingRules } from "./routing-types.ts";
import { makeTitle } from "./title.ts";
import { detectUrgency } from "./urgency-words.ts";

export { detectUrgency };

export type Classification =
	| {
			kind: "chatter";
			reason: ChatterReason | "model";
			confidence: number | null;
	  }
	| {
			/** `unsure`: the model cannot tell problem from chatter, or not the category; the office decides. */
			kind: "issue" | "unsure";
			/** null: nothing points to a category; the service office triages it. */
			categoryCode: string | null;
			urgency: Urgency;
			/** The model's confidence in this reading (0–1); null when the keyword rules decided. */
			confidence: number | null;
			/** The model's probability that this is a problem; null for the keyword rules. */
			problemProbability: number | null;
			/**
			 * Keywords of the chosen category found in the text, as written in the rules — by the keyword
			 * rules only: the model weighs the keywords among its features and names none.
			 */
			matchedKeywords: string[];
			title: string;
	  };

export interface IntakeInput {
	text: string;
	attachments: Attachment[];
}

export function classifyMessage(
	input: IntakeInput,
	rules: RoutingRules,
	model: IntakeModel | null = null,
): Classification {
	const normalized = normalizeText(input.text);
	const reason = chatterReason(normalized, input.attachments, rules.intake, {
		lengthRule: model === null,
	});
	if (reason) return { kind: "chatter", reason, confidence: null };
	const title = makeTitle(cleanText(input.text), (content) =>
		isChatterContent(content, rules.intake.chatterPhrases),
	);
	if (model) {
		const probabilities = model.probabilities(input.text);
		const reading = readMessage(probabilities, DEFAULT_BANDS);
		if (reading.kind === "chatter") {
			return {
				kind: "chatter",
				reason: "model",
				confidence: reading.confidence,
			};
		}
		return {
			kind: reading.kind,
			categoryCode: reading.categoryCode,
			urgency: reading.urgency ?? "normal",
			confidence: reading.confidence,
			problemProbability: probabilities.problem,
			matchedKeywords: [],
			title,
		};
	}
	const match = categorize(normalized, rules.categories);
	return {
		kind: "issue",
		categoryCode: match?.categoryCode ?? null,
		urgency: detectUrgency(normalized, rules.urgencyWords),
		confidence: null,
		problemProbability: null,
		matchedKeywords: match?.matchedKeywords ?? [],
		title,
	};
}
