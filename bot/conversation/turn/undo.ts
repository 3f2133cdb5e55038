import { handleUndo, isUndo } from "../reply-undo.ts";
import { found, type Step } from "./context.ts";

/** 「撤销」: takes back what the bot did from the speaker's free words a moment ago. */
export const undo: Step = async (turn, next) => {
	if (!isUndo(turn.message.text)) return next();
	return (await handleUndo(found(turn, "known"))) ?? next();
};
