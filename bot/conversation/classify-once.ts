/**
 * A message's intake classification, worked out once: the batch lookahead needs it before the
 * message is handled, and intake again when it is.
 */
import {
	type Classification,
	classifyMessage,
} from "../../workflows/intake/classify-message.ts";
import type { RoutingRules } from "../../workflows/intake/routing-types.ts";
import type { InboundMessage } from "../messages.ts";

const known = new WeakMap<
	InboundMessage,
	{ rules: RoutingRules; classification: Classification }
>();

export function classifyOnce(
	message: InboundMessage,
	rules: RoutingRules,
): Classification {
	const seen = known.get(message);
	if (seen?.rules === rules) return seen.classification;
	const classification = classifyMessage(message, rules);
	known.set(message, { rules, classification });
	return classification;
}
