/**
 * npm run classify < messages.txt
 * Reads messages from standard input, one per line, and classifies each as an enterprise member's new
 * message in a work group, with the directory of DIRECTORY_FILE (default: the demo). Prints one JSON
 * line per message: {"text","kind","category","urgency","confidence"}; kind is issue, chatter or
 * unsure, category the category's name as written in the directory.
 */
import { createInterface } from "node:readline";
import { classifyMessage } from "../../workflows/intake/classify-message.ts";
import type { IntakeModel } from "../../workflows/understanding/intake-model.ts";
import { DEMO_DIRECTORY_FILE } from "../config.ts";
import {
	modelForRouting,
	routingOfDirectoryFile,
} from "../understanding/file-model.ts";

async function main(): Promise<number> {
	const directoryFile = process.env.DIRECTORY_FILE || DEMO_DIRECTORY_FILE;
	let routing: Awaited<ReturnType<typeof routingOfDirectoryFile>>;
	try {
		routing = await routingOfDirectoryFile(directoryFile);
	} catch (error) {
		console.error(error instanceof Error ? error.message : String(error));
		return 1;
	}
	let model: IntakeModel | null = null;
	try {
		model = modelForRouting(routing, {
			warn: (line) => console.error(`warning: ${line}`),
		}).model;
	} catch (error) {
		console.error(
			`warning: no intake model (${error instanceof Error ? error.message : String(error)}); the keyword rules decide. Check the corpus in db/seeds/intake/ and run \`npm run intake:train\`.`,
		);
	}
	// A reader that stops early (| head) is not an error.
	process.stdout.on("error", (error: NodeJS.ErrnoException) => {
		if (error.code === "EPIPE") process.exit(0);
		throw error;
	});
	const nameOf = new Map(routing.categories.map((c) => [c.code, c.name]));
	const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
	for await (const text of lines) {
		const c = classifyMessage({ text, attachments: [] }, routing, model);
		const out =
			c.kind === "chatter"
				? {
						text,
						kind: "chatter",
						category: null,
						urgency: null,
						confidence: round(c.confidence ?? 1),
					}
				: {
						text,
						kind: c.kind,
						category:
							c.categoryCode === null
								? null
								: (nameOf.get(c.categoryCode) ?? null),
						urgency: c.urgency,
						confidence: round(c.confidence ?? 0.5),
					};
		process.stdout.write(`${JSON.stringify(out)}\n`);
	}
	return 0;
}

function round(n: number): number {
	return Math.round(n * 1000) / 1000;
}

process.exitCode = await main();
