/** The training thread's body (see train-thread.ts). */
import { parentPort, workerData } from "node:worker_threads";
import {
	type IntakeTrainingInput,
	trainIntakeModel,
} from "../../workflows/understanding/intake-model.ts";
import { encodeModel } from "./model-file.ts";

const { input, fingerprint } = workerData as {
	input: IntakeTrainingInput;
	fingerprint: string;
};
const bytes = encodeModel(fingerprint, trainIntakeModel(input).serialize());
parentPort?.postMessage(bytes);
