/**
 * A step's messages, written in the wake-up's transaction: to the outbox (thread posts, direct
 * messages, the leaders' group) or, in quiet hours, to held_notifications for the next digest.
 * Every message has a dedupe key made of the issue, the step and the recipient.
 */
import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import {
	departments,
	enterprises,
	groups,
	PLATFORMS,
} from "../../db/schema/directory.ts";
import { heldNotifications } from "../../db/schema/escalation.ts";
import type { Issue } from "../../db/schema/issues.ts";
import type { WorkingCalendar } from "../../workflows/calendar/types.ts";
import type { PlannedStep } from "../../workflows/escalation/plan.ts";
import type {
	AudienceRole,
	EscalationPolicy,
	NotifySpec,
} from "../../workflows/escalation/policy-schema.ts";
import {
	type Delivery,
	deliveryFor,
} from "../../workflows/escalation/quiet-hours.ts";
import { toMention } from "../conversation/audiences.ts";
import {
	formatDateTime,
	formatMilestoneDay,
	shortNumber,
} from "../conversation/format.ts";
import { type IssueThread, issueThread } from "../conversation/notify.ts";
import type { Platform } from "../messages.ts";
import { enqueueOutbound } from "../pipeline/outbox.ts";
import { LOCALES, type Locale, type TextParams } from "../texts/catalog.ts";
import { colourLabel, escalationText } from "../texts/escalation.ts";
import { type Recipient, recipientsOf } from "./recipients.ts";

/** Roles an issue may well not have: reaching none of them is not a failure. */
const OPTIONAL_ROLES: readonly AudienceRole[] = ["specialist", "baobao_leader"];

export interface DeliverContext {
	db: DbOrTx;
	issue: Issue;
	escalation: EscalationPolicy;
	calendar: WorkingCalendar;
	now: Date;
	/** The deployment's language; a person's own locale wins in direct messages. */
	locale: Locale;
	/**
	 * The chat platforms this deployment has, in order of preference: where people are reached
	 * when the issue has no chat thread of its own (12345 hotline …). Default: every platform.
	 */
	platforms?: readonly Platform[];
}

export interface Delivered {
	/** Messages written to the outbox (or already there from an earlier try). */
	sent: number;
	/** Notifications held for a digest. */
	held: number;
	/** The audiences of the step's notices that no message could reach, as `who` lists joined by "+". */
	unreached: string[];
}

/**
 * A step's notices. An issue from the intake API has no thread: a thread notice goes to the
 * enterprise's group when the issue has one, else to each person by direct message, on the first
 * platform of the deployment where they have an account. A notice that reaches no one is counted
 * in `unreached`, so the step is recorded as undeliverable rather than sent.
 */
export async function deliverStep(
	ctx: DeliverContext,
	step: PlannedStep,
): Promise<Delivered> {
	const thread = await issueThread(ctx.db, ctx.issue);
	const platforms = platformOrder(thread?.platform, ctx.platforms);
	const total: Delivered = { sent: 0, held: 0, unreached: [] };
	const department = await departmentName(ctx.db, ctx.issue.leadDepartmentId);
	const enterprise = await enterpriseName(ctx.db, ctx.issue.enterpriseId);
	for (const [index, spec] of step.notify.entries()) {
		const key = `esc-${ctx.issue.id}-${step.key}-${index}`;
		const render = (locale: Locale) =>
			escalationText(
				locale,
				spec.text,
				paramsOf(ctx, step, locale, department, enterprise),
			);
		const reached = await deliverNotice(ctx, {
			key,
			spec,
			thread,
			platforms,
			render,
			step,
			index,
		});
		total.sent += reached.sent;
		total.held += reached.held;
		// An enterprise without a specialist or 包保 leader is normal, not a notice lost.
		if (
			reached.sent + reached.held === 0 &&
			!spec.who.every((role) => OPTIONAL_ROLES.includes(role))
		)
			total.unreached.push(spec.who.join("+"));
	}
	return total;
}

interface Notice {
	key: string;
	spec: NotifySpec;
	thread: IssueThread | null;
	platforms: readonly Platform[];
	render: (locale: Locale) => string;
	step: PlannedStep;
	index: number;
}

