import { problemText } from "../../texts/commands.ts";
import { handleLifecycleCommand } from "../commands.ts";
import { replyTo } from "../reply.ts";
import { found, type Step } from "./context.ts";

/** A lifecycle command (#12 受理, 办结 …), or the answer that says what is wrong with one. */
export const command: Step = async (turn, next) => {
	const { parsed } = found(turn, "meaning");
	if (parsed?.kind === "lifecycle") {
		// A command may change any issue: the batch's lookahead no longer knows them.
		turn.batch.endLookahead();
		return handleLifecycleCommand(found(turn, "known"), parsed);
	}
	if (parsed?.kind === "invalid") {
		const { locale } = found(turn, "speaker");
		await replyTo(
			turn.tx,
			turn.inboundId,
			turn.message,
			problemText(locale, parsed),
		);
		return { outcome: "command_invalid" };
	}
	return next();
};
