/**
 * Nobody is turned away: a problem from a group member the directory does not know is kept, the
 * group's office is asked once who the person is, and on its answer (`认领 @张三 鑫达机械` in chat, or
 * one click in the console) the person joins the deployment's identities for that enterprise and
 * what they wrote becomes an issue from the time they wrote it.
 */
import { and, asc, eq, isNotNull, isNull, or } from "drizzle-orm";
import type { DbOrTx, Tx } from "../../db/client.ts";
import {
	enterprises,
	groups,
	type Person,
	type Platform,
	people,
	platformIdentities,
} from "../../db/schema/directory.ts";
import { issues } from "../../db/schema/issues.ts";
import { inboundMessages } from "../../db/schema/pipeline.ts";
import {
	type UnknownMemberReport,
	unknownMemberReports,
} from "../../db/schema/understanding.ts";
import { classifyMessage } from "../../workflows/intake/classify-message.ts";
import { cleanText } from "../../workflows/intake/normalize-text.ts";
import { insertIssueEvents } from "../../workflows/issues/insert-events.ts";
import { officeStaffIdentities } from "../conversation/audiences.ts";
import type { DirectorySnapshot } from "../conversation/directory-cache.ts";
import type { WakeUpScheduler } from "../escalation/conversation-hooks.ts";
import type { InboundMessage } from "../messages.ts";
import { enqueueOutbound } from "../pipeline/outbox.ts";
import type { Locale } from "../texts/catalog.ts";
import { unknownMemberText } from "../texts/unknown-members.ts";
import { registerMessage } from "./corrections.ts";
import { mayTriage } from "./triage-queries.ts";

/** The playground has no direct messages: its office sees the question in the console only. */
const CANNOT_DM: readonly Platform[] = ["playground"];

/**
 * Keeps the message; the first one from this person while none is pending asks the office (by direct
 * message to its staff on the group's platform). Returns whether this is that first message.
 */
export async function keepUnknownMemberReport(
	tx: Tx,
	input: {
		inboundId: number;
		message: InboundMessage;
		group: { id: number; name: string; officeId: number | null };
		locale: Locale;
		publicUrl: string | undefined;
		now: Date;
	},
): Promise<boolean> {
	const { message, group, now } = input;
	const [waiting] = await tx
		.select({ id: unknownMemberReports.id })
		.from(unknownMemberReports)
		.where(
			and(
				pendingOf(message.platform, message.author.externalId),
				isNotNull(unknownMemberReports.officeAskedAt),
			),
		)
		.limit(1);
	const first = waiting === undefined;
	const [report] = await tx
		.insert(unknownMemberReports)
		.values({
			inboundMessageId: input.inboundId,
			groupId: group.id,
			officeId: group.officeId,
			platform: message.platform,
			authorExternalId: message.author.externalId,
			authorName: message.author.displayName ?? null,
			text: cleanText(message.text),
			officeAskedAt: first ? now : null,
			createdAt: sentAt(message, now),
		})
		.onConflictDoNothing()
		.returning();
	if (!report || !first) return false;
	if (CANNOT_DM.includes(message.platform)) return true;
	const name = report.authorName ?? report.authorExternalId;
	const text = unknownMemberText(input.locale, "office_question", {
		group: group.name,
		name,
		text: [...report.text].slice(0, 200).join(""),
		url: `${input.publicUrl ?? ""}/console/triage#unknown-members`,
	});
	for (const identity of await officeStaffIdentities(
		tx,
		group.officeId,
		message.platform,
	)) {
		await enqueueOutbound(tx, {
			dedupeKey: `unknown-member-${report.id}-${identity.id}`,
			message: {
				platform: message.platform,
				conversationId: identity.externalId,
				text,
				mentions: [],
			},
		});
	}
	return true;
}

/** The platform's send time, unless it is missing or in the future (a clock off on the phone). */
function sentAt(message: InboundMessage, now: Date): Date {
	const sent = new Date(message.sentAt);
	return Number.isNaN(sent.getTime()) || sent > now ? now : sent;
}

function pendingOf(platform: Platform, externalId: string) {
	return and(
		eq(unknownMemberReports.state, "pending"),
		eq(unknownMemberReports.platform, platform),
		eq(unknownMemberReports.authorExternalId, externalId),
	);
}

