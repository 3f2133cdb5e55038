/**
 * From a message's features to the model's weight rows without building a string per feature.
 *
 * A feature arrives in parts (`"c:"`, `"停"`, `"电"`); its name is their concatenation. Instead of
 * concatenating and looking the string up in a `Map` (the costliest part of reading a message: every
 * name is a new string to flatten and hash), the parts' UTF-16 code units are hashed as they come, in
 * two independent 32-bit lanes, and the pair is looked up in an open-addressing table built once from
 * the vocabulary with the same hash. Hashing the parts in order equals hashing the whole name, so a
 * feature is found exactly when its name is in the vocabulary — unless two names share both lanes
 * (about one chance in 2^64 per lookup; two vocabulary names that do are refused when the table is
 * built).
 */
import type { FeatureSink } from "./text-features.ts";

const LANE_A_START = 0x811c9dc5;
const LANE_B_START = 0x2545f491;

function hashInto(
	state: { a: number; b: number },
	part: string | undefined,
): void {
	if (part === undefined) return;
	let { a, b } = state;
	for (let i = 0; i < part.length; i++) {
		const unit = part.charCodeAt(i);
		a = Math.imul(a ^ unit, 0x01000193);
		b = Math.imul(b ^ unit, 0x5bd1e995);
		b ^= b >>> 15;
	}
	state.a = a;
	state.b = b;
}

/** The vocabulary's indices of a message's features, each once, in the order first seen. */
export interface FeatureIndexSink extends FeatureSink {
	/** Starts a new message; the returned array fills as its features are added. */
	start(): number[];
}

export function createFeatureIndex(
	vocabulary: readonly string[],
): FeatureIndexSink {
	let size = 1;
	while (size < vocabulary.length * 2) size <<= 1;
	const mask = size - 1;
	const laneA = new Int32Array(size);
	const laneB = new Int32Array(size);
	const slots = new Int32Array(size).fill(-1);
	const state = { a: 0, b: 0 };

	const hash = (prefix: string, x?: string, y?: string, z?: string) => {
		state.a = LANE_A_START;
		state.b = LANE_B_START;
		hashInto(state, prefix);
		hashInto(state, x);
		hashInto(state, y);
		hashInto(state, z);
	};
	const find = (): number => {
		for (let at = state.a & mask; ; at = (at + 1) & mask) {
			const index = slots[at] ?? -1;
			if (index === -1) return ~at;
			if (laneA[at] === state.a && laneB[at] === state.b) return index;
		}
	};

	vocabulary.forEach((name, index) => {
		hash(name);
		const found = find();
		if (found >= 0) {
			throw new Error(
				`features "${vocabulary[found]}" and "${name}" hash alike; retrain with either left out`,
			);
		}
		const at = ~found;
		laneA[at] = state.a;
		laneB[at] = state.b;
		slots[at] = index;
	});

	const stamps = new Uint32Array(vocabulary.length);
	let stamp = 0;
	const known: number[] = [];
	return {
		start() {
			stamp++;
			if (stamp === 0xffffffff) {
				stamps.fill(0);
				stamp = 1;
			}
			known.length = 0;
			return known;
		},
		add(prefix, x, y, z) {
			hash(prefix, x, y, z);
			const index = find();
			if (index < 0 || stamps[index] === stamp) return;
			stamps[index] = stamp;
			known.push(index);
		},
	};
}
