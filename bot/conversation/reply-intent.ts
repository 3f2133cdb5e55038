/**
 * A reply about an issue, read for what it means: a message that quotes or threads under a message
 * about an issue, or the message of someone exactly one issue is waiting for. The reply model reads
 * its intent; a sure state-changing intent goes through applyCommand and is confirmed in one reply
 * with an undo; an unsure one changes nothing and is kept on the issue; anything else (chatter, a new
 * problem, a command) goes on to the usual steps.
 */
import type { Group } from "../../db/schema/directory.ts";
import type { Issue } from "../../db/schema/issues.ts";
import type { ParsedCommand } from "../../workflows/commands/types.ts";
import { cleanText } from "../../workflows/intake/normalize-text.ts";
import {
	REPLY_BANDS,
	readReply,
} from "../../workflows/understanding/read-reply.ts";
import {
	CONSEQUENTIAL,
	type ReplyIntent,
	type ReplySpeaker,
} from "../../workflows/understanding/reply-intents.ts";
import { createLogger } from "../runtime/logger.ts";
import { stateLabel } from "../texts/lifecycle.ts";
import { replyIntentText } from "../texts/reply-intents.ts";
import { replyModel } from "../understanding/reply-model-file.ts";
import type { CommandContext } from "./commands.ts";
import { maySee } from "./issue-lookup.ts";
import { replyTo } from "./reply.ts";
import { actOnReply, keepOnIssue } from "./reply-action.ts";
import type { Outcome } from "./turn/outcome.ts";
import { ANSWERS_THE_VISIT, answerVisit } from "./visit-answer.ts";
import { issueWaitingFor } from "./waiting-issue.ts";

const log = createLogger("replies");

/** The states in which an intent can act on an issue. */
const ACTS_FROM: Partial<Record<ReplyIntent, readonly Issue["state"][]>> = {
	confirm: ["resolved"],
	satisfied: ["resolved", "done"],
	basically_satisfied: ["resolved", "done"],
	unsatisfied: ["resolved", "done"],
	accept: ["dispatched", "reopened"],
	progress: ["accepted", "awaiting_info", "reopened"],
	resolve: ["accepted", "reopened"],
};

export function speakerOf(
	person: CommandContext["person"],
): ReplySpeaker | null {
	if (
		person.roles.includes("enterprise_member") &&
		person.enterpriseId !== null
	)
		return "enterprise";
	if (person.roles.includes("official") && person.departmentId !== null)
		return "official";
	return null;
}

/**
 * An enterprise's verdict typed as a verb in an issue's thread, without a number (满意, 不满意 还是停电,
 * 确认): the same action as the command, said in one reply with an undo. `#12 满意` stays a command.
 */
export function verdictOf(parsed: ParsedCommand): ReplyIntent | null {
	if (parsed.kind !== "lifecycle" || parsed.issueRef !== null) return null;
	const verdicts: Partial<Record<string, ReplyIntent>> = {
		confirm: "confirm",
		satisfied: "satisfied",
		basically_satisfied: "basically_satisfied",
		unsatisfied: "unsatisfied",
	};
	return verdicts[parsed.spec.id] ?? null;
}

