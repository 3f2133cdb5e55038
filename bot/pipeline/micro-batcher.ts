/**
 * Group commit: items that arrive while a batch is running wait and go together in the next one. A
 * lone item runs at once (no added latency when the bot is quiet); under load, batches grow by
 * themselves up to `maxSize`. The inbound worker handles a batch of messages in one transaction;
 * the outbound worker reads its rows and records its sends a batch at a time.
 */
export interface MicroBatcherOptions<I, O> {
	maxSize: number;
	/** Batches running at once (each is a transaction, so each holds a database connection). */
	maxInFlight: number;
	/** Handles a batch; its results are in the items' order. */
	run(items: I[]): Promise<PromiseSettledResult<O>[]>;
}

export interface MicroBatcher<I, O> {
	add(item: I): Promise<O>;
}

interface Waiting<I, O> {
	item: I;
	resolve(value: O): void;
	reject(reason: unknown): void;
}

export function createMicroBatcher<I, O>(
	options: MicroBatcherOptions<I, O>,
): MicroBatcher<I, O> {
	const waiting: Waiting<I, O>[] = [];
	let inFlight = 0;

	function pump(): void {
		while (inFlight < options.maxInFlight && waiting.length > 0) {
			const batch = waiting.splice(0, options.maxSize);
			inFlight++;
			runBatch(batch).finally(() => {
				inFlight--;
				pump();
			});
		}
	}

	async function runBatch(batch: Waiting<I, O>[]): Promise<void> {
		let results: PromiseSettledResult<O>[];
		try {
			results = await options.run(batch.map((w) => w.item));
		} catch (error) {
			for (const w of batch) w.reject(error);
			return;
		}
		batch.forEach((w, i) => {
			const result = results[i];
			if (result?.status === "fulfilled") w.resolve(result.value);
			else w.reject(result ? result.reason : new Error("no result for item"));
		});
	}

	return {
		add(item) {
			return new Promise<O>((resolve, reject) => {
				waiting.push({ item, resolve, reject });
				pump();
			});
		},
	};
}
