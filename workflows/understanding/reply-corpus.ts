/**
 * The labelled replies (db/seeds/replies/*.tsv): `speaker<TAB>intent<TAB>text` (speaker `enterprise` or
 * `official`), `#` for a comment. `train-*.tsv`
 * is what the reply model learns from, `dev-*.tsv` only measures it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
	INTENTS_OF,
	type ReplyIntent,
	type ReplySpeaker,
} from "./reply-intents.ts";

export const REPLY_CORPUS_DIR = fileURLToPath(
	new URL("../../db/seeds/replies/", import.meta.url),
);

export interface ReplyRow {
	speaker: ReplySpeaker;
	intent: ReplyIntent;
	text: string;
	/** file:line */
	where: string;
}

export function parseReplyCorpus(content: string, file: string): ReplyRow[] {
	const rows: ReplyRow[] = [];
	content.split(/\r?\n/).forEach((line, i) => {
		if (line.trim() === "" || line.startsWith("#")) return;
		const where = `${file}:${i + 1}`;
		const fields = line.split("\t");
		const [speaker = "", intent = "", text = ""] = fields;
		if (fields.length !== 3)
			throw new Error(
				`${where}: expected 3 tab-separated columns, found ${fields.length}`,
			);
		if (speaker !== "enterprise" && speaker !== "official")
			throw new Error(`${where}: speaker must be enterprise or official`);
		if (!(INTENTS_OF[speaker] as readonly string[]).includes(intent))
			throw new Error(`${where}: "${intent}" is not an intent of ${speaker}`);
		if (text.trim() === "") throw new Error(`${where}: the text is empty`);
		rows.push({ speaker, intent: intent as ReplyIntent, text, where });
	});
	return rows;
}

function readSet(prefix: "train-" | "dev-", dir: string): ReplyRow[] {
	return readdirSync(dir)
		.filter((name) => name.startsWith(prefix) && name.endsWith(".tsv"))
		.sort()
		.flatMap((name) => {
			const path = join(dir, name);
			return parseReplyCorpus(readFileSync(path, "utf8"), path);
		});
}

export function replyTrainingCorpus(
	dir: string = REPLY_CORPUS_DIR,
): ReplyRow[] {
	return readSet("train-", dir);
}

/** Never trained on. */
export function replyDevelopmentCorpus(
	dir: string = REPLY_CORPUS_DIR,
): ReplyRow[] {
	return readSet("dev-", dir);
}
