/**
 * `npm run bench:understanding`: trains the intake model on the shipped training files and the demo
 * directory, then measures it on the development set (never trained on): categories, chatter, unsure,
 * urgency, a confusion matrix; classification latency, model load time and memory; training time for
 * 10 000 messages. The keyword rules are measured on the same set as the baseline. Ends with one JSON line.
 */
import { performance } from "node:perf_hooks";
import { DEMO_DIRECTORY_FILE } from "../../bot/config.ts";
import { loadDirectoryFile } from "../../workflows/directory/load-file.ts";
import { routingFromFile } from "../../workflows/directory/routing-from-file.ts";
import { classifyMessage } from "../../workflows/intake/classify-message.ts";
import {
	evaluateReadings,
	percent,
	type UnderstandingFigures,
} from "../../workflows/understanding/evaluate.ts";
import {
	deserializeIntakeModel,
	trainIntakeModel,
} from "../../workflows/understanding/intake-model.ts";
import { readMessage } from "../../workflows/understanding/read-message.ts";
import {
	developmentCorpus,
	trainingCorpus,
} from "../../workflows/understanding/shipped-corpus.ts";
import { buildTrainingInput } from "../../workflows/understanding/training-input.ts";

const file = process.env.DIRECTORY_FILE ?? DEMO_DIRECTORY_FILE;
const loaded = await loadDirectoryFile(file);
if (!loaded.ok) throw new Error(`cannot read the directory ${file}`);
const routing = routingFromFile(loaded.directory);
const nameOf = (code: string | null) =>
	routing.categories.find((c) => c.code === code)?.name ?? null;

const train = trainingCorpus();
const dev = developmentCorpus();
const input = buildTrainingInput(train, routing);

let started = performance.now();
const model = trainIntakeModel(input);
const trainSeconds = (performance.now() - started) / 1000;

const serialized = JSON.stringify(model.serialize());
const rssBefore = process.memoryUsage().rss;
started = performance.now();
const loadedModel = deserializeIntakeModel(JSON.parse(serialized));
const loadMs = performance.now() - started;

const latencies: number[] = [];
const read = (text: string) => {
	const t = performance.now();
	const reading = readMessage(loadedModel.probabilities(text));
	latencies.push(performance.now() - t);
	return reading;
};
read("预热 warm-up");
latencies.length = 0;
const figures = evaluateReadings(dev, read, nameOf);
const memoryMb = Math.round(process.memoryUsage().rss / 1048576);

const keywords = evaluateReadings(
	dev,
	(text) => {
		const c = classifyMessage({ text, attachments: [] }, routing);
		return c.kind === "chatter"
			? { kind: "chatter", categoryCode: null, urgency: null, confidence: 1 }
			: {
					kind: c.categoryCode === null ? "unsure" : "issue",
					categoryCode: c.categoryCode,
					urgency: c.urgency,
					confidence: 1,
				};
	},
	nameOf,
);

// Training time at 10 000 messages: the corpus repeated with a marker so no two are equal.
const big = [];
for (let i = 0; big.length < 10_000; i++) {
	for (const row of train) big.push({ ...row, text: `${row.text} ${i}` });
}
started = performance.now();
trainIntakeModel(buildTrainingInput(big.slice(0, 10_000), routing));
const train10kSeconds = (performance.now() - started) / 1000;

latencies.sort((a, b) => a - b);
const p = (q: number) =>
	Math.round(1000 * (latencies[Math.floor(q * (latencies.length - 1))] ?? 0)) /
	1000;

function summary(f: UnderstandingFigures) {
	return {
		categoryRightPct: percent(f.categoryRight, f.problems),
		categoryGuessRightPct: percent(f.categoryGuessRight, f.problems),
		wrongCategoryPct: percent(f.categoryWrong, f.problems),
		chatterRegisteredPct: percent(f.chatterRegistered, f.chatter),
		problemsTakenForChatterPct: percent(f.problemsTakenForChatter, f.problems),
		unsurePct: percent(f.unsure, f.messages),
		urgencyRightPct: percent(
			f.urgencyRight,
			f.problems - f.problemsTakenForChatter,
		),
	};
}

const columns = [...routing.categories.map((c) => c.name), "unsure", "chatter"];
console.log(
	`development set: ${figures.problems} problems, ${figures.chatter} chatter; trained on ${train.length}`,
);
console.log(["truth \\ read", ...columns].map((c) => c.padStart(6)).join(" "));
for (const truth of [...routing.categories.map((c) => c.name), "chatter"]) {
	const line = figures.confusion.get(truth);
	if (!line) continue;
	console.log(
		[truth, ...columns.map((c) => String(line.get(c) ?? 0))]
			.map((c) => c.padStart(6))
			.join(" "),
	);
}
console.log(
	JSON.stringify({
		bench: "understanding",
		train: train.length,
		dev: dev.length,
		model: summary(figures),
		keywordRules: summary(keywords),
		classifyP50Ms: p(0.5),
		classifyP99Ms: p(0.99),
		modelLoadMs: Math.round(loadMs),
		modelBytes: serialized.length,
		rssMb: memoryMb,
		rssBeforeLoadMb: Math.round(rssBefore / 1048576),
		trainSeconds: Math.round(trainSeconds * 10) / 10,
		train10kSeconds: Math.round(train10kSeconds * 10) / 10,
	}),
);
