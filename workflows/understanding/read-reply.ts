/**
 * From the reply model's probabilities to a reading: the speaker's most likely intent, `sure` only
 * when its probability clears the band. An action that changes the issue (reopen, resolve, a rating)
 * needs more certainty than keeping the words on the record.
 */
import { CONSEQUENTIAL, type ReplyIntent } from "./reply-intents.ts";
import type { ReplyProbabilities } from "./reply-model.ts";

export interface ReplyReading {
	intent: ReplyIntent;
	confidence: number;
	/** Sure enough to act on. */
	sure: boolean;
}

export const REPLY_BANDS = {
	/** For an intent that changes the state. */
	actAt: 0.8,
	/** For one that only keeps the words (add_info, visit_answer, progress) or lets them pass (other). */
	keepAt: 0.5,
};

export function readReply(
	probabilities: ReplyProbabilities,
	bands = REPLY_BANDS,
): ReplyReading {
	const best = probabilities[0] ?? { intent: "other", probability: 0 };
	const band = CONSEQUENTIAL.includes(best.intent) ? bands.actAt : bands.keepAt;
	return {
		intent: best.intent,
		confidence: best.probability,
		sure: best.probability >= band,
	};
}
