/** An enterprise's message that is not a command: chatter, a follow-up to its issue, or a new issue. */
import { eq } from "drizzle-orm";
import type { Tx } from "../../db/client.ts";
import type { Group, Person } from "../../db/schema/directory.ts";
import { type Issue, issues } from "../../db/schema/issues.ts";
import { insertIssueLinks } from "../../db/unit-of-work.ts";
import { storedWakeUp } from "../../workflows/escalation/plan-wake-up.ts";
import type { classifyMessage } from "../../workflows/intake/classify-message.ts";
import { cleanText } from "../../workflows/intake/normalize-text.ts";
import type { CategoryRule } from "../../workflows/intake/routing-types.ts";
import { findSimilarIssue } from "../../workflows/intake/similar-issue.ts";
import { takeInProblem } from "../../workflows/intake/take-in-problem.ts";
import { applyCommand } from "../../workflows/issues/apply-command.ts";
import { insertIssueEvents } from "../../workflows/issues/insert-events.ts";
import {
	armAfterCommit,
	replanTimers,
	type WakeUpScheduler,
} from "../escalation/conversation-hooks.ts";
import { tellSpecialist } from "../escalation/event-notices.ts";
import type { InboundMessage, Platform } from "../messages.ts";
import type { Locale } from "../texts/catalog.ts";
import { intakeText } from "../texts/intake.ts";
import { replyText } from "../texts/replies.ts";
import { acknowledgementText } from "./acknowledge.ts";
import { claimFollowUpAcknowledgement } from "./acknowledgement-throttle.ts";
import { audienceIdentities, toMention } from "./audiences.ts";
import type { DirectorySnapshot } from "./directory-cache.ts";
import type { IntakeBatch } from "./intake-batch.ts";
import { issueCard, showsCards } from "./issue-card.ts";
import { lookUpForIntake, type OpenNeighbour } from "./issue-lookup.ts";
import { notifyIssueEvent } from "./notify.ts";
import { replyTo } from "./reply.ts";
import { tellElsewhere } from "./tell-elsewhere.ts";
import { holdForTriage } from "./triage.ts";
import type { Consequences, Outcome } from "./turn/outcome.ts";

export interface IntakeContext {
	/** The batch's transaction: what it defers is written at the batch's end. */
	tx: Tx;
	/** The batch's classifications and intake lookahead. */
	batch: IntakeBatch;
	message: InboundMessage;
	inboundId: number;
	person: Person;
	group: Group | null;
	directory: DirectorySnapshot;
	locale: Locale;
	now: Date;
	/** The issue the message replies to or names, if any; joined only when it is this enterprise's. */
	contextIssue: Issue | null;
	/** The escalation engine's wake-ups, armed after commit. */
	wakeUps?: WakeUpScheduler;
}

