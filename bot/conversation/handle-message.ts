/**
 * The bot's understanding of one inbound message, inside the transaction that records it: a turn of
 * small steps (turn/), each deciding whether the ones after it run — ignore bots, record edits, who
 * is speaking, what is meant, then a command, a query, a reply about an issue, or intake.
 */
import type { InboundHandler } from "../pipeline/inbound-worker.ts";
import { loadIntakeBatch, openIntakeBatch } from "./intake-batch.ts";
import { command } from "./turn/command.ts";
import { compose } from "./turn/compose.ts";
import type { TurnOptions } from "./turn/context.ts";
import { ignoreBots } from "./turn/ignore-bots.ts";
import { intake } from "./turn/intake.ts";
import { officeCommand } from "./turn/office-command.ts";
import { query } from "./turn/query.ts";
import { recordEdits } from "./turn/record-edits.ts";
import { replyIntent } from "./turn/reply-intent.ts";
import { undo } from "./turn/undo.ts";
import { unknownSpeaker } from "./turn/unknown-speaker.ts";
import { whatIsMeant } from "./turn/what-is-meant.ts";
import { whoIsSpeaking } from "./turn/who-is-speaking.ts";

export type MessageHandlerOptions = TurnOptions;

/** The order matters: each step may end the turn with its outcome, or hand it on. */
const turn = compose(
	[
		ignoreBots,
		recordEdits,
		whoIsSpeaking,
		whatIsMeant,
		unknownSpeaker,
		officeCommand,
		undo,
		replyIntent,
		query,
		command,
	],
	intake,
);

export function createMessageHandler(
	options: MessageHandlerOptions,
): InboundHandler {
	const clock = options.clock ?? (() => new Date());
	const handle: InboundHandler = (tx, message, inboundId) =>
		turn({
			tx,
			batch: openIntakeBatch(),
			message,
			inboundId,
			now: clock(),
			options,
		});
	handle.openBatch = async (tx, messages) => {
		const batch = await loadIntakeBatch(
			tx,
			await options.directory.get(tx),
			messages,
			clock(),
		);
		return (message, inboundId) =>
			turn({ tx, batch, message, inboundId, now: clock(), options });
	};
	return handle;
}
