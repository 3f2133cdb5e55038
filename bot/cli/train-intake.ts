/**
 * npm run intake:train
 * Trains the intake model on the shipped corpus (db/seeds/intake/train-*.tsv) and the directory of
 * DIRECTORY_FILE (default: the demo) and writes it to db/seeds/intake/model.json.gz, the model a fresh
 * clone starts with. A running deployment trains its own (with the office's corrections) by itself.
 */
import { writeFileSync } from "node:fs";
import { DEMO_DIRECTORY_FILE } from "../config.ts";
import {
	modelForRouting,
	routingOfDirectoryFile,
} from "../understanding/file-model.ts";
import {
	encodeModel,
	SHIPPED_MODEL_FILE,
} from "../understanding/model-file.ts";

const directoryFile = process.env.DIRECTORY_FILE || DEMO_DIRECTORY_FILE;
const started = Date.now();
const { model, fingerprint } = modelForRouting(
	await routingOfDirectoryFile(directoryFile),
	{ warn: () => {}, retrain: true },
);
const bytes = encodeModel(fingerprint, model.serialize());
writeFileSync(SHIPPED_MODEL_FILE, bytes);
console.log(
	`trained on ${model.exampleCount} examples in ${Date.now() - started} ms; wrote ${SHIPPED_MODEL_FILE} (${Math.round(bytes.length / 1024)} KiB, fingerprint ${fingerprint})`,
);
