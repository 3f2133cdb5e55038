/**
 * Acting on a reply understood in free words: the commands the intent stands for go through
 * applyCommand as typed commands do; one reply says what was recorded and how to undo it; a
 * `reply_understood` event keeps what the issue was before, for 「撤销」 (reply-undo.ts).
 */
import { and, eq, max } from "drizzle-orm";
import {
	type Issue,
	type IssueEvent,
	issues,
	ratings,
} from "../../db/schema/issues.ts";
import { flushDeferred } from "../../db/unit-of-work.ts";
import { parseCommand } from "../../workflows/commands/parse-command.ts";
import { toCommands } from "../../workflows/commands/to-command.ts";
import type { WakeUp } from "../../workflows/escalation/plan-wake-up.ts";
import { applyCommand } from "../../workflows/issues/apply-command.ts";
import { insertIssueEvents } from "../../workflows/issues/insert-events.ts";
import type { NotifyAudience } from "../../workflows/lifecycle/types.ts";
import type { ReplyReading } from "../../workflows/understanding/read-reply.ts";
import type { ReplyIntent } from "../../workflows/understanding/reply-intents.ts";
import {
	armAfterCommit,
	replanTimers,
	retrospectiveGate,
} from "../escalation/conversation-hooks.ts";
import type { Platform } from "../messages.ts";
import {
	type ReplyIntentKey,
	replyIntentText,
} from "../texts/reply-intents.ts";
import { audienceIdentities, toMention } from "./audiences.ts";
import type { CommandContext } from "./commands.ts";
import { refreshIssueCard, rendersCards } from "./issue-card.ts";
import {
	askToRatePrivately,
	deadlineLine,
	notifyIssueEvents,
} from "./notify.ts";
import { replyTo } from "./reply.ts";
import { tellElsewhere } from "./tell-elsewhere.ts";
import type { Outcome } from "./turn/outcome.ts";

/** The typed command each intent stands for: the same drafts as 满意, 不满意 …, 受理, 办结 … */
const COMMAND_TEXT: Partial<Record<ReplyIntent, (text: string) => string>> = {
	confirm: () => "确认",
	satisfied: () => "满意",
	basically_satisfied: () => "基本满意",
	unsatisfied: (text) => `不满意 ${text}`,
	accept: () => "受理",
	progress: (text) => `进展 ${text}`,
	resolve: (text) => `办结 ${text}`,
};

/** Who must act next, mentioned in the one reply. */
const MUST_ACT: Partial<Record<ReplyIntent, NotifyAudience[]>> = {
	unsatisfied: ["lead_department"],
	resolve: ["enterprise"],
};

/** The issue's columns as they were, to put back on undo (the wake-up generation only moves on). */
export const RESTORED_COLUMNS = [
	"state",
	"leadDepartmentId",
	"tier",
	"colour",
	"reopenCount",
	"acceptedAt",
	"dueAt",
	"resolvedAt",
	"closedAt",
	"clockStartedAt",
	"acceptDueAt",
] as const satisfies readonly (keyof Issue)[];

