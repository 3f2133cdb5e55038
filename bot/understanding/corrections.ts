/**
 * The office's decisions on what the bot read, from the console or from chat: a candidate registered
 * as an issue or dismissed, a category changed, an issue closed as registered in error. Each is kept
 * as a labelled example (intake_corrections) that the deployment's next model trains on.
 */
import { eq } from "drizzle-orm";
import type { Tx } from "../../db/client.ts";
import { groups, type Person, people } from "../../db/schema/directory.ts";
import { type Issue, issues } from "../../db/schema/issues.ts";
import { inboundMessages } from "../../db/schema/pipeline.ts";
import {
	type CorrectionSource,
	type IntakeCandidate,
	intakeCandidates,
	intakeCorrections,
} from "../../db/schema/understanding.ts";
import type { Urgency } from "../../workflows/deadlines/policy-schema.ts";
import { cleanText } from "../../workflows/intake/normalize-text.ts";
import { makeTitle } from "../../workflows/intake/title.ts";
import { insertIssueEvents } from "../../workflows/issues/insert-events.ts";
import type { DirectorySnapshot } from "../conversation/directory-cache.ts";
import { openIssue } from "../conversation/intake.ts";
import type {
	Consequences,
	IssueOutcome,
} from "../conversation/turn/outcome.ts";
import type { WakeUpScheduler } from "../escalation/conversation-hooks.ts";
import type { InboundMessage } from "../messages.ts";
import type { Locale } from "../texts/catalog.ts";

/** What a correction did: always about the issue it opened or changed. */
type IssueResult = Consequences & { outcome: IssueOutcome; issueId: number };

export interface CorrectionRow {
	text: string;
	kind: "issue" | "chatter";
	categoryCode: string | null;
	botKind: "issue" | "chatter" | "unsure";
	botCategoryCode: string | null;
	source: CorrectionSource;
	issueId?: number | null;
	candidateId?: number | null;
	actorPersonId: number | null;
	createdAt: Date;
}

export async function recordCorrection(
	tx: Tx,
	row: CorrectionRow,
): Promise<void> {
	await tx.insert(intakeCorrections).values(row);
}

export interface RegisterInput {
	tx: Tx;
	directory: DirectorySnapshot;
	locale: Locale;
	now: Date;
	/** The office member or official who decided. */
	actor: Person;
	wakeUps?: WakeUpScheduler;
}

/**
 * Registers an enterprise's message as an issue on the office's word: the issue is opened and
 * acknowledged as if the bot had been sure, in the thread of the enterprise's message.
 */
export async function registerMessage(
	input: RegisterInput & {
		inboundId: number;
		message: InboundMessage;
		reporter: Person;
		enterpriseId: number;
		groupId: number | null;
		categoryCode: string | null;
		urgency: Urgency | null;
		/** What the bot had made of it, for the correction. */
		botKind: "issue" | "chatter" | "unsure";
		botCategoryCode: string | null;
		candidateId: number | null;
		source: CorrectionSource;
		/** The problem's own words when they are not the message's whole text (登记 X：…). */
		text?: string;
		/** When the enterprise wrote it, if not now (a claimed member's kept message): deadlines count from it. */
		reportedAt?: Date;
	},
): Promise<IssueResult> {
	const { tx, directory, now } = input;
	const [group] =
		input.groupId === null
			? []
			: await tx.select().from(groups).where(eq(groups.id, input.groupId));
	const text = input.text ?? input.message.text;
	const category =
		directory.routing.categories.find((c) => c.code === input.categoryCode) ??
		null;
	const result = await openIssue(
		{
			tx,
			message: { ...input.message, text },
			inboundId: input.inboundId,
			person: input.reporter,
			enterpriseId: input.enterpriseId,
			group: group ?? null,
			directory,
			locale: input.locale,
			now: input.reportedAt ?? now,
			contextIssue: null,
			wakeUps: input.wakeUps,
		},
		{
			kind: "issue",
			categoryCode: category?.code ?? null,
			urgency: input.urgency ?? "normal",
			confidence: null,
			problemProbability: null,
			matchedKeywords: [],
			title: makeTitle(cleanText(text)),
		},
		category,
		[],
	);
	const issueId = result.issueId ?? null;
	if (issueId === null)
		throw new Error("registering a message opened no issue");
	const [issue] = await tx.select().from(issues).where(eq(issues.id, issueId));
	if (issue) {
		await insertIssueEvents(tx, [
			{
				issueId,
				actorPersonId: input.actor.id,
				actorLabel: input.actor.name,
				kind: "registered_by_office",
				fromState: issue.state,
				toState: issue.state,
				version: issue.version,
				payload: {
					source: input.source,
					candidateId: input.candidateId,
					botKind: input.botKind,
				},
				createdAt: now,
			},
		]);
	}
	if (input.candidateId !== null) {
		await tx
			.update(intakeCandidates)
			.set({
				state: "promoted",
				issueId,
				categoryCode: category?.code ?? null,
				decidedByPersonId: input.actor.id,
				decidedAt: now,
			})
			.where(eq(intakeCandidates.id, input.candidateId));
	}
	await tx
		.update(inboundMessages)
		.set({ issueId })
		.where(eq(inboundMessages.id, input.inboundId));
	await recordCorrection(tx, {
		text: cleanText(text),
		kind: "issue",
		categoryCode: category?.code ?? null,
		botKind: input.botKind,
		botCategoryCode: input.botCategoryCode,
		source: input.source,
		issueId,
		candidateId: input.candidateId,
		actorPersonId: input.actor.id,
		createdAt: now,
	});
	return { ...result, issueId };
}

