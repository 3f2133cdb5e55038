/** README.md and docs/*.md: every relative link leads to a file of this repository and a heading that exists; every path they name exists. */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const PAGES = [
	"README.md",
	...readdirSync(resolve(ROOT, "docs"))
		.filter((name) => name.endsWith(".md"))
		.map((name) => `docs/${name}`),
];

/** The text outside fenced code blocks and inline code, where a link means a link. */
function prose(markdown: string): string {
	return markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
}

/** GitHub's anchors: lower case, punctuation dropped (letters of any script kept), spaces to hyphens. */
function anchorsOf(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	for (const line of markdown.replace(/^```[\s\S]*?^```/gm, "").split("\n")) {
		const heading = /^#{1,6}\s+(.*)$/.exec(line)?.[1];
		if (heading === undefined) continue;
		const slug = heading
			.trim()
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\s_-]/gu, "")
			.replace(/\s/g, "-");
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return anchors;
}

function linksOf(markdown: string): string[] {
	return [
		...prose(markdown).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g),
	]
		.map((m) => m[1] ?? "")
		.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

it("has only relative links that lead to files and headings of this repository", () => {
	const broken: string[] = [];
	for (const page of PAGES) {
		const text = readFileSync(resolve(ROOT, page), "utf8");
		for (const target of linksOf(text)) {
			const [path = "", anchor] = target.split("#");
			const file =
				path === ""
					? resolve(ROOT, page)
					: resolve(ROOT, dirname(page), decodeURI(path));
			const inside = !relative(ROOT, file).startsWith("..");
			if (!inside || !existsSync(file)) {
				broken.push(`${page}: ${target} (no such file in the repository)`);
				continue;
			}
			if (anchor && file.endsWith(".md") && statSync(file).isFile()) {
				const anchors = anchorsOf(readFileSync(file, "utf8"));
				if (!anchors.has(decodeURIComponent(anchor).toLowerCase()))
					broken.push(`${page}: ${target} (no such heading)`);
			}
		}
	}
	expect(broken).toEqual([]);
});

it("finds a broken link, a missing heading and a link out of the repository", () => {
	const text =
		"[a](docs/nowhere.md) [b](docs/security.md#no-such-part) [c](../shared/DOMAIN.md) `[d](x.md)`";
	expect(linksOf(text)).toEqual([
		"docs/nowhere.md",
		"docs/security.md#no-such-part",
		"../shared/DOMAIN.md",
	]);
	expect(
		anchorsOf(
			"## Faults (`npm run test:faults`)\n## An escalation step (催办/督办)",
		),
	).toEqual(
		new Set(["faults-npm-run-testfaults", "an-escalation-step-催办督办"]),
	);
});

it("names only repository paths that exist", () => {
	const missing: string[] = [];
	for (const page of PAGES) {
		const text = readFileSync(resolve(ROOT, page), "utf8");
		for (const [, path = ""] of text.matchAll(
			/`((?:bot|workflows|db|tests|adapters|docs)\/[\w./-]+)`/g,
		)) {
			if (!existsSync(resolve(ROOT, path))) missing.push(`${page}: ${path}`);
		}
	}
	expect(missing).toEqual([]);
});
