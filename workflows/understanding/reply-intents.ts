/**
 * What a reply about an issue can mean. One model reads them all; who is speaking decides which of
 * them count (an enterprise does not accept a dispatch, an official does not rate).
 */
export const REPLY_INTENTS = [
	"confirm",
	"satisfied",
	"basically_satisfied",
	"unsatisfied",
	"add_info",
	"visit_answer",
	"other",
	"accept",
	"progress",
	"resolve",
] as const;
export type ReplyIntent = (typeof REPLY_INTENTS)[number];

export type ReplySpeaker = "enterprise" | "official";

export const INTENTS_OF: Record<ReplySpeaker, readonly ReplyIntent[]> = {
	enterprise: [
		"confirm",
		"satisfied",
		"basically_satisfied",
		"unsatisfied",
		"add_info",
		"visit_answer",
		"other",
	],
	official: ["accept", "progress", "resolve", "other"],
};

/** Intents that change an issue's state: taken only when sure, confirmed in the reply, undoable. */
export const CONSEQUENTIAL: readonly ReplyIntent[] = [
	"confirm",
	"satisfied",
	"basically_satisfied",
	"unsatisfied",
	"accept",
	"resolve",
];

export function isReplyIntent(value: string): value is ReplyIntent {
	return (REPLY_INTENTS as readonly string[]).includes(value);
}
