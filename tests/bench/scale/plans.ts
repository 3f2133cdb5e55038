/**
 * Records the statements a call sends through node-postgres, then runs each again under
 * EXPLAIN (ANALYZE, BUFFERS) on a connection of its own and writes the plans to a file.
 */
import { writeFileSync } from "node:fs";
import pg from "pg";
import { SESSION_OPTIONS } from "../../../db/client.ts";

interface Statement {
	text: string;
	values: unknown[];
}

let recording: Statement[] | null = null;
const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function recorded(
	this: pg.Client,
	...args: unknown[]
) {
	if (recording) {
		const first = args[0] as string | { text?: string; values?: unknown[] };
		const text = typeof first === "string" ? first : (first?.text ?? "");
		const values =
			(typeof first === "string" ? undefined : first?.values) ??
			(Array.isArray(args[1]) ? (args[1] as unknown[]) : []);
		if (/^\s*(select|with)/i.test(text)) recording.push({ text, values });
	}
	return original.apply(this, args);
} as typeof pg.Client.prototype.query;

export async function explainCall(
	url: string,
	file: string,
	fn: () => Promise<unknown>,
): Promise<void> {
	recording = [];
	await fn();
	const statements = recording;
	recording = null;
	const client = new pg.Client({
		connectionString: url,
		options: SESSION_OPTIONS,
	});
	await client.connect();
	const out: string[] = [];
	try {
		for (const s of statements) {
			const result = await client.query(
				`explain (analyze, buffers) ${s.text}`,
				s.values,
			);
			out.push(
				`-- ${s.text.replace(/\s+/g, " ")}\n-- values: ${JSON.stringify(s.values).slice(0, 300)}\n${result.rows.map((r) => r["QUERY PLAN"]).join("\n")}\n`,
			);
		}
	} finally {
		await client.end();
	}
	writeFileSync(file, out.join("\n"));
}