export async function actOnReply(
	ctx: CommandContext,
	issue: Issue,
	reading: { intent: ReplyIntent; confidence: number; text: string },
): Promise<Outcome> {
	const { tx, person, message, locale, now, directory } = ctx;
	const commandText = COMMAND_TEXT[reading.intent];
	const parsed = commandText
		? parseCommand({ text: commandText(reading.text), inIssueContext: true })
		: null;
	if (parsed?.kind !== "lifecycle") return { outcome: "reply_not_a_command" };
	const resolved = toCommands(parsed, () => null);
	if (resolved.kind === "invalid") return { outcome: "reply_not_a_command" };
	// Already confirmed (a rating during the rating window): only the rating is left to record.
	const commands = resolved.commands.filter(
		(c) => !(c.type === "confirm" && issue.state === "done"),
	);

	ctx.batch.endLookahead();
	await flushDeferred(tx);
	const [ratedBefore] = await tx
		.select({ id: max(ratings.id) })
		.from(ratings)
		.where(eq(ratings.issueId, issue.id));
	let current = issue;
	const events: IssueEvent[] = [];
	const planned: Array<WakeUp | null> = [];
	for (const command of commands) {
		const gate = await retrospectiveGate(tx, {
			issue: current,
			command,
			author: { personId: person.id, label: person.name },
			locale,
			now,
		});
		if (gate) {
			await replyTo(tx, ctx.inboundId, message, gate, { issueId: issue.id });
			return { outcome: "reply_refused_retrospective", issueId: issue.id };
		}
		const result = await applyCommand(tx, {
			issueId: issue.id,
			command,
			actorPersonId: person.id,
			now,
			calendar: directory.calendar,
			deadlinePolicy: directory.deadlinePolicy,
		});
		// The model read it, the lifecycle says no (a state moved under it): nothing is said twice;
		// the words stay on the issue as information.
		if (!result.ok) {
			await keepOnIssue(ctx, current, "follow_up", reading);
			return {
				outcome: `reply_refused_${result.refusal.code}`,
				issueId: issue.id,
			};
		}
		current = result.issue;
		events.push(result.event);
		planned.push(
			await replanTimers(tx, issue.id, now, directory.calendar, result.effects),
		);
	}

	const before = Object.fromEntries(RESTORED_COLUMNS.map((c) => [c, issue[c]]));
	// Progress changes nothing to undo: its own event is the record.
	if (reading.intent !== "progress")
		await insertIssueEvents(tx, [
			{
				issueId: issue.id,
				actorPersonId: person.id,
				actorLabel: person.name,
				kind: "reply_understood",
				fromState: issue.state,
				toState: current.state,
				version: current.version,
				payload: {
					intent: reading.intent,
					confidence: Math.round(reading.confidence * 1000) / 1000,
					text: reading.text,
					messageId: message.messageId,
					before,
					ratingsAfterId: ratedBefore?.id ?? 0,
				},
				createdAt: now,
			},
		]);

	const key = `recorded_${reading.intent}` as ReplyIntentKey;
	const lines = [
		replyIntentText(locale, key, {
			number: current.number,
			title: current.title,
			reason: reading.text,
			note: reading.text,
			department: directory.departmentName(current.leadDepartmentId) ?? "—",
			actor: person.name,
			deadline:
				reading.intent === "accept"
					? deadlineLine(directory, locale, current, now)
					: "",
		}),
	];
	if (reading.intent !== "progress")
		lines.push(replyIntentText(locale, "undo_hint"));
	const mustAct = (platform: Platform) =>
		audienceIdentities(
			tx,
			current,
			MUST_ACT[reading.intent] ?? [],
			platform,
			directory,
		);
	const text = lines.join("\n");
	await replyTo(tx, ctx.inboundId, message, text, {
		issueId: issue.id,
		mentions: message.direct
			? []
			: (await mustAct(message.platform)).map(toMention),
	});
	// Who must act but is not on the group's platform (a mixed deployment) hears it where they are.
	if (!message.direct)
		await tellElsewhere(tx, directory, locale, {
			issue: current,
			home: message,
			mustAct,
			text,
			dedupeKey: `inbound-${ctx.inboundId}-reply`,
		});
	// Rated in private: the group reads that it was confirmed, rated or reopened, in one message.
	if (message.direct)
		await notifyIssueEvents(tx, directory, locale, current, events, now, {
			privately: true,
		});
	else if (reading.intent === "resolve")
		await askToRatePrivately(tx, directory, locale, current, message.platform, {
			note: reading.text,
		});
	if (rendersCards(message.platform))
		await refreshIssueCard(tx, directory, locale, current);
	return {
		outcome: `reply_${reading.intent}`,
		issueId: issue.id,
		afterCommit: armAfterCommit(ctx.wakeUps, planned),
	};
}

/** The words kept on the issue's record, nothing changed. */
export async function keepOnIssue(
	ctx: CommandContext,
	issue: Issue,
	kind: "follow_up" | "visit_answered",
	reading: Pick<ReplyReading, "intent" | "confidence">,
): Promise<void> {
	ctx.batch.lookahead?.followedUp(issue, ctx.now);
	await insertIssueEvents(ctx.tx, [
		{
			issueId: issue.id,
			actorPersonId: ctx.person.id,
			actorLabel: ctx.person.name,
			kind,
			fromState: issue.state,
			toState: issue.state,
			version: issue.version,
			payload: {
				text: ctx.message.text,
				messageId: ctx.message.messageId,
				attachments: ctx.message.attachments,
				readAs: reading.intent,
				confidence: Math.round(reading.confidence * 1000) / 1000,
			},
			createdAt: ctx.now,
		},
	]);
	await ctx.tx
		.update(issues)
		.set({ updatedAt: ctx.now })
		.where(and(eq(issues.id, issue.id)));
}