/** Office staff decide for their own office's groups (and groups of no office); admins for all. */
function scopeOf(person: Person) {
	if (person.roles.includes("admin")) return undefined;
	return person.officeId === null
		? isNull(unknownMemberReports.officeId)
		: or(
				eq(unknownMemberReports.officeId, person.officeId),
				isNull(unknownMemberReports.officeId),
			);
}

export interface UnknownMemberRow {
	report: UnknownMemberReport;
	group: string;
}

/** The first pending message of each unknown member this person may claim, newest first. */
export async function pendingUnknownMembers(
	db: DbOrTx,
	person: Person,
	limit = 200,
): Promise<UnknownMemberRow[]> {
	if (!mayTriage(person)) return [];
	const rows = await db
		.select({ report: unknownMemberReports, group: groups.name })
		.from(unknownMemberReports)
		.innerJoin(groups, eq(groups.id, unknownMemberReports.groupId))
		.where(
			and(
				eq(unknownMemberReports.state, "pending"),
				isNotNull(unknownMemberReports.officeAskedAt),
				scopeOf(person),
			),
		)
		.orderBy(asc(unknownMemberReports.createdAt))
		.limit(limit);
	return rows.reverse();
}

/** Finds whose reports `actor` may claim: by account, by report id, or by the name they wrote under. */
export async function claimableReports(
	tx: Tx,
	actor: Person,
	who:
		| { platform: Platform; externalId: string }
		| { reportId: number }
		| { name: string },
): Promise<UnknownMemberReport[]> {
	let author: { platform: Platform; externalId: string } | null = null;
	if ("externalId" in who) author = who;
	else {
		const [found] = await tx
			.select()
			.from(unknownMemberReports)
			.where(
				and(
					eq(unknownMemberReports.state, "pending"),
					scopeOf(actor),
					"reportId" in who
						? eq(unknownMemberReports.id, who.reportId)
						: eq(unknownMemberReports.authorName, who.name),
				),
			)
			.orderBy(asc(unknownMemberReports.id))
			.limit(1);
		if (found)
			author = {
				platform: found.platform,
				externalId: found.authorExternalId,
			};
	}
	if (author === null) return [];
	return tx
		.select()
		.from(unknownMemberReports)
		.where(and(pendingOf(author.platform, author.externalId), scopeOf(actor)))
		.orderBy(asc(unknownMemberReports.createdAt), asc(unknownMemberReports.id))
		.for("update");
}

/** The enterprises a claim may name: the viewer's office's (and those of no office); an admin's, all. */
export async function activeEnterprises(
	db: DbOrTx,
	person: Person,
): Promise<{ id: number; name: string }[]> {
	if (!mayTriage(person)) return [];
	const rows = await db
		.select({
			id: enterprises.id,
			name: enterprises.name,
			officeId: enterprises.officeId,
		})
		.from(enterprises)
		.where(eq(enterprises.active, true))
		.orderBy(asc(enterprises.name));
	return rows
		.filter(
			(row) =>
				person.roles.includes("admin") ||
				person.officeId === null ||
				row.officeId === null ||
				row.officeId === person.officeId,
		)
		.map(({ id, name }) => ({ id, name }));
}

/** An enterprise of the directory by its name: exact, or the only one whose name contains the words. */
export async function enterpriseByName(
	db: DbOrTx,
	name: string,
): Promise<{ id: number; name: string } | null> {
	const wanted = name.trim();
	if (!wanted) return null;
	const rows = await db
		.select({ id: enterprises.id, name: enterprises.name })
		.from(enterprises)
		.where(eq(enterprises.active, true));
	const exact = rows.find((r) => r.name === wanted);
	if (exact) return exact;
	const containing = rows.filter((r) => r.name.includes(wanted));
	return containing.length === 1 ? (containing[0] ?? null) : null;
}

export interface ClaimResult {
	person: Person;
	/** The issue numbers opened from the kept messages (one; later messages join it as follow-ups). */
	numbers: string[];
	afterCommit?: () => Promise<void> | void;
}

/**
 * The office's answer: the person becomes an enterprise member with this account, and their first
 * kept message an issue dated when it was sent (later kept messages are added to it as follow-ups).
 */
