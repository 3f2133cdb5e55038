/** A classifier head's weights as the model files store them, shared by the intake and reply models. */
import type { SoftmaxWeights } from "./softmax-regression.ts";

export interface StoredWeights {
	temperature: number;
	bias: number[];
	/** Float32 little-endian, row-major by feature, base64. */
	weights: string;
}

export function storeWeights(head: SoftmaxWeights): StoredWeights {
	return {
		temperature: head.temperature,
		bias: [...head.bias],
		weights: Buffer.from(
			head.weights.buffer,
			head.weights.byteOffset,
			head.weights.byteLength,
		).toString("base64"),
	};
}

/** Throws `mismatch` when the stored weights are not `features` × `classes`. */
export function loadWeights(
	stored: StoredWeights,
	features: number,
	classes: number,
	mismatch: string,
): SoftmaxWeights {
	const bytes = Buffer.from(stored.weights, "base64");
	if (bytes.byteLength !== features * classes * 4) throw new Error(mismatch);
	const weights = new Float32Array(features * classes);
	new Uint8Array(weights.buffer).set(bytes);
	return {
		classes,
		features,
		weights,
		bias: Float32Array.from(stored.bias),
		temperature: stored.temperature,
	};
}
