/**
 * The labelled corpus as shipped (db/seeds/intake/*.tsv): `kind<TAB>category<TAB>urgency<TAB>text`,
 * `-` for no category or urgency, `\n` for a line break inside a message, `#` for a comment.
 */
import { URGENCIES, type Urgency } from "../deadlines/policy-schema.ts";

export interface CorpusRow {
	kind: "issue" | "chatter";
	/** The category's name as written in the directory (用电), or null. */
	categoryName: string | null;
	urgency: Urgency | null;
	text: string;
	/** file:line, for messages about the row. */
	where: string;
}

export class CorpusError extends Error {}

export function parseCorpus(content: string, file: string): CorpusRow[] {
	const rows: CorpusRow[] = [];
	const lines = content.split(/\r?\n/);
	lines.forEach((line, i) => {
		if (line.trim() === "" || line.startsWith("#")) return;
		const where = `${file}:${i + 1}`;
		const fields = line.split("\t");
		const fail = (column: number, what: string): never => {
			const at =
				fields.slice(0, column).join("\t").length + (column > 0 ? 2 : 1);
			throw new CorpusError(`${where}:${at}: ${what}`);
		};
		if (fields.length !== 4) {
			fail(0, `expected 4 tab-separated columns, found ${fields.length}`);
		}
		const [kind = "", category = "", urgency = "", raw = ""] = fields;
		if (kind !== "issue" && kind !== "chatter") {
			fail(0, `kind must be "issue" or "chatter", not "${kind}"`);
		}
		if (kind === "issue" && (category === "-" || category === "")) {
			fail(1, "an issue needs a category");
		}
		if (
			kind === "issue" &&
			!(URGENCIES as readonly string[]).includes(urgency)
		) {
			fail(
				2,
				`urgency must be one of ${URGENCIES.join(", ")}, not "${urgency}"`,
			);
		}
		const text = raw.replace(/\\n/g, "\n");
		if (text.trim() === "") fail(3, "the text is empty");
		rows.push({
			kind: kind as CorpusRow["kind"],
			categoryName: kind === "issue" ? category : null,
			urgency: kind === "issue" ? (urgency as Urgency) : null,
			text,
			where,
		});
	});
	return rows;
}
