/**
 * Work that must not overlap per key runs one piece after another, in the order it was handed in;
 * different keys run side by side. The outbound worker takes one chat's jobs in turn, so that a
 * message does not find the one before it still on its way and bounce back to the delayed set.
 */
export interface Turns {
	run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export function createTurns(): Turns {
	const last = new Map<string, Promise<void>>();
	return {
		run(key, work) {
			const before = last.get(key) ?? Promise.resolve();
			const result = before.then(work);
			const done = result.then(
				() => {},
				() => {},
			);
			last.set(key, done);
			void done.then(() => {
				if (last.get(key) === done) last.delete(key);
			});
			return result;
		},
	};
}
