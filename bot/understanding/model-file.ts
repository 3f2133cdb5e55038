/**
 * A trained intake model as bytes: gzip of `{ fingerprint, model }`. The same encoding is used for the
 * model the project ships (db/seeds/intake/model.json.gz), for rows of `intake_models` and for the
 * local cache of models trained without the office's corrections.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import {
	deserializeIntakeModel,
	type IntakeModel,
	type SerializedIntakeModel,
} from "../../workflows/understanding/intake-model.ts";

export const SHIPPED_MODEL_FILE = fileURLToPath(
	new URL("../../db/seeds/intake/model.json.gz", import.meta.url),
);

export interface StoredModel {
	fingerprint: string;
	model: IntakeModel;
}

export function encodeModel(
	fingerprint: string,
	model: SerializedIntakeModel,
): Buffer {
	return gzipSync(JSON.stringify({ fingerprint, model }), { level: 9 });
}

export function decodeModel(bytes: Buffer): StoredModel {
	const data = JSON.parse(gunzipSync(bytes).toString("utf8")) as {
		fingerprint?: unknown;
		model?: unknown;
	};
	if (typeof data.fingerprint !== "string") {
		throw new Error("not a Qinqing intake model (no fingerprint)");
	}
	return {
		fingerprint: data.fingerprint,
		model: deserializeIntakeModel(data.model),
	};
}

export type ReadModelFile =
	| { ok: true; stored: StoredModel; bytes: Buffer }
	| { ok: false; missing: boolean; reason: string };

export function readModelFile(path: string): ReadModelFile {
	if (!existsSync(path)) return { ok: false, missing: true, reason: "missing" };
	try {
		const bytes = readFileSync(path);
		return { ok: true, stored: decodeModel(bytes), bytes };
	} catch (error) {
		return {
			ok: false,
			missing: false,
			reason: error instanceof Error ? error.message : String(error),
		};
	}
}

/**
 * Models trained on the corpus and the directory alone are kept here between runs, so that a restart
 * or a test does not train the same model again. Never a model with corrections: those hold the
 * enterprises' words and live in the database only.
 */
const CACHE_DIR = join(tmpdir(), "qinqing-intake-models");

export function cachedModelFile(fingerprint: string): string {
	return join(CACHE_DIR, `${fingerprint}.json.gz`);
}

export function writeCachedModel(fingerprint: string, bytes: Buffer): void {
	try {
		mkdirSync(CACHE_DIR, { recursive: true, mode: 0o700 });
		writeFileSync(cachedModelFile(fingerprint), bytes, { mode: 0o600 });
	} catch {
		// A cache: a read-only temp folder only costs a training at the next start.
	}
}