export async function handleEnterpriseMessage(
	ctx: IntakeContext,
): Promise<Outcome> {
	const { message, person, directory, now } = ctx;
	const enterpriseId = person.enterpriseId;
	if (enterpriseId === null) return { outcome: "chatter" };
	const classification = ctx.batch.classify(message, directory);
	if (
		classification.kind === "chatter" &&
		classification.reason !== "attachment_only"
	) {
		return { outcome: "chatter" };
	}

	const contextIssue =
		ctx.contextIssue?.enterpriseId === enterpriseId ? ctx.contextIssue : null;
	const category =
		classification.kind === "issue"
			? (directory.routing.categories.find(
					(c) => c.code === classification.categoryCode,
				) ?? null)
			: null;
	const { recent, neighbours } = contextIssue
		? { recent: contextIssue, neighbours: [] }
		: await lookUpForIntake(
				ctx.tx,
				{
					enterpriseId,
					message,
					since: new Date(
						now.getTime() -
							directory.routing.intake.followUpWindowMinutes * 60_000,
					),
					categoryCode: category?.code ?? null,
				},
				ctx.batch.lookahead,
			);

	if (classification.kind === "chatter") {
		const what = intakeText(ctx.locale, "attachments", {
			count: message.attachments.length,
		});
		if (recent) {
			await recordFollowUp(ctx, recent);
			if (!(await claimFollowUpAcknowledgement(ctx.tx, recent.id, now)))
				return { outcome: "follow_up_quiet", issueId: recent.id };
			await replyTo(
				ctx.tx,
				ctx.inboundId,
				message,
				replyText(ctx.locale, "attachment_noted", {
					what,
					number: recent.number,
				}),
				{
					issueId: recent.id,
				},
			);
			return { outcome: "follow_up", issueId: recent.id };
		}
		await replyTo(
			ctx.tx,
			ctx.inboundId,
			message,
			replyText(ctx.locale, "attachment_noted_no_issue", { what }),
		);
		return { outcome: "attachment_only" };
	}

	const joins =
		contextIssue ??
		(recent &&
		(classification.categoryCode === null ||
			classification.categoryCode === recent.categoryCode)
			? recent
			: null);
	if (joins) return joinIssue(ctx, joins);
	if (classification.kind === "unsure") {
		await holdForTriage(ctx.tx, {
			inboundId: ctx.inboundId,
			group: ctx.group,
			person: ctx.person,
			text: cleanText(message.text),
			classification,
			now,
		});
		return { outcome: "candidate" };
	}
	return openIssue(ctx, classification, category, neighbours);
}

async function recordFollowUp(ctx: IntakeContext, issue: Issue): Promise<void> {
	ctx.batch.lookahead?.followedUp(issue, ctx.now);
	await insertIssueEvents(ctx.tx, [
		{
			issueId: issue.id,
			actorPersonId: ctx.person.id,
			actorLabel: ctx.person.name,
			kind: "follow_up",
			fromState: issue.state,
			toState: issue.state,
			version: issue.version,
			payload: {
				text: cleanText(ctx.message.text),
				messageId: ctx.message.messageId,
				attachments: ctx.message.attachments,
			},
			createdAt: ctx.now,
		},
	]);
	await ctx.tx
		.update(issues)
		.set({ updatedAt: ctx.now })
		.where(eq(issues.id, issue.id));
}

/** A follow-up: supplies the information asked for, or is kept on the issue's record. */
async function joinIssue(ctx: IntakeContext, issue: Issue): Promise<Outcome> {
	if (issue.state === "awaiting_info") {
		ctx.batch.endLookahead();
		const result = await applyCommand(ctx.tx, {
			issueId: issue.id,
			command: { type: "supply_info", text: cleanText(ctx.message.text) },
			actorPersonId: ctx.person.id,
			now: ctx.now,
			calendar: ctx.directory.calendar,
		});
		if (result.ok) {
			await notifyIssueEvent(
				ctx.tx,
				ctx.directory,
				ctx.locale,
				result.issue,
				result.event,
				ctx.now,
			);
			const wakeUp = await replanTimers(
				ctx.tx,
				issue.id,
				ctx.now,
				ctx.directory.calendar,
				result.effects,
			);
			return {
				outcome: "follow_up",
				issueId: issue.id,
				afterCommit: armAfterCommit(ctx.wakeUps, [wakeUp]),
			};
		}
	}
	await recordFollowUp(ctx, issue);
	if (!(await claimFollowUpAcknowledgement(ctx.tx, issue.id, ctx.now)))
		return { outcome: "follow_up_quiet", issueId: issue.id };
	await replyTo(
		ctx.tx,
		ctx.inboundId,
		ctx.message,
		replyText(ctx.locale, "follow_up_joined", {
			number: issue.number,
			title: issue.title,
		}),
		{
			issueId: issue.id,
		},
	);
	return { outcome: "follow_up", issueId: issue.id };
}

export type IssueClassification = Extract<
	ReturnType<typeof classifyMessage>,
	{ kind: "issue" | "unsure" }
>;

/**
 * Registers the message as a new issue and acknowledges it in its thread, mentioning the lead
 * department (or the office, when no category is known). `enterpriseId` overrides the speaker's: a
 * problem the office registers on an enterprise's behalf.
 */
