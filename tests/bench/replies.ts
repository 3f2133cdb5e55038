/**
 * `npm run bench:replies`: trains the reply model on db/seeds/replies/train-*.tsv and measures it on
 * the development set (never trained on): the right intent, a wrong state-changing action, unsure,
 * the confusion by intent, and the reading time per reply. Ends with one JSON line.
 */
import { performance } from "node:perf_hooks";
import { percent } from "../../workflows/understanding/evaluate.ts";
import { evaluateReplies } from "../../workflows/understanding/evaluate-replies.ts";
import {
	replyDevelopmentCorpus,
	replyTrainingCorpus,
} from "../../workflows/understanding/reply-corpus.ts";
import { trainReplyModel } from "../../workflows/understanding/reply-model.ts";

const train = replyTrainingCorpus();
const dev = replyDevelopmentCorpus();
let started = performance.now();
const model = trainReplyModel(train);
const trainMs = performance.now() - started;

const figures = evaluateReplies(model, dev);
for (const [truth, line] of Object.entries(figures.confusion)) {
	console.log(
		`${truth.padEnd(32)} ${Object.entries(line)
			.sort((a, b) => b[1] - a[1])
			.map(([said, n]) => `${said}:${n}`)
			.join("  ")}`,
	);
}

const times: number[] = [];
for (let round = 0; round < 5; round++) {
	for (const row of dev) {
		started = performance.now();
		model.probabilities(row.text, row.speaker);
		times.push(performance.now() - started);
	}
}
times.sort((a, b) => a - b);
const at = (q: number) =>
	Math.round((times[Math.floor(q * (times.length - 1))] ?? 0) * 1000) / 1000;

console.log(
	JSON.stringify({
		bench: "replies",
		trainingReplies: train.length,
		developmentReplies: dev.length,
		intentRightPct: percent(figures.intentRight, figures.replies),
		actedRightPct: percent(figures.actedRight, figures.replies),
		wrongActionPct: percent(figures.wrongAction, figures.replies),
		unsurePct: percent(figures.unsure, figures.replies),
		trainMs: Math.round(trainMs),
		readP50Ms: at(0.5),
		readP99Ms: at(0.99),
	}),
);
