/**
 * Escaping user-provided text (enterprise names, issue titles, department names) for the Markdown
 * exports, so it reads as the text it is: no table cells, links, images, emphasis, headings, lists,
 * quotes, code or HTML of its own. Bare URLs stay visible as written (a renderer may still underline
 * them, but their text is their target: nothing is disguised).
 */

/** Characters with a meaning in CommonMark or GFM inline text; each is escaped with a backslash. */
const INLINE = /[\\`*_{}[\]()#+\-!|~=]/g;
const HTML: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

function escapeLine(line: string): string {
	return (
		line
			// Leading spaces would make an indented code block; they carry nothing in a cell or a line.
			.replace(/^[ \t]+/, "")
			.replace(/[&<>]/g, (c) => HTML[c] ?? c)
			.replace(INLINE, (c) => `\\${c}`)
			// "1. " or "1) " starts an ordered list.
			.replace(/^(\d+)([.)])(?=\s|$)/, "$1\\$2")
	);
}

/** For a paragraph: every line escaped, line breaks kept. */
export function markdownText(text: string): string {
	return text
		.split(/\r\n|\r|\n/)
		.map(escapeLine)
		.join("\n");
}

/** For a table cell: escaped, on one line (a line break would end the row). */
export function markdownCell(text: string): string {
	return text
		.split(/\r\n|\r|\n/)
		.map(escapeLine)
		.filter((line) => line !== "")
		.join(" ");
}