async function deliverNotice(
	ctx: DeliverContext,
	notice: Notice,
): Promise<{ sent: number; held: number }> {
	const { key, spec, thread, render } = notice;
	if (spec.where === "thread" && thread) {
		const recipients = await recipientsFor(ctx, spec, thread.platform);
		await post(ctx, key, { ...thread, text: render(ctx.locale) }, recipients);
		return { sent: 1, held: 0 };
	}
	const internal = await departmentGroupFor(ctx, spec, notice.platforms);
	if (internal) {
		const recipients = await recipientsFor(ctx, spec, internal.platform);
		await post(ctx, key, { ...internal, text: render(ctx.locale) }, recipients);
		return { sent: 1, held: 0 };
	}
	const delivery = deliveryOf(ctx, spec);
	const persons = await peopleAcross(ctx, spec, notice.platforms);
	if (delivery.kind === "hold") {
		const held = await hold(
			ctx,
			notice.step,
			notice.index,
			persons,
			delivery.until,
			render,
		);
		return { sent: 0, held };
	}
	if (spec.where === "leaders_group") {
		const group = await leadersGroup(ctx.db, notice.platforms);
		if (group) {
			const recipients = await recipientsFor(ctx, spec, group.platform);
			await post(
				ctx,
				key,
				{
					platform: group.platform,
					conversationId: group.conversationId,
					text: render(ctx.locale),
				},
				recipients,
			);
			return { sent: 1, held: 0 };
		}
	}
	let sent = 0;
	for (const recipient of persons) {
		await enqueueOutbound(ctx.db, {
			dedupeKey: `${key}-p${recipient.personId}`,
			issueId: ctx.issue.id,
			message: {
				platform: recipient.identity.platform,
				conversationId: recipient.identity.externalId,
				text: render(localeOf(recipient.locale, ctx.locale)),
				mentions: [],
			},
		});
		sent++;
	}
	return { sent, held: 0 };
}

/** The issue's own platform first (its people are known there), then the deployment's others. */
function platformOrder(
	home: Platform | undefined,
	configured: readonly Platform[] = PLATFORMS,
): Platform[] {
	const rest = configured.filter((p) => p !== home);
	return home ? [home, ...rest] : rest;
}

/** Each person of the notice's audience once, with their account on the first platform that has one. */
async function peopleAcross(
	ctx: DeliverContext,
	spec: NotifySpec,
	platforms: readonly Platform[],
): Promise<Array<Recipient & { personId: number }>> {
	const byPerson = new Map<number, Recipient & { personId: number }>();
	for (const platform of platforms)
		for (const recipient of people(await recipientsFor(ctx, spec, platform)))
			if (!byPerson.has(recipient.personId))
				byPerson.set(recipient.personId, recipient);
	return [...byPerson.values()];
}

async function post(
	ctx: DeliverContext,
	dedupeKey: string,
	target: {
		platform: Platform;
		conversationId: string;
		text: string;
		replyTo?: { messageId: string };
	},
	recipients: Recipient[],
): Promise<void> {
	// An existing row of the same key (an earlier try of this step) is the same message: sent once.
	await enqueueOutbound(ctx.db, {
		dedupeKey,
		issueId: ctx.issue.id,
		message: {
			...target,
			mentions: recipients.map((r) => toMention(r.identity)),
		},
	});
}

async function hold(
	ctx: DeliverContext,
	step: PlannedStep,
	index: number,
	recipients: Array<Recipient & { personId: number }>,
	until: Date,
	render: (locale: Locale) => string,
): Promise<number> {
	const rows = recipients.map((recipient) => ({
		personId: recipient.personId,
		issueId: ctx.issue.id,
		stepKey: `${step.key}-${index}`,
		line: render(localeOf(recipient.locale, ctx.locale)),
		payload: {
			platform: recipient.identity.platform,
			conversationId: recipient.identity.externalId,
			locale: localeOf(recipient.locale, ctx.locale),
		},
		heldAt: ctx.now,
		releaseAt: until,
	}));
	if (rows.length > 0) await ctx.db.insert(heldNotifications).values(rows);
	return rows.length;
}

/** The earliest delivery any of the spec's roles allows: one quiet role holds the whole message. */
function deliveryOf(ctx: DeliverContext, spec: NotifySpec): Delivery {
	for (const role of spec.who) {
		const delivery = deliveryFor({
			role,
			where: spec.where,
			urgent: ctx.issue.urgency === "urgent",
			quietHours: ctx.escalation.quietHours,
			calendar: ctx.calendar,
			now: ctx.now,
		});
		if (delivery.kind === "hold") return delivery;
	}
	return { kind: "now" };
}

