/**
 * An issue from another channel (12345, mini-program, visits, face-to-face sessions), made the way
 * chat intake makes one: classified, routed, given its deadline policy, and announced in the same
 * transaction: by number in the enterprise's work group, in full to the office and department privately.
 */
import { and, asc, eq, isNotNull, or } from "drizzle-orm";
import type { Tx } from "../../../db/client.ts";
import {
	type Enterprise,
	enterprises,
	type Group,
	groups,
	type Person,
	people,
} from "../../../db/schema/directory.ts";
import type { Issue } from "../../../db/schema/issues.ts";
import type { Urgency } from "../../../workflows/deadlines/policy-schema.ts";
import { identitiesOfDepartment } from "../../../workflows/directory/queries.ts";
import { categorize } from "../../../workflows/intake/categorize.ts";
import {
	classifyMessage,
	detectUrgency,
} from "../../../workflows/intake/classify-message.ts";
import {
	cleanText,
	normalizeText,
} from "../../../workflows/intake/normalize-text.ts";
import { takeInHandedDown } from "../../../workflows/intake/take-in-handed-down.ts";
import {
	type Acknowledgement,
	takeInProblem,
} from "../../../workflows/intake/take-in-problem.ts";
import { acknowledgementText } from "../../conversation/acknowledge.ts";
import {
	audienceIdentities,
	mentionsFor,
	toMention,
} from "../../conversation/audiences.ts";
import type { DirectorySnapshot } from "../../conversation/directory-cache.ts";
import { shortNumber } from "../../conversation/format.ts";
import { deadlineLine } from "../../conversation/notify.ts";
import { tellElsewhere } from "../../conversation/tell-elsewhere.ts";
import { tellSpecialist } from "../../escalation/event-notices.ts";
import { enqueueOutbound } from "../../pipeline/outbox.ts";
import { apiText } from "../../texts/api.ts";
import type { Locale } from "../../texts/catalog.ts";
import { intakeText } from "../../texts/intake.ts";
import type { FieldError, IntakeRequest } from "./schema.ts";

export interface ApiIntakeContext {
	tx: Tx;
	directory: DirectorySnapshot;
	locale: Locale;
	now: Date;
}

export type ApiIntakeResult =
	| { ok: true; issue: Issue; announced: boolean }
	| { ok: false; fields: FieldError[] };

export async function createIssueFromApi(
	ctx: ApiIntakeContext,
	request: IntakeRequest,
): Promise<ApiIntakeResult> {
	const { tx, directory, locale, now } = ctx;
	const fields: FieldError[] = [];
	const enterprise = await findEnterprise(tx, request.enterprise);
	if (!enterprise)
		fields.push({
			field: "enterprise",
			message: "no such enterprise in the directory",
		});
	let reporter: Person | null = null;
	if (request.reporter?.code) {
		reporter = await findPerson(tx, request.reporter.code);
		if (!reporter || (enterprise && reporter.enterpriseId !== enterprise.id))
			fields.push({
				field: "reporter.code",
				message: "no such member of this enterprise in the directory",
			});
	}
	const rules = directory.routing;
	const named = request.category
		? rules.categories.find(
				(c) => c.code === request.category || c.name === request.category,
			)
		: undefined;
	if (request.category && !named)
		fields.push({
			field: "category",
			message: `unknown category; use one of ${rules.categories.map((c) => c.code).join(", ")}`,
		});
	if (!enterprise || fields.length > 0) return { ok: false, fields };

	const body = cleanText(request.text);
	const classification = classifyMessage(
		{ text: body, attachments: [] },
		rules,
	);
	// The caller says it is an issue even when the words alone would read as chatter ("停电").
	const normalized = normalizeText(body);
	const categoryCode =
		named?.code ??
		(classification.kind === "issue"
			? classification.categoryCode
			: (categorize(normalized, rules.categories)?.categoryCode ?? null));
	const urgency: Urgency =
		request.urgency ??
		(classification.kind === "issue"
			? classification.urgency
			: detectUrgency(normalized, rules.urgencyWords));
	const category =
		rules.categories.find((c) => c.code === categoryCode) ?? null;
	const title =
		request.title ??
		(classification.kind === "issue"
			? classification.title
			: body.slice(0, 30));
	const contact = [request.reporter?.name, request.reporter?.phone]
		.filter(Boolean)
		.join(" ");
	const group = await workGroupOf(tx, enterprise);

	const problem = {
		title,
		body: contact
			? `${body}\n${apiText(locale, "contact", { contact })}`
			: body,
		enterpriseId: enterprise.id,
		reporterPersonId: reporter?.id ?? null,
		groupId: group?.id ?? null,
		officeId: enterprise.officeId,
		// Later notifications about the issue go to the enterprise's group (notify.ts threadOf).
		sourceConversationId: group?.conversationId ?? null,
		category,
		urgency,
		now,
		actorPersonId: reporter?.id ?? null,
		actorLabel: apiText(locale, `channel_${request.channel}`),
	};
	const { issue, acknowledgement } = request.handedDown
		? await takeInHandedDown(tx, problem, request.handedDown, directory)
		: await takeInProblem(
				tx,
				{ ...problem, sourceChannel: request.channel },
				directory,
			);
	await tellSpecialist({
		db: tx,
		issue,
		calendar: directory.calendar,
		locale,
		now,
	});
	if (!group?.conversationId) return { ok: true, issue, announced: false };
	await announce(ctx, issue, acknowledgement, enterprise, group, request);
	return { ok: true, issue, announced: true };
}

