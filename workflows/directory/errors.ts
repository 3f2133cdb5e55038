/** What is wrong with a directory file, and where: file, path inside it, line and column. */

export type DirectoryErrorCode =
	/** The file could not be read. */
	| "unreadable"
	/** Not valid YAML. */
	| "syntax"
	/** A field has the wrong type or value, is missing, or is not a known field. */
	| "invalid"
	/** A code that names nothing in the file. */
	| "unknown_reference"
	/** The same code twice in one section. */
	| "duplicate_code"
	/** The same platform account (or group conversation) listed twice. */
	| "duplicate_identity"
	/** Fields that each look fine but contradict each other. */
	| "inconsistent";

export interface DirectoryError {
	code: DirectoryErrorCode;
	file: string;
	/** Where inside the file, e.g. `departments[3].leader`; empty for the whole file. */
	path: string;
	/** 1-based. */
	line: number;
	/** 1-based. */
	column: number;
	message: string;
}

export type PathSegment = string | number;

/** `["departments", 3, "leader"]` → `departments[3].leader`. */
export function formatPath(path: readonly PathSegment[]): string {
	let out = "";
	for (const segment of path) {
		if (typeof segment === "number") out += `[${segment}]`;
		else if (/^[A-Za-z_][\w-]*$/.test(segment))
			out += out === "" ? segment : `.${segment}`;
		else out += `[${JSON.stringify(segment)}]`;
	}
	return out;
}

/** One line per error, like a compiler: `file:line:column  path: message`. */
export function formatDirectoryErrors(
	errors: readonly DirectoryError[],
): string {
	const lines = errors.map((e) => {
		const where = e.path === "" ? "" : `${e.path}: `;
		return `${e.file}:${e.line}:${e.column}  ${where}${e.message}`;
	});
	const count = errors.length === 1 ? "1 error" : `${errors.length} errors`;
	return [
		...lines,
		`${count} in the directory file; nothing was imported.`,
	].join("\n");
}
