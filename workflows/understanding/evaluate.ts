/** How well a reader does on labelled messages: the figures `bench:understanding` prints. */
import type { CorpusRow } from "./corpus-file.ts";
import type { IntakeReading } from "./read-message.ts";

export interface UnderstandingFigures {
	messages: number;
	problems: number;
	chatter: number;
	/** Problems registered as issues of the right category. */
	categoryRight: number;
	/** Problems whose best category guess is right, whatever the kind (what the office would see). */
	categoryGuessRight: number;
	/** Problems registered as issues of a wrong category: the wrong pings. */
	categoryWrong: number;
	chatterRegistered: number;
	problemsTakenForChatter: number;
	unsure: number;
	urgencyRight: number;
	/** rows: true category name; columns: what the reader said (a category name, "chatter" or "unsure"). */
	confusion: Map<string, Map<string, number>>;
}

export function evaluateReadings(
	rows: CorpusRow[],
	read: (text: string) => IntakeReading,
	categoryName: (code: string | null) => string | null,
): UnderstandingFigures {
	const figures: UnderstandingFigures = {
		messages: rows.length,
		problems: 0,
		chatter: 0,
		categoryRight: 0,
		categoryGuessRight: 0,
		categoryWrong: 0,
		chatterRegistered: 0,
		problemsTakenForChatter: 0,
		unsure: 0,
		urgencyRight: 0,
		confusion: new Map(),
	};
	for (const row of rows) {
		const reading = read(row.text);
		const said =
			reading.kind === "issue"
				? (categoryName(reading.categoryCode) ?? "?")
				: reading.kind;
		const truth = row.kind === "issue" ? (row.categoryName ?? "?") : "chatter";
		const line = figures.confusion.get(truth) ?? new Map<string, number>();
		line.set(said, (line.get(said) ?? 0) + 1);
		figures.confusion.set(truth, line);
		if (reading.kind === "unsure") figures.unsure++;
		if (row.kind === "chatter") {
			figures.chatter++;
			if (reading.kind === "issue") figures.chatterRegistered++;
			continue;
		}
		figures.problems++;
		const guess = categoryName(reading.categoryCode);
		if (reading.kind === "chatter") figures.problemsTakenForChatter++;
		else if (guess === row.categoryName) figures.categoryGuessRight++;
		if (reading.kind === "issue") {
			if (guess === row.categoryName) figures.categoryRight++;
			else figures.categoryWrong++;
		}
		if (reading.kind !== "chatter" && reading.urgency === row.urgency)
			figures.urgencyRight++;
	}
	return figures;
}

/** Share as a percentage with one decimal. */
export function percent(part: number, whole: number): number {
	return whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10;
}
