/**
 * Multinomial logistic regression over sparse binary features, trained by stochastic gradient descent
 * with AdaGrad step sizes and L2 regularisation. Small and deterministic (a seeded shuffle), so the
 * same examples always give the same model; fast enough to retrain a deployment's model in the
 * background (10 000 messages in a few seconds).
 *
 * Why our own and not a package: the model needs sparse string features (hundreds of thousands of
 * possible n-grams, a few hundred per message), example weights (the office's corrections count
 * more), a calibrated probability, and a file format we control; the logistic-regression packages on
 * npm take dense matrices, and fastText's WebAssembly build trains from files only and cannot weigh
 * examples.
 */
import { seededRandom } from "../seeded-random.ts";

/** A message as the trainer sees it: indices of its features, its class, and how much it counts. */
export interface SparseExample {
	features: Int32Array;
	label: number;
	weight: number;
}

export interface SoftmaxWeights {
	classes: number;
	features: number;
	/** Row-major: weights[feature * classes + class]. */
	weights: Float32Array;
	bias: Float32Array;
	/** Divides the scores before the softmax; fitted on held-out examples so probabilities are honest. */
	temperature: number;
}

export interface TrainingOptions {
	epochs: number;
	learningRate: number;
	l2: number;
	seed: number;
}

export const DEFAULT_TRAINING: TrainingOptions = {
	epochs: 12,
	learningRate: 0.5,
	l2: 1e-5,
	seed: 17,
};

/** Each feature of a message counts 1/√n, so long and short messages weigh the same. */
function featureValue(example: { features: Int32Array }): number {
	return example.features.length === 0
		? 0
		: 1 / Math.sqrt(example.features.length);
}

export function trainSoftmax(
	examples: SparseExample[],
	features: number,
	classes: number,
	options: TrainingOptions = DEFAULT_TRAINING,
): SoftmaxWeights {
	const weights = new Float32Array(features * classes);
	const bias = new Float32Array(classes);
	const squaredGradients = new Float32Array(features * classes).fill(1e-6);
	const biasSquaredGradients = new Float32Array(classes).fill(1e-6);
	const order = examples.map((_, i) => i);
	const next = seededRandom(options.seed);
	const scores = new Float64Array(classes);
	for (let epoch = 0; epoch < options.epochs; epoch++) {
		for (let i = order.length - 1; i > 0; i--) {
			const j = Math.floor(next() * (i + 1));
			const swap = order[i] ?? i;
			order[i] = order[j] ?? j;
			order[j] = swap;
		}
		for (const index of order) {
			const example = examples[index];
			if (!example) continue;
			const value = featureValue(example);
			scoresOf(weights, bias, classes, example.features, value, 1, scores);
			for (let c = 0; c < classes; c++) {
				const error =
					((scores[c] ?? 0) - (c === example.label ? 1 : 0)) * example.weight;
				if (error === 0) continue;
				const biasSquared = (biasSquaredGradients[c] ?? 0) + error * error;
				biasSquaredGradients[c] = biasSquared;
				bias[c] =
					(bias[c] ?? 0) -
					(options.learningRate * error) / Math.sqrt(biasSquared);
				for (const feature of example.features) {
					const at = feature * classes + c;
					const weight = weights[at] ?? 0;
					const gradient = error * value + options.l2 * weight;
					const squared = (squaredGradients[at] ?? 0) + gradient * gradient;
					squaredGradients[at] = squared;
					weights[at] =
						weight - (options.learningRate * gradient) / Math.sqrt(squared);
				}
			}
		}
	}
	return { classes, features, weights, bias, temperature: 1 };
}

/** Class probabilities for one message's feature indices (unknown features already left out). */
export function predictSoftmax(
	model: SoftmaxWeights,
	featureIndices: ArrayLike<number>,
	out: Float64Array = new Float64Array(model.classes),
): Float64Array {
	const value =
		featureIndices.length === 0 ? 0 : 1 / Math.sqrt(featureIndices.length);
	return scoresOf(
		model.weights,
		model.bias,
		model.classes,
		featureIndices,
		value,
		model.temperature,
		out,
	);
}

function scoresOf(
	weights: Float32Array,
	bias: Float32Array,
	classes: number,
	featureIndices: ArrayLike<number>,
	value: number,
	temperature: number,
	out: Float64Array,
): Float64Array {
	const scores = new Float64Array(bias);
	for (let i = 0; i < featureIndices.length; i++) {
		const base = (featureIndices[i] ?? 0) * classes;
		for (let c = 0; c < classes; c++) {
			scores[c] = (scores[c] ?? 0) + (weights[base + c] ?? 0) * value;
		}
	}
	let max = -Infinity;
	for (let c = 0; c < classes; c++)
		max = Math.max(max, (scores[c] ?? 0) / temperature);
	let sum = 0;
	for (let c = 0; c < classes; c++) {
		const e = Math.exp((scores[c] ?? 0) / temperature - max);
		out[c] = e;
		sum += e;
	}
	for (let c = 0; c < classes; c++) out[c] = (out[c] ?? 0) / sum;
	return out;
}

/**
 * The temperature that makes the model's probabilities honest on examples it was not trained on:
 * the one that minimises their negative log-likelihood (searched between 0.25 and 8).
 */
export function fitTemperature(
	model: SoftmaxWeights,
	heldOut: SparseExample[],
): number {
	if (heldOut.length === 0) return 1;
	const loss = (temperature: number) => {
		const trial = { ...model, temperature };
		const probabilities = new Float64Array(model.classes);
		let total = 0;
		for (const example of heldOut) {
			predictSoftmax(trial, example.features, probabilities);
			total -= Math.log(Math.max(probabilities[example.label] ?? 0, 1e-12));
		}
		return total;
	};
	// Golden-section search on log(temperature).
	let low = Math.log(0.25);
	let high = Math.log(8);
	const ratio = (Math.sqrt(5) - 1) / 2;
	for (let step = 0; step < 30; step++) {
		const a = high - ratio * (high - low);
		const b = low + ratio * (high - low);
		if (loss(Math.exp(a)) < loss(Math.exp(b))) high = b;
		else low = a;
	}
	return Math.exp((low + high) / 2);
}

/**
 * A head trained on all its examples, with the temperature fitted on a fifth of them held out from a
 * first training (the probabilities of a model on its own training data are over-confident).
 */
export function trainCalibrated(
	examples: SparseExample[],
	features: number,
	classes: number,
	options: TrainingOptions = DEFAULT_TRAINING,
): SoftmaxWeights {
	const heldOut = examples.filter((_, i) => i % 5 === 2);
	const rest = examples.filter((_, i) => i % 5 !== 2);
	const trial = trainSoftmax(rest, features, classes, options);
	const temperature = fitTemperature(trial, heldOut);
	return {
		...trainSoftmax(examples, features, classes, options),
		temperature,
	};
}