export async function claimUnknownMember(input: {
	tx: Tx;
	directory: DirectorySnapshot;
	locale: Locale;
	now: Date;
	actor: Person;
	reports: UnknownMemberReport[];
	enterpriseId: number;
	/** The name to keep for the person; the platform's display name when absent. */
	name?: string;
	wakeUps?: WakeUpScheduler;
}): Promise<ClaimResult> {
	const { tx, reports, now, actor } = input;
	const first = reports[0];
	if (!first) throw new Error("claiming nobody");
	const person = await addClaimedPerson(tx, {
		platform: first.platform,
		externalId: first.authorExternalId,
		name: input.name ?? first.authorName ?? first.authorExternalId,
		enterpriseId: input.enterpriseId,
	});
	const [inbound] = await tx
		.select()
		.from(inboundMessages)
		.where(eq(inboundMessages.id, first.inboundMessageId));
	if (!inbound) throw new Error("a kept message without its inbound row");
	const message = inbound.message as InboundMessage;
	const reading = classifyMessage(
		message,
		input.directory.routing,
		input.directory.intakeModel(),
	);
	const guess = reading.kind === "chatter" ? null : reading;
	const opened = await registerMessage({
		tx,
		directory: input.directory,
		locale: input.locale,
		now,
		reportedAt: first.createdAt,
		actor,
		wakeUps: input.wakeUps,
		inboundId: inbound.id,
		message,
		reporter: person,
		enterpriseId: input.enterpriseId,
		groupId: first.groupId,
		categoryCode: guess?.categoryCode ?? null,
		urgency: guess?.urgency ?? null,
		botKind: reading.kind,
		botCategoryCode: guess?.categoryCode ?? null,
		candidateId: null,
		source: "registered",
	});
	const [issue] = await tx
		.select()
		.from(issues)
		.where(eq(issues.id, opened.issueId));
	if (!issue) throw new Error("the claimed issue vanished");
	await insertIssueEvents(tx, [
		{
			issueId: issue.id,
			actorPersonId: actor.id,
			actorLabel: actor.name,
			kind: "member_claimed",
			fromState: issue.state,
			toState: issue.state,
			version: issue.version,
			payload: {
				personId: person.id,
				enterpriseId: input.enterpriseId,
				platform: first.platform,
				externalId: first.authorExternalId,
				reportIds: reports.map((r) => r.id),
				reportedAt: first.createdAt.toISOString(),
				officeAskedAt: first.officeAskedAt?.toISOString() ?? null,
			},
			createdAt: now,
		},
		// What they wrote after, while they waited, is kept on the issue's record.
		...reports.slice(1).map((report) => ({
			issueId: issue.id,
			actorPersonId: person.id,
			actorLabel: person.name,
			kind: "follow_up",
			fromState: issue.state,
			toState: issue.state,
			version: issue.version,
			payload: { text: report.text, reportId: report.id },
			createdAt: report.createdAt,
		})),
	]);
	for (const report of reports) {
		await tx
			.update(unknownMemberReports)
			.set({
				state: "claimed",
				personId: person.id,
				issueId: issue.id,
				claimedByPersonId: actor.id,
				claimedAt: now,
			})
			.where(eq(unknownMemberReports.id, report.id));
		await tx
			.update(inboundMessages)
			.set({ issueId: issue.id })
			.where(eq(inboundMessages.id, report.inboundMessageId));
	}
	return {
		person,
		numbers: [issue.number],
		...(opened.afterCommit ? { afterCommit: opened.afterCommit } : {}),
	};
}

/** A new enterprise member with this account (origin `claimed`: directory imports keep them). */
async function addClaimedPerson(
	tx: Tx,
	input: {
		platform: Platform;
		externalId: string;
		name: string;
		enterpriseId: number;
	},
): Promise<Person> {
	const code = `claimed-${input.platform}-${input.externalId}`.replace(
		/[^A-Za-z0-9._-]/g,
		"-",
	);
	const values = {
		code,
		name: input.name,
		roles: ["enterprise_member" as const],
		enterpriseId: input.enterpriseId,
		origin: "claimed" as const,
		active: true,
		updatedAt: new Date(),
	};
	const [person] = await tx
		.insert(people)
		.values(values)
		.onConflictDoUpdate({ target: people.code, set: values })
		.returning();
	if (!person) throw new Error("no person claimed");
	await tx
		.insert(platformIdentities)
		.values({
			platform: input.platform,
			externalId: input.externalId,
			displayName: input.name,
			personId: person.id,
		})
		.onConflictDoUpdate({
			target: [platformIdentities.platform, platformIdentities.externalId],
			set: { personId: person.id, departmentId: null },
		});
	return person;
}