/**
 * The office's work group is read by the office's other enterprises: it is told the number, the
 * category and who is to act (mentioned), never who called or what they said. The service office's
 * staff and the lead department's officials get the whole announcement in a direct message.
 */
async function announce(
	ctx: ApiIntakeContext,
	issue: Issue,
	acknowledgement: Acknowledgement,
	enterprise: Enterprise,
	group: Group,
	request: IntakeRequest,
): Promise<void> {
	const { tx, directory, locale, now } = ctx;
	const dispatched = issue.leadDepartmentId !== null;
	const channel = apiText(locale, `channel_${request.channel}`);
	const department = directory.departmentName(issue.leadDepartmentId) ?? "—";
	const office =
		directory.officeName(issue.officeId) ??
		intakeText(locale, "service_office");
	const deadline = deadlineLine(directory, locale, issue, now);
	const category = directory.categoryName(issue.categoryCode) ?? "—";
	const conversationId = group.conversationId as string;
	const mentions = await mentionsFor(
		tx,
		issue,
		[acknowledgement.mention],
		group.platform,
	);
	await enqueueOutbound(tx, {
		dedupeKey: `issue-${issue.id}-announced`,
		issueId: issue.id,
		message: {
			platform: group.platform,
			conversationId,
			text: apiText(
				locale,
				dispatched ? "announce_group_dispatched" : "announce_group_awaiting",
				{
					channel,
					number: issue.number,
					short: shortNumber(issue.number),
					category,
					department,
					office,
					deadline,
				},
			),
			mentions,
		},
	});

	const detail = [
		apiText(locale, "announce_header", {
			channel,
			enterprise: enterprise.name,
		}),
		acknowledgementText(directory, locale, issue, acknowledgement, now),
	].join("\n");
	// Privately to every official of the department, not only those a group message would mention.
	const told = [
		...(await mentionsFor(tx, issue, ["office"], group.platform)),
		...(issue.leadDepartmentId === null
			? []
			: (
					await identitiesOfDepartment(
						tx,
						issue.leadDepartmentId,
						group.platform,
					)
				).map(toMention)),
	];
	// People only: a department's shared account may sit in the group itself.
	for (const person of told.filter((m) => m.kind === "user"))
		await enqueueOutbound(tx, {
			dedupeKey: `issue-${issue.id}-announced-to-${person.externalId}`,
			issueId: issue.id,
			message: {
				platform: group.platform,
				conversationId: person.externalId,
				text: detail,
				mentions: [],
			},
		});
	// Who must act but is not on the group's platform (a mixed deployment) hears the whole of it
	// where they are: their department's internal group there, or a direct message.
	await tellElsewhere(tx, directory, locale, {
		issue,
		home: { platform: group.platform, conversationId },
		mustAct: (platform) =>
			audienceIdentities(
				tx,
				issue,
				[acknowledgement.mention],
				platform,
				directory,
				now,
			),
		text: detail,
		dedupeKey: `issue-${issue.id}-announced`,
	});
}

async function findEnterprise(tx: Tx, ref: string): Promise<Enterprise | null> {
	const [row] = await tx
		.select()
		.from(enterprises)
		.where(
			and(
				eq(enterprises.active, true),
				or(eq(enterprises.code, ref), eq(enterprises.name, ref)),
			),
		)
		.orderBy(asc(enterprises.id))
		.limit(1);
	return row ?? null;
}

async function findPerson(tx: Tx, code: string): Promise<Person | null> {
	const [row] = await tx
		.select()
		.from(people)
		.where(and(eq(people.code, code), eq(people.active, true)));
	return row ?? null;
}

/** The work group of the enterprise's service office, when it has one the bot can post in. */
async function workGroupOf(
	tx: Tx,
	enterprise: Enterprise,
): Promise<Group | null> {
	if (enterprise.officeId === null) return null;
	const [row] = await tx
		.select()
		.from(groups)
		.where(
			and(
				eq(groups.officeId, enterprise.officeId),
				eq(groups.kind, "work"),
				eq(groups.active, true),
				isNotNull(groups.conversationId),
			),
		)
		.orderBy(asc(groups.id))
		.limit(1);
	return row ?? null;
}
