/**
 * npm run classify:reply [-- --as official] < replies.txt
 * Reads replies from standard input, one per line, as an enterprise member's (default) or a lead
 * official's reply about an issue, and prints one JSON line each:
 * {"text","as","intent","confidence","sure","acts"} — `acts`: the bot would change the issue.
 * A line `official<TAB>text` or `enterprise<TAB>text` names its own speaker.
 */
import { createInterface } from "node:readline";
import { readReply } from "../../workflows/understanding/read-reply.ts";
import {
	CONSEQUENTIAL,
	type ReplySpeaker,
} from "../../workflows/understanding/reply-intents.ts";
import { loadReplyModel } from "../understanding/reply-model-file.ts";

const at = process.argv.indexOf("--as");
const fallback: ReplySpeaker =
	process.argv[at + 1] === "official" && at >= 0 ? "official" : "enterprise";
const model = loadReplyModel((line) => console.error(`warning: ${line}`));
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
	if (error.code === "EPIPE") process.exit(0);
	throw error;
});
for await (const line of createInterface({
	input: process.stdin,
	crlfDelay: Infinity,
})) {
	const named = /^(enterprise|official)\t(.*)$/.exec(line);
	const speaker = (named?.[1] as ReplySpeaker | undefined) ?? fallback;
	const text = named?.[2] ?? line;
	const reading = readReply(model.probabilities(text, speaker));
	process.stdout.write(
		`${JSON.stringify({
			text,
			as: speaker,
			intent: reading.intent,
			confidence: Math.round(reading.confidence * 1000) / 1000,
			sure: reading.sure,
			acts: reading.sure && CONSEQUENTIAL.includes(reading.intent),
		})}\n`,
	);
}
