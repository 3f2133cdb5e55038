/** How well the reply model does on labelled replies: the figures `bench:replies` prints. */
import { readReply } from "./read-reply.ts";
import type { ReplyRow } from "./reply-corpus.ts";
import { CONSEQUENTIAL } from "./reply-intents.ts";
import type { ReplyModel } from "./reply-model.ts";

export interface ReplyFigures {
	replies: number;
	/** The best intent is the labelled one (whether sure or not). */
	intentRight: number;
	/** Sure and right: the bot does what was meant. */
	actedRight: number;
	/** Sure of a state-changing intent the speaker did not mean: a wrong reopen, resolve or rating. */
	wrongAction: number;
	/** Not sure: nothing changes, the words are kept or asked about. */
	unsure: number;
	/** rows: labelled intent; columns: the reading ("?" prefix when unsure). */
	confusion: Record<string, Record<string, number>>;
}

export function evaluateReplies(
	model: ReplyModel,
	rows: ReplyRow[],
): ReplyFigures {
	const figures: ReplyFigures = {
		replies: rows.length,
		intentRight: 0,
		actedRight: 0,
		wrongAction: 0,
		unsure: 0,
		confusion: {},
	};
	for (const row of rows) {
		const reading = readReply(model.probabilities(row.text, row.speaker));
		const truth = `${row.speaker}:${row.intent}`;
		const said = `${reading.sure ? "" : "?"}${reading.intent}`;
		const line = figures.confusion[truth] ?? {};
		figures.confusion[truth] = line;
		line[said] = (line[said] ?? 0) + 1;
		if (reading.intent === row.intent) figures.intentRight++;
		if (!reading.sure) figures.unsure++;
		else if (reading.intent === row.intent) figures.actedRight++;
		else if (CONSEQUENTIAL.includes(reading.intent)) figures.wrongAction++;
	}
	return figures;
}