/** Null: not a reply this step understands; the usual steps go on. */
export async function handleReplyIntent(
	ctx: CommandContext,
	group: Group | null,
	verdict: ReplyIntent | null = null,
): Promise<Outcome | null> {
	const { message, person } = ctx;
	const speaker = speakerOf(person);
	if (!speaker) return null;
	// In a direct message only the enterprise's verdict on its issue (a rating in private, docs/noise.md).
	if (message.direct && speaker !== "enterprise") return null;
	if (verdict && speaker !== "enterprise") return null;
	const text = cleanText(message.text);
	if (text.length === 0) return null;

	const quoted = ctx.contextIssue;
	if (quoted && !(await isTheirs(ctx, speaker, quoted)))
		return notTheirs(ctx, speaker, text, verdict);
	// Not quoting anything, a message the intake model is sure is a problem is a new report (a
	// colleague's, or the same person's next one), whatever issue waits for them. Problems are not
	// taken in direct messages: there, it is about the issue waiting for them.
	if (
		!quoted &&
		!verdict &&
		!message.direct &&
		ctx.batch.classify(message, ctx.directory).kind === "issue"
	)
		return null;
	const reading = verdict
		? { intent: verdict, confidence: 1, sure: true }
		: readReply(
				replyModel((line) => log.warn(line)).probabilities(text, speaker),
			);
	// Most unquoted messages are chatter no waiting issue would change: no need to look for one.
	if (!quoted && !mayActUnquoted(reading)) return null;
	const waiting = quoted
		? { issue: quoted, visiting: false }
		: await issueWaitingFor(ctx.tx, {
				speaker,
				person,
				message,
				group,
				now: ctx.now,
				verdict: verdict !== null,
			});
	if (!waiting) return null;
	const { issue, visiting } = waiting;

	// A verdict or a resolution quoting an issue already finished: nothing to change, and it says so.
	if (
		quoted &&
		reading.sure &&
		CONSEQUENTIAL.includes(reading.intent) &&
		isFinished(issue) &&
		!(ACTS_FROM[reading.intent]?.includes(issue.state) ?? false)
	) {
		await replyTo(
			ctx.tx,
			ctx.inboundId,
			message,
			replyIntentText(ctx.locale, "already_finished", {
				number: issue.number,
				title: issue.title,
				state: stateLabel(ctx.locale, issue.state),
			}),
			{ issueId: issue.id },
		);
		return { outcome: "reply_already_finished", issueId: issue.id };
	}
	if (verdict && !(ACTS_FROM[verdict]?.includes(issue.state) ?? false))
		return null;
	const intent = reading.intent;
	const acts = ACTS_FROM[intent]?.includes(issue.state) ?? false;
	const consequential = CONSEQUENTIAL.includes(intent);

	// Answering the visit question without quoting it: how it went, thanks, a suggestion, a 满意 —
	// kept as the visit's answer (the issue was rated when it was confirmed), not acted on again.
	if (
		visiting &&
		ANSWERS_THE_VISIT.includes(intent) &&
		reading.confidence >= REPLY_BANDS.keepAt
	)
		return answerVisit(ctx, issue, reading);
	if (consequential && acts && reading.sure)
		return actOnReply(ctx, issue, {
			intent,
			confidence: reading.confidence,
			text,
		});
	// An official's words on their issue, sure and not chatter: progress is noted as progress.
	if (intent === "progress" && acts && reading.sure && quoted)
		return actOnReply(ctx, issue, {
			intent,
			confidence: reading.confidence,
			text,
		});
	if (speaker === "official") return null;

	if (intent === "visit_answer" && reading.sure && isFinished(issue))
		return answerVisit(ctx, issue, reading);
	// Not quoting the issue, a message the model is not sure of may be a new problem: intake reads it
	// (a new issue, a follow-up, or silence), so a colleague's next report is never swallowed.
	if (!quoted) return null;
	// A verdict the model is not sure of, on the issue it quotes: nothing changes, no new issue; the
	// words are kept on the issue and the person is asked, once, to say it plainly.
	if (consequential && acts && !reading.sure) {
		await keepOnIssue(ctx, issue, "follow_up", reading);
		await replyTo(
			ctx.tx,
			ctx.inboundId,
			message,
			replyIntentText(ctx.locale, "kept_unsure", {
				number: issue.number,
				title: issue.title,
			}),
			{ issueId: issue.id, dedupeKey: `reply-unsure-${issue.id}-${person.id}` },
		);
		return { outcome: "reply_unsure", issueId: issue.id };
	}
	// 「还是停电」 about a resolved issue read as more information is still a verdict on it: kept on
	// the issue, never a new issue. Other intents go on to intake (a new problem, chatter).
	if (issue.state === "resolved" && intent === "add_info") {
		await keepOnIssue(ctx, issue, "follow_up", reading);
		return { outcome: "reply_kept", issueId: issue.id };
	}
	return null;
}

/** Whether a reading, quoting nothing, could act on the issue waiting for the speaker (the steps above). */
function mayActUnquoted(reading: {
	intent: ReplyIntent;
	confidence: number;
	sure: boolean;
}): boolean {
	return (
		(ANSWERS_THE_VISIT.includes(reading.intent) &&
			reading.confidence >= REPLY_BANDS.keepAt) ||
		(CONSEQUENTIAL.includes(reading.intent) && reading.sure) ||
		(reading.intent === "visit_answer" && reading.sure)
	);
}

/**
 * A verdict or an acceptance in reply to someone else's issue (another enterprise's, another
 * department's): nothing changes, and the speaker is told so — without a word about that issue.
 */
async function notTheirs(
	ctx: CommandContext,
	speaker: ReplySpeaker,
	text: string,
	verdict: ReplyIntent | null,
): Promise<Outcome | null> {
	const reading = verdict
		? { intent: verdict, sure: true }
		: readReply(
				replyModel((line) => log.warn(line)).probabilities(text, speaker),
			);
	if (!reading.sure || !CONSEQUENTIAL.includes(reading.intent)) return null;
	await replyTo(
		ctx.tx,
		ctx.inboundId,
		ctx.message,
		replyIntentText(ctx.locale, "not_yours"),
	);
	return { outcome: "reply_not_theirs" };
}

async function isTheirs(
	ctx: CommandContext,
	speaker: ReplySpeaker,
	issue: Issue,
): Promise<boolean> {
	if (speaker === "enterprise")
		return (
			issue.enterpriseId !== null &&
			issue.enterpriseId === ctx.person.enterpriseId
		);
	return (
		issue.leadDepartmentId !== null &&
		issue.leadDepartmentId === ctx.person.departmentId &&
		(await maySee(ctx.tx, ctx.person, issue))
	);
}

function isFinished(issue: Issue): boolean {
	return issue.state === "done" || issue.state === "closed";
}
