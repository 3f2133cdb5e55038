import { handleReplyIntent, verdictOf } from "../reply-intent.ts";
import { found, type Step } from "./context.ts";

/** Free words about an issue (and a bare verdict such as 满意 in its thread): read by the reply model. */
export const replyIntent: Step = async (turn, next) => {
	const { parsed } = found(turn, "meaning");
	if (parsed !== null && verdictOf(parsed) === null) return next();
	const understood = await handleReplyIntent(
		found(turn, "known"),
		found(turn, "speaker").group,
		parsed ? verdictOf(parsed) : null,
	);
	return understood ?? next();
};
