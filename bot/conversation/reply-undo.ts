/**
 * 「撤销」 after the bot acted on a reply in free words: within 10 minutes, and when nothing else
 * happened to the issue since, the issue is put back as it was (its rating removed) and the undo is
 * an event of its own; later, a polite answer that says what was recorded and that nothing changed.
 * Without a recent reply action 「撤销」 is the withdraw command it always was.
 */
import { and, desc, eq, gt, gte } from "drizzle-orm";
import {
	type Issue,
	type IssueEvent,
	issueEvents,
	issues,
	ratings,
} from "../../db/schema/issues.ts";
import { flushDeferred } from "../../db/unit-of-work.ts";
import { foldWidth } from "../../workflows/intake/normalize-text.ts";
import { insertIssueEvents } from "../../workflows/issues/insert-events.ts";
import {
	armAfterCommit,
	replanTimers,
} from "../escalation/conversation-hooks.ts";
import { stateLabel } from "../texts/lifecycle.ts";
import { replyIntentText } from "../texts/reply-intents.ts";
import type { CommandContext } from "./commands.ts";
import { refreshIssueCard, rendersCards } from "./issue-card.ts";
import { replyTo } from "./reply.ts";
import { RESTORED_COLUMNS } from "./reply-action.ts";
import type { Outcome } from "./turn/outcome.ts";

export const UNDO_MINUTES = 10;
/** After the window, 「撤销」 is still taken as meant for the reply action this long (and answered). */
const ANSWER_LATE_HOURS = 24;

export function isUndo(text: string): boolean {
	return /^(?:撤销|撤消|undo)[\s\p{P}]*$/iu.test(foldWidth(text).trim());
}

const DATE_COLUMNS = new Set<string>([
	"acceptedAt",
	"dueAt",
	"resolvedAt",
	"closedAt",
	"clockStartedAt",
	"acceptDueAt",
]);

/** Null: no reply action of this person to undo; 「撤销」 goes on as a command. */
export async function handleUndo(ctx: CommandContext): Promise<Outcome | null> {
	const { tx, person, now, locale } = ctx;
	await flushDeferred(tx);
	const [action] = await tx
		.select()
		.from(issueEvents)
		.where(
			and(
				eq(issueEvents.actorPersonId, person.id),
				eq(issueEvents.kind, "reply_understood"),
				gte(
					issueEvents.createdAt,
					new Date(now.getTime() - ANSWER_LATE_HOURS * 3_600_000),
				),
			),
		)
		.orderBy(desc(issueEvents.id))
		.limit(1);
	if (!action || (await undoneAlready(ctx, action))) return null;
	const [issue] = await tx
		.select()
		.from(issues)
		.where(eq(issues.id, action.issueId))
		.for("update");
	if (!issue) return null;
	const payload = action.payload as {
		intent?: string;
		before?: Record<string, unknown>;
		ratingsAfterId?: number;
	};
	const minutes = Math.floor(
		(now.getTime() - action.createdAt.getTime()) / 60_000,
	);
	const answer = async (
		text: string,
		outcome: "reply_undo_too_late" | "reply_undo_changed_since",
	) => {
		await replyTo(tx, ctx.inboundId, ctx.message, text, { issueId: issue.id });
		return { outcome, issueId: issue.id };
	};
	if (now.getTime() - action.createdAt.getTime() > UNDO_MINUTES * 60_000) {
		return answer(
			replyIntentText(locale, "undo_too_late", {
				number: issue.number,
				minutes,
				what: whatWasRecorded(ctx, payload.intent),
			}),
			"reply_undo_too_late",
		);
	}
	if (issue.version !== action.version || !payload.before) {
		return answer(
			replyIntentText(locale, "undo_changed_since", { number: issue.number }),
			"reply_undo_changed_since",
		);
	}

	const restored = restoredColumns(payload.before);
	const [after] = await tx
		.update(issues)
		.set({ ...restored, version: issue.version + 1, updatedAt: now })
		.where(eq(issues.id, issue.id))
		.returning();
	if (!after) return null;
	await tx
		.delete(ratings)
		.where(
			and(
				eq(ratings.issueId, issue.id),
				gt(ratings.id, payload.ratingsAfterId ?? 0),
			),
		);
	await insertIssueEvents(tx, [
		{
			issueId: issue.id,
			actorPersonId: person.id,
			actorLabel: person.name,
			kind: "reply_undone",
			fromState: issue.state,
			toState: after.state,
			version: after.version,
			payload: {
				undoes: action.id,
				intent: payload.intent ?? null,
				messageId: ctx.message.messageId,
			},
			createdAt: now,
		},
	]);
	const wakeUp = await replanTimers(tx, issue.id, now, ctx.directory.calendar);
	if (rendersCards(ctx.message.platform))
		await refreshIssueCard(tx, ctx.directory, locale, after);
	await replyTo(
		tx,
		ctx.inboundId,
		ctx.message,
		replyIntentText(locale, "undone", {
			number: after.number,
			title: after.title,
			state: stateLabel(locale, after.state),
		}),
		{ issueId: issue.id },
	);
	return {
		outcome: "reply_undone",
		issueId: issue.id,
		afterCommit: armAfterCommit(ctx.wakeUps, [wakeUp]),
	};
}

async function undoneAlready(
	ctx: CommandContext,
	action: IssueEvent,
): Promise<boolean> {
	const undone = await ctx.tx
		.select({ payload: issueEvents.payload })
		.from(issueEvents)
		.where(
			and(
				eq(issueEvents.issueId, action.issueId),
				eq(issueEvents.kind, "reply_undone"),
				gt(issueEvents.id, action.id),
			),
		);
	return undone.some(
		(row) => (row.payload as { undoes?: number }).undoes === action.id,
	);
}

function restoredColumns(before: Record<string, unknown>): Partial<Issue> {
	const out: Record<string, unknown> = {};
	for (const column of RESTORED_COLUMNS) {
		const value = before[column];
		out[column] =
			DATE_COLUMNS.has(column) && typeof value === "string"
				? new Date(value)
				: (value ?? null);
	}
	return out as Partial<Issue>;
}

function whatWasRecorded(
	ctx: CommandContext,
	intent: string | undefined,
): string {
	const labels: Record<string, [string, string]> = {
		confirm: ["确认办成", "confirmed"],
		satisfied: ["满意", "satisfied"],
		basically_satisfied: ["基本满意", "basically satisfied"],
		unsatisfied: ["不满意", "not satisfied"],
		accept: ["受理", "accepted"],
		resolve: ["办结", "resolved"],
		progress: ["进展", "progress"],
	};
	const label = labels[intent ?? ""] ?? [intent ?? "", intent ?? ""];
	return ctx.locale === "en" ? label[1] : label[0];
}
