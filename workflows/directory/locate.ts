/** Maps a path inside the parsed YAML to the line and column it came from. */
import {
	type Document,
	isAlias,
	isMap,
	isScalar,
	isSeq,
	type LineCounter,
	type Node,
} from "yaml";
import type { PathSegment } from "./errors.ts";

export interface Position {
	line: number;
	column: number;
}

/**
 * Returns where `path` is written: its value, or with `key` the key `key` of the mapping at `path`.
 * A path that does not exist (a missing field) points at the deepest part of it that does.
 */
export type Locate = (path: readonly PathSegment[], key?: string) => Position;

export function createLocator(doc: Document, lineCounter: LineCounter): Locate {
	const at = (node: Node | null | undefined): Position | undefined => {
		const offset = node?.range?.[0];
		if (offset === undefined) return undefined;
		const { line, col } = lineCounter.linePos(offset);
		return { line, column: col };
	};
	const resolve = (node: unknown): Node | undefined => {
		if (isAlias(node)) return resolve(node.resolve(doc));
		return (node as Node | null | undefined) ?? undefined;
	};

	return (path, key) => {
		let node = resolve(doc.contents);
		let best = at(node) ?? { line: 1, column: 1 };
		const segments: PathSegment[] =
			key === undefined ? [...path] : [...path, key];
		for (const [index, segment] of segments.entries()) {
			let next: Node | undefined;
			let keyNode: Node | undefined;
			if (isMap(node)) {
				const pair = node.items.find(
					(p) =>
						String(isScalar(p.key) ? p.key.value : p.key) === String(segment),
				);
				keyNode = resolve(pair?.key);
				next = resolve(pair?.value);
			} else if (isSeq(node) && typeof segment === "number") {
				next = resolve(node.items[segment]);
			}
			const isWantedKey = key !== undefined && index === segments.length - 1;
			if (isWantedKey) return at(keyNode) ?? best;
			// `field:` with nothing after it has no value node: point at the key.
			const found = at(next) ?? at(keyNode);
			if (!found) return best;
			best = found;
			node = next;
		}
		return best;
	};
}
