/**
 * The layering rule, checked: a folder may not import from the layers above it. The domain
 * (workflows/) and the tables (db/) stand on their own; the runtime (bot/) and the platforms
 * (adapters/) build on them. See docs/layering.md.
 *
 * Every import, `export … from` and `import()` specifier is read with the TypeScript compiler's own
 * pre-processor, resolved against the importing file, and compared with the rules below.
 * Run as a script (`npm run lint` does, over the repository; or `tsx tests/support/layering.ts <root>`)
 * it prints each violation and exits 1.
 */
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

/** For each layer (a top-level folder), the top-level folders it must not import. */
export const LAYER_RULES: Readonly<Record<string, readonly string[]>> = {
	workflows: ["bot", "adapters"],
	db: ["bot", "adapters", "workflows"],
};

export interface LayerViolation {
	/** The importing file, relative to the root. */
	file: string;
	line: number;
	specifier: string;
	/** The top-level folder the specifier lands in. */
	forbidden: string;
}

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs)$/;

async function sourceFiles(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
	const nested = await Promise.all(
		entries.map((entry) => {
			const path = join(dir, entry.name);
			if (entry.isDirectory())
				return entry.name === "node_modules" ? [] : sourceFiles(path);
			return SOURCE.test(entry.name) ? [path] : [];
		}),
	);
	return nested.flat();
}

/** The import specifiers of a source text, with the line each starts on. */
export function importSpecifiers(
	text: string,
): Array<{ specifier: string; line: number }> {
	const { importedFiles } = ts.preProcessFile(text, true, true);
	return importedFiles.map((ref) => ({
		specifier: ref.fileName,
		line: text.slice(0, ref.pos).split("\n").length,
	}));
}

/** Every import under `root` that crosses a layer the wrong way. */
export async function findLayerViolations(
	root: string,
	rules: Readonly<Record<string, readonly string[]>> = LAYER_RULES,
): Promise<LayerViolation[]> {
	const violations: LayerViolation[] = [];
	for (const [layer, forbidden] of Object.entries(rules)) {
		for (const file of await sourceFiles(join(root, layer))) {
			const text = await readFile(file, "utf8");
			for (const { specifier, line } of importSpecifiers(text)) {
				// Packages are not layers; only paths into the repository are.
				if (!specifier.startsWith(".") && !specifier.startsWith("/")) continue;
				const target = relative(root, resolve(dirname(file), specifier));
				const top = target.split(sep)[0] ?? "";
				if (forbidden.includes(top))
					violations.push({
						file: relative(root, file),
						line,
						specifier,
						forbidden: top,
					});
			}
		}
	}
	return violations;
}

export function describeViolation(v: LayerViolation): string {
	const layer = v.file.split(sep)[0];
	return `${v.file}:${v.line} imports "${v.specifier}": ${layer}/ must not import ${v.forbidden}/ (docs/layering.md)`;
}

const invokedDirectly =
	process.argv[1] !== undefined &&
	import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
	const root = resolve(
		process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "../.."),
	);
	const violations = await findLayerViolations(root);
	for (const v of violations) process.stderr.write(`${describeViolation(v)}\n`);
	process.exitCode = violations.length > 0 ? 1 : 0;
}
