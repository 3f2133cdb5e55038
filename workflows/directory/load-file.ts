/** Reads a directory file and reports every problem in it with file, path and line:column. */
import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { checkCrossReferences, type Finding } from "./cross-references.ts";
import type { DirectoryError, PathSegment } from "./errors.ts";
import { formatPath } from "./errors.ts";
import { type DirectoryFile, directoryFileSchema } from "./file-schema.ts";
import { createLocator } from "./locate.ts";

export type LoadDirectoryResult =
	| { ok: true; directory: DirectoryFile }
	| { ok: false; errors: DirectoryError[] };

export async function loadDirectoryFile(
	path: string,
): Promise<LoadDirectoryResult> {
	let text: string;
	try {
		text = await readFile(path, "utf8");
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return {
			ok: false,
			errors: [
				{
					code: "unreadable",
					file: path,
					path: "",
					line: 1,
					column: 1,
					message: `cannot read it: ${reason}`,
				},
			],
		};
	}
	return parseDirectoryText(text, path);
}

/** The same as `loadDirectoryFile` for text already in hand; `file` is only used in the errors. */
export function parseDirectoryText(
	text: string,
	file: string,
): LoadDirectoryResult {
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, { lineCounter, prettyErrors: false });
	if (doc.errors.length > 0) {
		const errors = doc.errors.map((error): DirectoryError => {
			const { line, col } = lineCounter.linePos(error.pos[0]);
			return {
				code: "syntax",
				file,
				path: "",
				line,
				column: col,
				message: `YAML syntax: ${error.message}`,
			};
		});
		return { ok: false, errors };
	}

	const raw: unknown = doc.toJS({ maxAliasCount: 1000 });
	const parsed = directoryFileSchema.safeParse(raw);
	const findings = [
		...(parsed.success
			? []
			: parsed.error.issues.flatMap((i) => fromSchemaIssue(i, raw))),
		...checkCrossReferences(raw),
	];
	if (parsed.success && findings.length === 0)
		return { ok: true, directory: parsed.data };

	const locate = createLocator(doc, lineCounter);
	const errors = findings.map((finding): DirectoryError => {
		const { line, column } = locate(finding.path, finding.key);
		const path = formatPath(
			finding.key === undefined ? finding.path : [...finding.path, finding.key],
		);
		return {
			code: finding.code,
			file,
			path,
			line,
			column,
			message: finding.message,
		};
	});
	errors.sort((a, b) => a.line - b.line || a.column - b.column);
	return { ok: false, errors };
}

function fromSchemaIssue(issue: z.core.$ZodIssue, raw: unknown): Finding[] {
	const path = issue.path.filter(
		(s): s is PathSegment => typeof s !== "symbol",
	);
	if (issue.code === "unrecognized_keys") {
		return issue.keys.map((key) => ({
			code: "invalid",
			path,
			key,
			message: `unknown field "${key}"`,
		}));
	}
	if (issue.code === "invalid_type" && valueAt(raw, path) === undefined) {
		const field = path.at(-1);
		const message =
			typeof field === "string"
				? `the field "${field}" is missing (expected ${issue.expected})`
				: issue.message;
		return [{ code: "invalid", path, message }];
	}
	return [{ code: "invalid", path, message: issue.message }];
}

function valueAt(raw: unknown, path: readonly PathSegment[]): unknown {
	let value = raw;
	for (const segment of path) {
		if (typeof value !== "object" || value === null) return undefined;
		value = (value as Record<PathSegment, unknown>)[segment];
	}
	return value;
}
