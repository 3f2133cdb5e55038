/**
 * The deployment's intake model, kept fresh: the newest row of `intake_models` is the model every
 * process uses. A process that trains (the worker role) checks whether the directory or the office's
 * corrections have changed since that model was trained and, if so, trains a new one in a thread;
 * every process picks up a newer row within `pollMs`.
 */
import { asc, desc, eq, max } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
	intakeCorrections,
	intakeModels,
} from "../../db/schema/understanding.ts";
import { loadRoutingRules } from "../../workflows/directory/queries.ts";
import type { IntakeModel } from "../../workflows/understanding/intake-model.ts";
import { trainingCorpus } from "../../workflows/understanding/shipped-corpus.ts";
import {
	buildTrainingInput,
	type Correction,
	trainingFingerprint,
} from "../../workflows/understanding/training-input.ts";
import type { Logger } from "../runtime/logger.ts";
import {
	cachedModelFile,
	decodeModel,
	readModelFile,
	SHIPPED_MODEL_FILE,
	writeCachedModel,
} from "./model-file.ts";
import { trainInThread } from "./train-thread.ts";

export interface IntakeModels {
	/** The model to classify with now; null until one is loaded (the keyword rules decide meanwhile). */
	current(): IntakeModel | null;
	/** Loads the model that fits the directory and corrections, training it first when there is none. */
	prepare(): Promise<void>;
	/** After a correction: train again soon (several corrections in a row train once). */
	retrainSoon(): void;
	/** Resolves when no training is running or scheduled. */
	idle(): Promise<void>;
	close(): void;
}

export interface IntakeModelsOptions {
	db: Db;
	log: Logger;
	/** Whether this process trains (the worker role); others only load what is stored. */
	trains: boolean;
	pollMs?: number;
	retrainDelayMs?: number;
	shippedModelFile?: string;
}

export function createIntakeModels(options: IntakeModelsOptions): IntakeModels {
	const { db, log } = options;
	const shippedFile = options.shippedModelFile ?? SHIPPED_MODEL_FILE;
	let model: IntakeModel | null = null;
	let loadedId: number | null = null;
	let running: Promise<void> = Promise.resolve();
	let scheduled: NodeJS.Timeout | null = null;
	let warnedShipped = false;
	let closed = false;

	const loadRow = async (id: number) => {
		const [row] = await db
			.select({ model: intakeModels.model })
			.from(intakeModels)
			.where(eq(intakeModels.id, id));
		if (!row) return;
		model = decodeModel(row.model).model;
		loadedId = id;
	};

	const store = async (
		fingerprint: string,
		bytes: Buffer,
		exampleCount: number,
		corrections: number,
	) => {
		await db
			.insert(intakeModels)
			.values({ fingerprint, model: bytes, exampleCount, corrections })
			.onConflictDoNothing();
	};

	const bringUpToDate = async () => {
		const routing = await loadRoutingRules(db);
		const corrections: Correction[] = await db
			.select({
				text: intakeCorrections.text,
				kind: intakeCorrections.kind,
				categoryCode: intakeCorrections.categoryCode,
			})
			.from(intakeCorrections)
			.orderBy(asc(intakeCorrections.id));
		let corpus: ReturnType<typeof trainingCorpus>;
		try {
			corpus = trainingCorpus();
		} catch (error) {
			log.error(
				`the intake corpus cannot be read (${String(error instanceof Error ? error.message : error)}): the keyword rules decide until it is fixed`,
			);
			return;
		}
		const input = buildTrainingInput(corpus, routing, corrections);
		const fingerprint = trainingFingerprint(input);
		const [stored] = await db
			.select({ id: intakeModels.id })
			.from(intakeModels)
			.where(eq(intakeModels.fingerprint, fingerprint));
		if (stored) {
			if (stored.id !== loadedId) await loadRow(stored.id);
			return;
		}
		if (!options.trains) return;

		let bytes: Buffer | null = null;
		if (corrections.length === 0) {
			const shipped = readModelFile(shippedFile);
			if (shipped.ok && shipped.stored.fingerprint === fingerprint) {
				bytes = shipped.bytes;
			} else if (!shipped.ok && !warnedShipped) {
				warnedShipped = true;
				log.warn(
					`the intake model ${shippedFile} is ${shipped.missing ? "missing" : `damaged (${shipped.reason})`}: run \`npm run intake:train\` to rebuild it. Training this deployment's model now; the keyword rules decide until it is ready.`,
				);
			}
			const cached = readModelFile(cachedModelFile(fingerprint));
			if (!bytes && cached.ok && cached.stored.fingerprint === fingerprint) {
				bytes = cached.bytes;
			}
		}
		if (!bytes) {
			const started = Date.now();
			bytes = await trainInThread(input, fingerprint);
			log.info(
				`intake model trained on ${input.examples.length} examples (${corrections.length} corrections) in ${Date.now() - started} ms`,
			);
			if (corrections.length === 0) writeCachedModel(fingerprint, bytes);
		}
		await store(fingerprint, bytes, input.examples.length, corrections.length);
		const [row] = await db
			.select({ id: intakeModels.id })
			.from(intakeModels)
			.where(eq(intakeModels.fingerprint, fingerprint));
		if (row) await loadRow(row.id);
	};

	/** One at a time: a second request waits for the first and then checks again. */
	const enqueue = () => {
		running = running.then(bringUpToDate).catch((error) =>
			log.error("could not bring the intake model up to date", {
				error: String(error),
			}),
		);
		return running;
	};

	const poll = async () => {
		const [latest] = await db
			.select({ id: intakeModels.id })
			.from(intakeModels)
			.orderBy(desc(intakeModels.id))
			.limit(1);
		if (latest && latest.id !== loadedId) await loadRow(latest.id);
		if (options.trains) {
			const [newest] = await db
				.select({ id: max(intakeCorrections.id) })
				.from(intakeCorrections);
			if ((newest?.id ?? 0) !== lastCorrectionSeen) {
				lastCorrectionSeen = newest?.id ?? 0;
				await enqueue();
			}
		}
	};
	let lastCorrectionSeen = -1;
	const timer = setInterval(() => {
		if (!closed)
			void poll().catch((error) =>
				log.warn("could not check for a newer intake model", {
					error: String(error),
				}),
			);
	}, options.pollMs ?? 30_000);
	timer.unref();

	return {
		current: () => model,
		prepare: enqueue,
		retrainSoon() {
			if (scheduled || closed) return;
			scheduled = setTimeout(() => {
				scheduled = null;
				void enqueue();
			}, options.retrainDelayMs ?? 1_000);
			scheduled.unref();
		},
		async idle() {
			while (scheduled) await new Promise((r) => setTimeout(r, 50));
			await running;
		},
		close() {
			closed = true;
			clearInterval(timer);
			if (scheduled) clearTimeout(scheduled);
		},
	};
}
