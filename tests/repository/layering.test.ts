/** The domain and the tables stand on their own: the layering check holds, and catches a breach. */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { findLayerViolations } from "../support/layering.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const CHECKER = join(ROOT, "tests/support/layering.ts");
const TSX = join(ROOT, "node_modules/.bin/tsx");

let sample: string | undefined;
afterEach(async () => {
	if (sample) await rm(sample, { recursive: true, force: true });
	sample = undefined;
});

/** A throw-away tree with the given files. */
async function tree(files: Record<string, string>): Promise<string> {
	sample = await mkdtemp(join(tmpdir(), "qq-layering-"));
	for (const [path, text] of Object.entries(files)) {
		await mkdir(dirname(join(sample, path)), { recursive: true });
		await writeFile(join(sample, path), text);
	}
	return sample;
}

describe("layering", () => {
	it("no domain or db file imports the runtime or an adapter", async () => {
		expect(await findLayerViolations(ROOT)).toEqual([]);
	});

	it("names every way a domain file can reach into bot/ or adapters/", async () => {
		const root = await tree({
			"workflows/intake/offending.ts": [
				'import { z } from "zod";',
				'import { sum } from "./clean.ts";',
				'import type { InboundMessage } from "../../bot/messages.ts";',
				'export { replyText } from "../../bot/texts/replies.ts";',
				'const slack = await import("../../adapters/slack/adapter.ts");',
			].join("\n"),
			"workflows/intake/clean.ts":
				'import { issues } from "../../db/schema/issues.ts";\nexport const sum = 1;',
			"db/schema/offending.ts": 'import { x } from "../../workflows/a.ts";',
			"bot/fine.ts": 'import { sum } from "../workflows/intake/clean.ts";',
		});
		const found = await findLayerViolations(root);
		expect(found.map((v) => [v.file, v.line, v.forbidden]).sort()).toEqual(
			[
				["db/schema/offending.ts", 1, "workflows"],
				["workflows/intake/offending.ts", 3, "bot"],
				["workflows/intake/offending.ts", 4, "bot"],
				["workflows/intake/offending.ts", 5, "adapters"],
			].sort(),
		);
	});

	it("as the lint step, fails on a domain file that imports bot/", async () => {
		const root = await tree({
			"workflows/lifecycle/refusals.ts":
				'import { lifecycleText } from "../../bot/texts/lifecycle.ts";\n',
		});
		const failing = await promisify(execFile)(TSX, [CHECKER, root]).then(
			() => null,
			(error: { code: number; stderr: string }) => error,
		);
		expect(failing?.code).toBe(1);
		expect(failing?.stderr).toContain(
			'workflows/lifecycle/refusals.ts:1 imports "../../bot/texts/lifecycle.ts": workflows/ must not import bot/',
		);
	});
});
