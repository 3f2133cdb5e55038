/**
 * A message's intake classification, worked out once: the batch lookahead needs it before the
 * message is handled, and intake again when it is.
 */
import {
	type Classification,
	classifyMessage,
} from "../../workflows/intake/classify-message.ts";
import type { RoutingRules } from "../../workflows/intake/routing-types.ts";
import type { IntakeModel } from "../../workflows/understanding/intake-model.ts";
import type { InboundMessage } from "../messages.ts";
import type { DirectorySnapshot } from "./directory-cache.ts";

const known = new WeakMap<
	InboundMessage,
	{
		rules: RoutingRules;
		model: IntakeModel | null;
		classification: Classification;
	}
>();

export function classifyOnce(
	message: InboundMessage,
	directory: Pick<DirectorySnapshot, "routing" | "intakeModel">,
): Classification {
	const rules = directory.routing;
	const model = directory.intakeModel();
	const seen = known.get(message);
	if (seen?.rules === rules && seen.model === model) return seen.classification;
	const classification = classifyMessage(message, rules, model);
	known.set(message, { rules, model, classification });
	return classification;
}
