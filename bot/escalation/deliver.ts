/**
 * A step's messages, written in the wake-up's transaction: to the outbox (thread posts, direct
 * messages, the leaders' group) or, in quiet hours, to held_notifications for the next digest.
 * Every message has a dedupe key made of the issue, the step and the recipient.
 */
import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { departments, groups } from "../../db/schema/directory.ts";
import { heldNotifications } from "../../db/schema/escalation.ts";
import type { Issue } from "../../db/schema/issues.ts";
import type { WorkingCalendar } from "../../workflows/calendar/types.ts";
import type { PlannedStep } from "../../workflows/escalation/plan.ts";
import type {
	EscalationPolicy,
	NotifySpec,
} from "../../workflows/escalation/policy-schema.ts";
import {
	type Delivery,
	deliveryFor,
} from "../../workflows/escalation/quiet-hours.ts";
import { toMention } from "../conversation/audiences.ts";
import { formatDateTime, shortNumber } from "../conversation/format.ts";
import { threadOf } from "../conversation/notify.ts";
import type { Platform } from "../messages.ts";
import { enqueueOutbound } from "../pipeline/outbox.ts";
import { LOCALES, type Locale, type TextParams } from "../texts/catalog.ts";
import { colourLabel, escalationText } from "../texts/escalation.ts";
import { type Recipient, recipientsOf } from "./recipients.ts";

export interface DeliverContext {
	db: DbOrTx;
	issue: Issue;
	escalation: EscalationPolicy;
	calendar: WorkingCalendar;
	now: Date;
	/** The deployment's language; a person's own locale wins in direct messages. */
	locale: Locale;
}

export interface Delivered {
	/** Outbox rows written. */
	sent: number;
	/** Notifications held for a digest. */
	held: number;
}

export async function deliverStep(
	ctx: DeliverContext,
	step: PlannedStep,
): Promise<Delivered> {
	const thread = threadOf(ctx.issue);
	const total: Delivered = { sent: 0, held: 0 };
	if (!thread) return total;
	const department = await departmentName(ctx.db, ctx.issue.leadDepartmentId);
	for (const [index, spec] of step.notify.entries()) {
		const key = `esc-${ctx.issue.id}-${step.key}-${index}`;
		const render = (locale: Locale) =>
			escalationText(
				locale,
				spec.text,
				paramsOf(ctx, step, locale, department),
			);
		const recipients = await recipientsFor(ctx, spec, thread.platform);
		if (spec.where === "thread") {
			if (
				await post(
					ctx,
					key,
					{ ...thread, text: render(ctx.locale) },
					recipients,
				)
			)
				total.sent++;
			continue;
		}
		const delivery = deliveryOf(ctx, spec);
		if (delivery.kind === "hold") {
			total.held += await hold(
				ctx,
				step,
				index,
				recipients,
				delivery.until,
				render,
				thread.platform,
			);
			continue;
		}
		const group =
			spec.where === "leaders_group"
				? await leadersGroup(ctx.db, thread.platform)
				: null;
		if (group) {
			if (
				await post(
					ctx,
					key,
					{
						platform: thread.platform,
						conversationId: group,
						text: render(ctx.locale),
					},
					recipients,
				)
			)
				total.sent++;
			continue;
		}
		for (const recipient of people(recipients)) {
			const sent = await enqueueOutbound(ctx.db, {
				dedupeKey: `${key}-p${recipient.personId}`,
				issueId: ctx.issue.id,
				message: {
					platform: thread.platform,
					conversationId: recipient.identity.externalId,
					text: render(localeOf(recipient.locale, ctx.locale)),
					mentions: [],
				},
			});
			if (sent !== null) total.sent++;
		}
	}
	return total;
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
): Promise<boolean> {
	const id = await enqueueOutbound(ctx.db, {
		dedupeKey,
		issueId: ctx.issue.id,
		message: {
			...target,
			mentions: recipients.map((r) => toMention(r.identity)),
		},
	});
	return id !== null;
}

async function hold(
	ctx: DeliverContext,
	step: PlannedStep,
	index: number,
	recipients: Recipient[],
	until: Date,
	render: (locale: Locale) => string,
	platform: Platform,
): Promise<number> {
	const rows = people(recipients).map((recipient) => ({
		personId: recipient.personId,
		issueId: ctx.issue.id,
		stepKey: `${step.key}-${index}`,
		line: render(localeOf(recipient.locale, ctx.locale)),
		payload: {
			platform,
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

async function leadersGroup(
	db: DbOrTx,
	platform: Platform,
): Promise<string | null> {
	const [row] = await db
		.select({ conversationId: groups.conversationId })
		.from(groups)
		.where(
			and(
				eq(groups.kind, "leaders"),
				eq(groups.platform, platform),
				eq(groups.active, true),
				isNotNull(groups.conversationId),
			),
		)
		.orderBy(asc(groups.id))
		.limit(1);
	return row?.conversationId ?? null;
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
): TextParams {
	const { issue } = ctx;
	return {
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
