/**
 * npm run replies:train
 * Trains the reply model on db/seeds/replies/train-*.tsv and writes db/seeds/replies/model.json.gz.
 */
import { writeFileSync } from "node:fs";
import { replyTrainingCorpus } from "../../workflows/understanding/reply-corpus.ts";
import {
	replyFingerprint,
	trainReplyModel,
} from "../../workflows/understanding/reply-model.ts";
import {
	encodeReplyModel,
	SHIPPED_REPLY_MODEL_FILE,
} from "../understanding/reply-model-file.ts";

const started = Date.now();
const corpus = replyTrainingCorpus();
const fingerprint = replyFingerprint(corpus);
const model = trainReplyModel(corpus);
const bytes = encodeReplyModel(fingerprint, model.serialize());
writeFileSync(SHIPPED_REPLY_MODEL_FILE, bytes);
console.log(
	`trained on ${model.exampleCount} replies in ${Date.now() - started} ms; wrote ${SHIPPED_REPLY_MODEL_FILE} (${Math.round(bytes.length / 1024)} KiB, fingerprint ${fingerprint})`,
);
