/**
 * 回访: after the follow-up visit question is sent, the enterprise's next words in the group answer
 * it, even without quoting it. The answer is recorded on the issue (visit_answer, visit_answered_at)
 * and as a `visit_answered` event; it does not open a new issue. A message the intake model is sure is
 * a new problem never gets here (reply-intent.ts lets it through first), so that one still opens one.
 */
import { and, eq, gte, isNull, like, or, type SQL, sql } from "drizzle-orm";
import { escalationSteps, type Issue, issues } from "../../db/schema/issues.ts";
import type { ReplyReading } from "../../workflows/understanding/read-reply.ts";
import type { ReplyIntent } from "../../workflows/understanding/reply-intents.ts";
import { replyIntentText } from "../texts/reply-intents.ts";
import { inThisConversation } from "./awaiting-issue.ts";
import type { CommandContext } from "./commands.ts";
import { replyTo } from "./reply.ts";
import { keepOnIssue } from "./reply-action.ts";
import type { Outcome } from "./turn/outcome.ts";

/** How long after the visit question an unquoted message is still taken as its answer. */
export const VISIT_ANSWER_WINDOW_DAYS = 14;

/** The follow-up steps' keys (plan.ts: `followup-<step>-<closedAt>`). */
const FOLLOW_UP_STEP = "followup-%";

/**
 * What an answer to the visit reads as, from the reply model: how it went, thanks, a suggestion, a
 * rating. 「不满意，还是停电」 is not among them — that reopens the issue as before — nor is chatter.
 */
export const ANSWERS_THE_VISIT: readonly ReplyIntent[] = [
	"visit_answer",
	"add_info",
	"confirm",
	"satisfied",
	"basically_satisfied",
];

/**
 * The condition on `issues` of the enterprise's issues (placeholder `enterpriseId`), in this
 * conversation (awaiting-issue.ts), whose visit question went out since `since` and has no answer yet.
 */
export function visitingWhere(): SQL {
	return (
		and(
			eq(issues.enterpriseId, sql.placeholder("enterpriseId")),
			or(eq(issues.state, "done"), eq(issues.state, "closed")),
			isNull(issues.visitAnsweredAt),
			inThisConversation(),
			sql`exists (select 1 from ${escalationSteps} where ${and(
				eq(escalationSteps.issueId, issues.id),
				like(escalationSteps.stepKey, FOLLOW_UP_STEP),
				gte(escalationSteps.doneAt, sql.placeholder("since")),
			)})`,
		) ?? sql`false`
	);
}

/** The earliest time a visit question may have gone out for an answer now to count. */
export function visitWindowStart(now: Date): Date {
	return new Date(now.getTime() - VISIT_ANSWER_WINDOW_DAYS * 86_400_000);
}

/** Records the words as the visit's answer, with its event, and thanks the enterprise in one reply. */
export async function answerVisit(
	ctx: CommandContext,
	issue: Issue,
	reading: Pick<ReplyReading, "intent" | "confidence">,
): Promise<Outcome> {
	await keepOnIssue(ctx, issue, "visit_answered", reading);
	await ctx.tx
		.update(issues)
		.set({ visitAnswer: ctx.message.text, visitAnsweredAt: ctx.now })
		.where(eq(issues.id, issue.id));
	await replyTo(
		ctx.tx,
		ctx.inboundId,
		ctx.message,
		replyIntentText(ctx.locale, "visit_answer_kept", {
			number: issue.number,
			title: issue.title,
		}),
		{ issueId: issue.id },
	);
	return { outcome: "reply_visit_answer", issueId: issue.id };
}