async function recipientsFor(
	ctx: DeliverContext,
	spec: NotifySpec,
	platform: Platform,
): Promise<Recipient[]> {
	const seen = new Set<string>();
	const all: Recipient[] = [];
	for (const role of spec.who)
		for (const recipient of await recipientsOf(
			ctx.db,
			ctx.issue,
			role,
			platform,
		))
			if (!seen.has(recipient.identity.externalId)) {
				seen.add(recipient.identity.externalId);
				all.push(recipient);
			}
	return all;
}

/** Only people get direct messages and digests; a department's collective account does not. */
function people(
	recipients: Recipient[],
): Array<Recipient & { personId: number }> {
	return recipients.filter(
		(r): r is Recipient & { personId: number } => r.personId !== null,
	);
}

/**
 * A direct notice to the lead department's officials goes to the department's internal group
 * instead, when the directory names one (a group of kind `department`): one message, the officials
 * mentioned, read by no enterprise.
 */
async function departmentGroupFor(
	ctx: DeliverContext,
	spec: NotifySpec,
	platforms: readonly Platform[],
): Promise<{ platform: Platform; conversationId: string } | null> {
	const departmentId = ctx.issue.leadDepartmentId;
	if (spec.where !== "direct" || departmentId === null) return null;
	if (spec.who.length !== 1 || spec.who[0] !== "lead_officials") return null;
	return firstGroupOn(ctx.db, platforms, "department", departmentId);
}

/** The leaders' group on the first of the platforms that has one. */
function leadersGroup(
	db: DbOrTx,
	platforms: readonly Platform[],
): Promise<{ platform: Platform; conversationId: string } | null> {
	return firstGroupOn(db, platforms, "leaders");
}

/** The first active group of this kind (and department) on the first of the platforms that has one. */
async function firstGroupOn(
	db: DbOrTx,
	platforms: readonly Platform[],
	kind: "leaders" | "department",
	departmentId?: number,
): Promise<{ platform: Platform; conversationId: string } | null> {
	for (const platform of platforms) {
		const [row] = await db
			.select({ conversationId: groups.conversationId })
			.from(groups)
			.where(
				and(
					eq(groups.kind, kind),
					departmentId === undefined
						? undefined
						: eq(groups.departmentId, departmentId),
					eq(groups.platform, platform),
					eq(groups.active, true),
					isNotNull(groups.conversationId),
				),
			)
			.orderBy(asc(groups.id))
			.limit(1);
		if (row?.conversationId)
			return { platform, conversationId: row.conversationId };
	}
	return null;
}

async function enterpriseName(
	db: DbOrTx,
	id: number | null,
): Promise<string | null> {
	if (id === null) return null;
	const [row] = await db
		.select({ name: enterprises.name })
		.from(enterprises)
		.where(eq(enterprises.id, id));
	return row?.name ?? null;
}

async function departmentName(
	db: DbOrTx,
	id: number | null,
): Promise<string | null> {
	if (id === null) return null;
	const [row] = await db
		.select({ name: departments.name })
		.from(departments)
		.where(eq(departments.id, id));
	return row?.name ?? null;
}

function paramsOf(
	ctx: DeliverContext,
	step: PlannedStep,
	locale: Locale,
	department: string | null,
	enterprise: string | null,
): TextParams {
	const { issue } = ctx;
	return {
		...step.params,
		enterprise: enterprise ?? "—",
		...(step.milestone
			? {
					position: step.milestone.position,
					milestone: step.milestone.title,
					milestoneDay: formatMilestoneDay(locale, step.milestone.dueAt),
				}
			: {}),
		number: issue.number,
		short: shortNumber(issue.number),
		title: issue.title,
		department: department ?? "—",
		due: issue.dueAt ? formatDateTime(locale, issue.dueAt) : "—",
		acceptDue: issue.acceptDueAt
			? formatDateTime(locale, issue.acceptDueAt)
			: "—",
		percent: step.colour ? Math.round(step.colour.atFraction * 100) : 100,
		colourLabel: step.colour ? colourLabel(locale, step.colour.name) : "",
		days: step.days ?? 0,
	};
}

function localeOf(preferred: string | null, fallback: Locale): Locale {
	return (LOCALES as readonly string[]).includes(preferred ?? "")
		? (preferred as Locale)
		: fallback;
}