/** A candidate from the triage list registered as an issue of `categoryCode` (the model's guess when null). */
export async function promoteCandidate(
	input: RegisterInput & {
		candidate: IntakeCandidate;
		categoryCode: string | null;
	},
): Promise<IssueResult> {
	const { tx, candidate } = input;
	const [inbound] = await tx
		.select()
		.from(inboundMessages)
		.where(eq(inboundMessages.id, candidate.inboundMessageId));
	const [reporter] = await tx
		.select()
		.from(people)
		.where(eq(people.id, candidate.reporterPersonId));
	if (!inbound || !reporter) throw new Error("a candidate without its message");
	return registerMessage({
		...input,
		inboundId: inbound.id,
		message: inbound.message as InboundMessage,
		reporter,
		enterpriseId: candidate.enterpriseId,
		groupId: candidate.groupId,
		categoryCode: input.categoryCode ?? candidate.categoryCode,
		urgency: (candidate.urgency as Urgency | null) ?? null,
		botKind: "unsure",
		botCategoryCode: candidate.categoryCode,
		candidateId: candidate.id,
		source: "promoted",
	});
}

/** A candidate dismissed: it was not a problem. Nothing is said in the group. */
export async function dismissCandidate(
	tx: Tx,
	input: { candidate: IntakeCandidate; actor: Person; now: Date },
): Promise<void> {
	const { candidate, actor, now } = input;
	await tx
		.update(intakeCandidates)
		.set({ state: "dismissed", decidedByPersonId: actor.id, decidedAt: now })
		.where(eq(intakeCandidates.id, candidate.id));
	await recordCorrection(tx, {
		text: candidate.text,
		kind: "chatter",
		categoryCode: null,
		botKind: "unsure",
		botCategoryCode: candidate.categoryCode,
		source: "dismissed",
		candidateId: candidate.id,
		actorPersonId: actor.id,
		createdAt: now,
	});
}

/** `#12 改类别 用地`: the label is corrected (and learnt); the departments stay as they are. */
export async function recategorizeIssue(
	tx: Tx,
	input: { issue: Issue; categoryCode: string; actor: Person; now: Date },
): Promise<void> {
	const { issue, categoryCode, actor, now } = input;
	await tx
		.update(issues)
		.set({ categoryCode, updatedAt: now })
		.where(eq(issues.id, issue.id));
	await insertIssueEvents(tx, [
		{
			issueId: issue.id,
			actorPersonId: actor.id,
			actorLabel: actor.name,
			kind: "recategorized",
			fromState: issue.state,
			toState: issue.state,
			version: issue.version,
			payload: { from: issue.categoryCode, to: categoryCode },
			createdAt: now,
		},
	]);
	await recordCorrection(tx, {
		text: issue.body,
		kind: "issue",
		categoryCode,
		botKind: "issue",
		botCategoryCode: issue.categoryCode,
		source: issue.categoryCode === null ? "dispatched" : "recategorized",
		issueId: issue.id,
		actorPersonId: actor.id,
		createdAt: now,
	});
}

/**
 * An issue the bot could not place, dispatched by the office: the category it was given (or, when
 * the dispatch named none, the one category the chosen department leads) is what the bot should
 * have read. Returns whether a correction was recorded.
 */
export async function learnFromDispatch(
	tx: Tx,
	input: {
		before: Issue;
		after: Issue;
		categories: ReadonlyArray<{
			code: string;
			leadDepartmentId: number | null;
		}>;
		actor: Person;
		now: Date;
	},
): Promise<boolean> {
	const { before, after } = input;
	if (before.categoryCode !== null || after.leadDepartmentId === null)
		return false;
	const led = input.categories.filter(
		(c) => c.leadDepartmentId === after.leadDepartmentId,
	);
	const categoryCode =
		after.categoryCode ?? (led.length === 1 ? led[0]?.code : null) ?? null;
	if (categoryCode === null) return false;
	await recordCorrection(tx, {
		text: before.body,
		kind: "issue",
		categoryCode,
		botKind: "issue",
		botCategoryCode: null,
		source: "dispatched",
		issueId: before.id,
		actorPersonId: input.actor.id,
		createdAt: input.now,
	});
	return true;
}

/** `promoteCandidate` from a chat command's context (登记 as a reply to the candidate's message). */
export function promoteCandidateOf(
	ctx: Omit<RegisterInput, "actor"> & { person: Person },
	candidate: IntakeCandidate,
	categoryCode: string | null,
): Promise<IssueResult> {
	return promoteCandidate({
		...ctx,
		actor: ctx.person,
		candidate,
		categoryCode,
	});
}
