/**
 * Text from users (enterprise names, issue titles) in the Markdown exports: it can neither add table
 * cells, nor become a link, image, heading, list or HTML.
 */
import { describe, expect, it } from "vitest";
import {
	markdownCell,
	markdownText,
} from "../../../../bot/web/console/markdown-escape.ts";

/** The cells of one Markdown table row, split as a renderer does (at pipes not escaped). */
const cellsOf = (row: string) =>
	row
		.slice(1, -1)
		.split(/(?<!\\)\|/)
		.map((c) => c.trim());

describe("markdownCell", () => {
	it("keeps a title with pipes and a link inside one cell, with no link", () => {
		const title = "| x | [link](http://evil)";
		const row = `| 2026-000001 | ${markdownCell(title)} | 供电 |`;
		expect(cellsOf(row)).toHaveLength(3);
		expect(row).not.toMatch(/(?<!\\)\[link(?<!\\)\]\(/);
		expect(markdownCell(title)).toBe("\\| x \\| \\[link\\]\\(http://evil\\)");
	});

	it("puts a line break, an image, HTML and autolinks on one harmless line", () => {
		const text =
			"停电\n| a | b |\n![x](http://evil/p.png) <img src=x onerror=alert(1)> <http://evil>";
		const cell = markdownCell(text);
		expect(cell).not.toContain("\n");
		expect(cell).not.toMatch(/(?<!\\)!(?<!\\)\[/);
		expect(cell).not.toMatch(/(?<!\\)</);
		expect(cellsOf(`| ${cell} |`)).toHaveLength(1);
	});

	it("leaves ordinary Chinese text and numbers as they are", () => {
		expect(markdownCell("三明鑫元精密机械有限公司")).toBe(
			"三明鑫元精密机械有限公司",
		);
		expect(markdownCell("75.0%")).toBe("75.0%");
	});
});

describe("markdownText", () => {
	it("keeps a line from starting a heading, a list, a quote or a code block", () => {
		for (const line of [
			"# 标题",
			"- 项",
			"+ 项",
			"> 引用",
			"1. 项",
			"2) 项",
			"```js",
			"    code",
			"===",
			"---",
			"* 项",
		])
			expect(markdownText(line), line).not.toMatch(/^(\s|[#>+\-=*`]|\d+[.)])/);
	});

	it("escapes emphasis, links and HTML inside a paragraph", () => {
		expect(markdownText("**粗** _斜_ [a](b) <b>x</b> `c`")).toBe(
			"\\*\\*粗\\*\\* \\_斜\\_ \\[a\\]\\(b\\) &lt;b&gt;x&lt;/b&gt; \\`c\\`",
		);
	});
});
