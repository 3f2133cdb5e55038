/**
 * The intake model for a directory file, without a database: what `npm run classify` and
 * `npm run intake:train` use. The shipped model when it was trained on exactly this corpus and
 * directory, else a cached one, else one trained here and now.
 */
import { formatDirectoryErrors } from "../../workflows/directory/errors.ts";
import { loadDirectoryFile } from "../../workflows/directory/load-file.ts";
import { routingFromFile } from "../../workflows/directory/routing-from-file.ts";
import type { RoutingRules } from "../../workflows/intake/routing-types.ts";
import {
	type IntakeModel,
	trainIntakeModel,
} from "../../workflows/understanding/intake-model.ts";
import { trainingCorpus } from "../../workflows/understanding/shipped-corpus.ts";
import {
	buildTrainingInput,
	trainingFingerprint,
} from "../../workflows/understanding/training-input.ts";
import {
	cachedModelFile,
	encodeModel,
	readModelFile,
	SHIPPED_MODEL_FILE,
	writeCachedModel,
} from "./model-file.ts";

export interface FileModel {
	model: IntakeModel;
	fingerprint: string;
	/** Where it came from: the shipped file, the cache, or trained now. */
	source: "shipped" | "cache" | "trained";
}

/** The routing rules of a directory file; throws the file's errors, formatted, when it has any. */
export async function routingOfDirectoryFile(
	directoryFile: string,
): Promise<RoutingRules> {
	const loaded = await loadDirectoryFile(directoryFile);
	if (!loaded.ok) throw new Error(formatDirectoryErrors(loaded.errors));
	return routingFromFile(loaded.directory);
}

export function modelForRouting(
	routing: RoutingRules,
	options: {
		warn: (line: string) => void;
		/** Train even when a stored model fits (npm run intake:train). */
		retrain?: boolean;
		shippedModelFile?: string;
	},
): FileModel {
	const input = buildTrainingInput(trainingCorpus(), routing);
	const fingerprint = trainingFingerprint(input);
	if (!options.retrain) {
		const shippedFile = options.shippedModelFile ?? SHIPPED_MODEL_FILE;
		const shipped = readModelFile(shippedFile);
		if (shipped.ok && shipped.stored.fingerprint === fingerprint) {
			return { model: shipped.stored.model, fingerprint, source: "shipped" };
		}
		if (!shipped.ok) {
			options.warn(
				`the intake model ${shippedFile} is ${shipped.missing ? "missing" : `damaged (${shipped.reason})`}: run \`npm run intake:train\` to rebuild it; training one for this run.`,
			);
		}
		const cached = readModelFile(cachedModelFile(fingerprint));
		if (cached.ok && cached.stored.fingerprint === fingerprint) {
			return { model: cached.stored.model, fingerprint, source: "cache" };
		}
	}
	const model = trainIntakeModel(input);
	writeCachedModel(fingerprint, encodeModel(fingerprint, model.serialize()));
	return { model, fingerprint, source: "trained" };
}
