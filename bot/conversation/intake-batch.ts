/**
 * What the conversation knows about a batch of inbound messages as a whole, beside its unit of work
 * (db/unit-of-work.ts): each message's intake classification, worked out once — the lookahead needs
 * it before the message is handled, and the turn again when it is — and the batch's intake
 * lookahead (intake-lookahead.ts) until a command ends it. The handler opens one per batch and
 * passes it down the turn; a message handled on its own has one of its own, without a lookahead.
 */
import type { DbOrTx } from "../../db/client.ts";
import {
	type Classification,
	classifyMessage,
} from "../../workflows/intake/classify-message.ts";
import type { RoutingRules } from "../../workflows/intake/routing-types.ts";
import type { IntakeModel } from "../../workflows/understanding/intake-model.ts";
import type { InboundMessage } from "../messages.ts";
import type { DirectorySnapshot } from "./directory-cache.ts";
import {
	type IntakeLookahead,
	loadIntakeLookahead,
} from "./intake-lookahead.ts";

type ClassifyingDirectory = Pick<DirectorySnapshot, "routing" | "intakeModel">;

export interface IntakeBatch {
	/** The message's classification by `directory`'s rules and model, worked out once per batch. */
	classify(
		message: InboundMessage,
		directory: ClassifyingDirectory,
	): Classification;
	/** The batch's intake lookahead, if it has one and no command has ended it. */
	readonly lookahead: IntakeLookahead | undefined;
	/** Something changed issues in ways the lookahead does not follow (a command): ask Postgres from now on. */
	endLookahead(): void;
}

/** The batch of `messages`, with the lookahead of what they will ask (intake-lookahead.ts). */
export async function loadIntakeBatch(
	tx: DbOrTx,
	directory: DirectorySnapshot,
	messages: readonly InboundMessage[],
	now: Date,
): Promise<IntakeBatch> {
	const classify = classifyingOnce();
	let lookahead = await loadIntakeLookahead(tx, directory, messages, now, (m) =>
		classify(m, directory),
	);
	return {
		classify,
		get lookahead() {
			return lookahead;
		},
		endLookahead() {
			lookahead = undefined;
		},
	};
}

/** The batch of one message handled on its own: no lookahead. */
export function openIntakeBatch(): IntakeBatch {
	return {
		classify: classifyingOnce(),
		lookahead: undefined,
		endLookahead() {},
	};
}

function classifyingOnce(): IntakeBatch["classify"] {
	const known = new Map<
		InboundMessage,
		{
			rules: RoutingRules;
			model: IntakeModel | null;
			classification: Classification;
		}
	>();
	return (message, directory) => {
		const rules = directory.routing;
		const model = directory.intakeModel();
		const seen = known.get(message);
		if (seen?.rules === rules && seen.model === model)
			return seen.classification;
		const classification = classifyMessage(message, rules, model);
		known.set(message, { rules, model, classification });
		return classification;
	};
}