export async function openIssue(
	ctx: Omit<IntakeContext, "batch"> & {
		/** The batch it is opened in, if any: its lookahead learns of the issue. */
		batch?: IntakeBatch;
		enterpriseId?: number;
	},
	classification: IssueClassification,
	category: CategoryRule | null,
	neighbours: OpenNeighbour[],
): Promise<Consequences & { outcome: "new_issue"; issueId: number }> {
	const { tx, message, person, group, directory, locale, now } = ctx;
	const { issue, acknowledgement } = await takeInProblem(
		tx,
		{
			sourceChannel: message.platform,
			title: classification.title,
			body: cleanText(message.text),
			enterpriseId: ctx.enterpriseId ?? person.enterpriseId,
			reporterPersonId: person.id,
			groupId: group?.id ?? null,
			officeId: group?.officeId ?? null,
			sourceConversationId: message.conversationId,
			sourceMessageId: message.messageId,
			sourceThreadRef: message.replyTo?.messageId ?? null,
			category,
			urgency: classification.urgency,
			now,
			actorPersonId: person.id,
			actorLabel: person.name,
		},
		directory,
	);
	ctx.batch?.lookahead?.opened(issue);
	// Most enterprises have no specialist: the snapshot says so without a query.
	if (directory.specialistOf(issue.enterpriseId) !== null)
		await tellSpecialist({
			db: tx,
			issue,
			calendar: directory.calendar,
			locale,
			now,
		});
	const similar = await linkSimilarIssue(ctx, issue, neighbours);
	const lines = [
		acknowledgementText(directory, locale, issue, acknowledgement, now),
	];
	if (similar)
		lines.push(replyText(locale, "ack_similar", { other: similar.number }));
	const mustAct = (platform: Platform) =>
		audienceIdentities(
			tx,
			issue,
			[acknowledgement.mention],
			platform,
			directory,
			now,
		);
	const mentions = (await mustAct(message.platform)).map(toMention);
	await replyTo(tx, ctx.inboundId, message, lines.join("\n"), {
		mentions,
		issueId: issue.id,
		...(showsCards(message.platform)
			? { card: issueCard(directory, locale, issue) }
			: {}),
	});
	await tellElsewhere(tx, directory, locale, {
		issue,
		home: message,
		mustAct,
		text: lines.join("\n"),
		dedupeKey: `issue-${issue.id}-ack`,
	});
	return {
		outcome: "new_issue",
		issueId: issue.id,
		afterCommit: armAfterCommit(ctx.wakeUps, [storedWakeUp(issue)]),
	};
}

/** 一类事: the same problem raised by another enterprise is linked both ways. */
async function linkSimilarIssue(
	ctx: Pick<IntakeContext, "tx" | "now">,
	issue: Issue,
	neighbours: OpenNeighbour[],
): Promise<Pick<Issue, "id" | "number"> | null> {
	if (issue.categoryCode === null) return null;
	const match = findSimilarIssue(
		{
			text: issue.body,
			categoryCode: issue.categoryCode,
			enterpriseId: issue.enterpriseId,
		},
		neighbours,
	);
	if (!match) return null;
	const other = match.issue;
	await insertIssueLinks(ctx.tx, [
		{ issueId: issue.id, linkedIssueId: other.id, reason: "similar" },
		{ issueId: other.id, linkedIssueId: issue.id, reason: "similar" },
	]);
	await insertIssueEvents(
		ctx.tx,
		(
			[
				[issue, other],
				[other, issue],
			] as const
		).map(([from, to]) => ({
			issueId: from.id,
			actorLabel: "system",
			kind: "linked",
			fromState: from.state,
			toState: from.state,
			version: from.version,
			payload: {
				linkedIssueId: to.id,
				linkedNumber: to.number,
				similarity: match.similarity,
			},
			createdAt: ctx.now,
		})),
	);
	return other;
}
