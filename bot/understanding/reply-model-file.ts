/**
 * The reply model as shipped (db/seeds/replies/model.json.gz: gzip of `{ fingerprint, model }`), and
 * the one a process uses: the shipped file when it was trained on the corpus as it is, else one
 * trained at first use (a few seconds) with a warning to run `npm run replies:train`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { replyTrainingCorpus } from "../../workflows/understanding/reply-corpus.ts";
import {
	deserializeReplyModel,
	type ReplyModel,
	replyFingerprint,
	type SerializedReplyModel,
	trainReplyModel,
} from "../../workflows/understanding/reply-model.ts";

export const SHIPPED_REPLY_MODEL_FILE = fileURLToPath(
	new URL("../../db/seeds/replies/model.json.gz", import.meta.url),
);

export function encodeReplyModel(
	fingerprint: string,
	model: SerializedReplyModel,
): Buffer {
	return gzipSync(JSON.stringify({ fingerprint, model }), { level: 9 });
}

export function readReplyModelFile(path: string): {
	fingerprint: string;
	model: ReplyModel;
} {
	const data = JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as {
		fingerprint?: unknown;
		model?: unknown;
	};
	if (typeof data.fingerprint !== "string")
		throw new Error("not a Qinqing reply model (no fingerprint)");
	return {
		fingerprint: data.fingerprint,
		model: deserializeReplyModel(data.model),
	};
}

export function loadReplyModel(
	warn: (line: string) => void,
	file: string = SHIPPED_REPLY_MODEL_FILE,
): ReplyModel {
	const corpus = replyTrainingCorpus();
	const fingerprint = replyFingerprint(corpus);
	try {
		const shipped = readReplyModelFile(file);
		if (shipped.fingerprint === fingerprint) return shipped.model;
		warn(
			`the reply model ${file} was trained on another corpus: run \`npm run replies:train\`; training one for this run.`,
		);
	} catch (error) {
		warn(
			`the reply model ${file} cannot be read (${error instanceof Error ? error.message : String(error)}): run \`npm run replies:train\`; training one for this run.`,
		);
	}
	return trainReplyModel(corpus);
}

let current: ReplyModel | null = null;

/** The process's reply model, loaded (or trained) once. */
export function replyModel(warn: (line: string) => void): ReplyModel {
	current ??= loadReplyModel(warn);
	return current;
}
