import type { Step } from "./context.ts";

/** Bots, the bot itself among them, are not answered. */
export const ignoreBots: Step = async (turn, next) =>
	turn.message.author.isBot ? { outcome: "ignored_bot" } : next();
