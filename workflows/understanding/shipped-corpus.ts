/** The corpus the project ships (db/seeds/intake): its training files, and the development set apart. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CorpusRow, parseCorpus } from "./corpus-file.ts";

export const CORPUS_DIR = fileURLToPath(
	new URL("../../db/seeds/intake/", import.meta.url),
);

function readSet(prefix: "train-" | "dev-", dir: string): CorpusRow[] {
	return readdirSync(dir)
		.filter((name) => name.startsWith(prefix) && name.endsWith(".tsv"))
		.sort()
		.flatMap((name) => {
			const path = join(dir, name);
			return parseCorpus(readFileSync(path, "utf8"), path);
		});
}

/** What the shipped model is trained on. */
export function trainingCorpus(dir: string = CORPUS_DIR): CorpusRow[] {
	return readSet("train-", dir);
}

/** The development set: for measuring only, never trained on. */
export function developmentCorpus(dir: string = CORPUS_DIR): CorpusRow[] {
	return readSet("dev-", dir);
}
