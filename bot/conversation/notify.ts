/**
 * One clear message per issue event, in the issue's own thread, mentioning only the people who must
 * act next. Written to the outbox in the transaction that made the change.
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import {
	groups,
	PLATFORMS,
	type Platform,
	type PlatformIdentity,
} from "../../db/schema/directory.ts";
import type { Issue, IssueEvent } from "../../db/schema/issues.ts";
import { remainingWorkingDays } from "../../workflows/deadlines/progress.ts";
import { identityOfPerson } from "../../workflows/directory/queries.ts";
import type { NotifyAudience } from "../../workflows/lifecycle/types.ts";
import type { InboundMessage } from "../messages.ts";
import { enqueueOutbound } from "../pipeline/outbox.ts";
import type { Locale, TextParams } from "../texts/catalog.ts";
import { tierLabel } from "../texts/lifecycle.ts";
import { REPLY_KEYS, type ReplyKey, replyText } from "../texts/replies.ts";
import { audienceIdentities, toMention } from "./audiences.ts";
import type { DirectorySnapshot } from "./directory-cache.ts";
import { formatDateTime, shortNumber } from "./format.ts";
import {
	cardsOnEachEvent,
	issueCard,
	refreshIssueCard,
	rendersCards,
} from "./issue-card.ts";
import { planLines } from "./plan-lines.ts";
import { tellElsewhere } from "./tell-elsewhere.ts";

/** Who must act after each event; everyone else reads it in the thread without being pinged. */
const MUST_ACT: Record<string, NotifyAudience[]> = {
	dispatched: ["lead_department"],
	redispatched: ["lead_department"],
	transferred: ["lead_department"],
	info_requested: ["enterprise"],
	info_supplied: ["lead_department"],
	returned: ["office"],
	extension_requested: ["office"],
	extension_denied: ["lead_department"],
	tier_raised: ["office"],
	resolved: ["enterprise"],
	reopened: ["lead_department"],
	refused: ["office"],
	transfer_sent_to_review: ["office"],
	return_refused: ["lead_department", "supervisors"],
	plan_set: ["enterprise"],
	plan_updated: ["enterprise"],
};

export interface IssueThread {
	platform: Platform;
	conversationId: string;
	replyTo?: { messageId: string };
}

/** Where an issue's messages go: the conversation and thread it was raised in. */
export function threadOf(issue: Issue): IssueThread | null {
	const platform = (PLATFORMS as readonly string[]).includes(
		issue.sourceChannel,
	)
		? (issue.sourceChannel as Platform)
		: null;
	if (!platform || !issue.sourceConversationId) return null;
	return {
		platform,
		conversationId: issue.sourceConversationId,
		...(issue.sourceMessageId
			? { replyTo: { messageId: issue.sourceMessageId } }
			: {}),
	};
}

/**
 * An issue that came in by another channel (12345, mini-program …) has no platform of its own: its
 * messages go to its group (the enterprise's work group the intake API announced it in).
 */
export async function issueThread(
	tx: DbOrTx,
	issue: Issue,
): Promise<IssueThread | null> {
	const own = threadOf(issue);
	if (own || issue.groupId === null) return own;
	const [group] = await tx
		.select({
			platform: groups.platform,
			conversationId: groups.conversationId,
		})
		.from(groups)
		.where(eq(groups.id, issue.groupId));
	return group?.conversationId
		? { platform: group.platform, conversationId: group.conversationId }
		: null;
}

/** Whether a message was written where the issue lives: its own group or thread. */
export async function writtenInIssueThread(
	tx: DbOrTx,
	issue: Issue,
	message: InboundMessage,
): Promise<boolean> {
	const thread = await issueThread(tx, issue);
	return (
		thread !== null &&
		thread.platform === message.platform &&
		thread.conversationId === message.conversationId
	);
}

export async function notifyIssueEvent(
	tx: DbOrTx,
	directory: DirectorySnapshot,
	locale: Locale,
	issue: Issue,
	event: IssueEvent,
	now: Date,
): Promise<void> {
	await notifyIssueEvents(tx, directory, locale, issue, [event], now);
}

export interface NotifyOptions {
	/**
	 * The enterprise spoke in a direct message: the group reads that the issue was confirmed, rated
	 * or reopened, not the words (docs/noise.md).
	 */
	privately?: boolean;
}

/**
 * The events of one command (「#12 满意」 confirms and rates) as one message: one message per thing
 * that happened, never two (docs/noise.md).
 */
export async function notifyIssueEvents(
	tx: DbOrTx,
	directory: DirectorySnapshot,
	locale: Locale,
	issue: Issue,
	events: readonly IssueEvent[],
	now: Date,
	options: NotifyOptions = {},
): Promise<string | null> {
	const thread = await issueThread(tx, issue);
	const first = events[0];
	if (!thread || !first) return null;
	const lines: string[] = [];
	const mustActOn: Array<(platform: Platform) => Promise<PlatformIdentity[]>> =
		[];
	const confirmedAndRated =
		events.some((e) => e.kind === "confirmed") &&
		events.some((e) => e.kind === "rated");
	for (const event of events) {
		if (confirmedAndRated && event.kind === "rated") continue;
		const key =
			confirmedAndRated && event.kind === "confirmed"
				? "event_confirmed_rated"
				: options.privately && event.kind === "reopened"
					? "event_reopened_private"
					: textKeyOf(event);
		if (!key) continue;
		lines.push(
			replyText(locale, key, paramsOf(directory, locale, issue, event, now)),
		);
		mustActOn.push((platform) =>
			mustActIdentities(tx, directory, issue, event, platform, now),
		);
	}
	if (lines.length === 0) return null;
	const mustAct = async (platform: Platform) => {
		const found: PlatformIdentity[] = [];
		for (const ofEvent of mustActOn)
			for (const identity of await ofEvent(platform))
				if (!found.some((f) => f.externalId === identity.externalId))
					found.push(identity);
		return found;
	};
	const mentions = (await mustAct(thread.platform)).map(toMention);
	const text = lines.join("\n");
	const card = cardsOnEachEvent(thread.platform)
		? issueCard(directory, locale, issue)
		: null;
	const dedupeKey = `issue-${issue.id}-v${first.version}-${first.kind}`;
	await enqueueOutbound(tx, {
		dedupeKey,
		issueId: issue.id,
		message: {
			...thread,
			text,
			mentions,
			// The buttons that now apply, where the first card cannot be updated.
			...(card && card.actions.length > 0 ? { card } : {}),
		},
	});
	await tellElsewhere(tx, directory, locale, {
		issue,
		home: thread,
		mustAct,
		text,
		dedupeKey,
	});
	if (rendersCards(thread.platform))
		await refreshIssueCard(tx, directory, locale, issue);
	const resolved = events.find((e) => e.kind === "resolved");
	if (resolved)
		await askToRatePrivately(tx, directory, locale, issue, thread.platform, {
			note: String((resolved.payload as { note?: unknown }).note ?? ""),
		});
	return text;
}

/** Where the reporter is asked by direct message; on Slack the card's 评价 button opens a form only they see. */
const RATES_BY_DIRECT_MESSAGE: readonly Platform[] = ["wechat", "playground"];

/**
 * The reporter is asked to confirm and rate by direct message, where only they read it. The group
 * keeps its one 「已办结」 message; a verdict in the group still counts.
 */
export async function askToRatePrivately(
	tx: DbOrTx,
	directory: DirectorySnapshot,
	locale: Locale,
	issue: Issue,
	platform: Platform,
	resolution: { note: string },
): Promise<void> {
	if (!RATES_BY_DIRECT_MESSAGE.includes(platform)) return;
	if (issue.reporterPersonId === null) return;
	const reporter = await identityOfPerson(tx, issue.reporterPersonId, platform);
	if (!reporter) return;
	await enqueueOutbound(tx, {
		dedupeKey: `issue-${issue.id}-v${issue.version}-rate-privately`,
		issueId: issue.id,
		message: {
			platform,
			conversationId: reporter.externalId,
			text: replyText(locale, "rating_request_private", {
				number: issue.number,
				short: shortNumber(issue.number),
				title: issue.title,
				department:
					directory.departmentName(issue.leadDepartmentId) ??
					replyText(locale, "no_department"),
				note: resolution.note,
			}),
			mentions: [],
		},
	});
}

function textKeyOf(event: IssueEvent): ReplyKey | null {
	const payload = event.payload as Record<string, unknown>;
	switch (event.kind) {
		case "redispatched":
			return "event_dispatched";
		case "transfer_sent_to_review":
			return "event_sent_to_review";
		case "review_decided":
			return payload.outcome === "refusal_stands"
				? "event_review_stands"
				: payload.outcome === "should_do"
					? "event_review_should_do"
					: "event_review_can_do";
		case "rated":
			return "event_rated";
		default: {
			const key = `event_${event.kind}`;
			return (REPLY_KEYS as readonly string[]).includes(key)
				? (key as ReplyKey)
				: null;
		}
	}
}

async function mustActIdentities(
	tx: DbOrTx,
	directory: DirectorySnapshot,
	issue: Issue,
	event: IssueEvent,
	platform: Platform,
	now: Date,
): Promise<PlatformIdentity[]> {
	const payload = event.payload as Record<string, unknown>;
	if (
		event.kind === "co_handler_added" &&
		typeof payload.departmentId === "number"
	) {
		return directory.departmentMentions(payload.departmentId, platform, now);
	}
	if (event.kind === "review_decided" && payload.outcome !== "refusal_stands") {
		return audienceIdentities(
			tx,
			issue,
			["lead_department"],
			platform,
			directory,
			now,
		);
	}
	return audienceIdentities(
		tx,
		issue,
		MUST_ACT[event.kind] ?? [],
		platform,
		directory,
		now,
	);
}

function paramsOf(
	directory: DirectorySnapshot,
	locale: Locale,
	issue: Issue,
	event: IssueEvent,
	now: Date,
): TextParams {
	const payload = event.payload as Record<string, unknown>;
	const str = (value: unknown) => (typeof value === "string" ? value : "");
	const departmentOf = (id: unknown) =>
		(typeof id === "number" ? directory.departmentName(id) : null) ??
		replyText(locale, "no_department");
	const params: TextParams = {
		number: issue.number,
		short: shortNumber(issue.number),
		department: departmentOf(payload.departmentId ?? issue.leadDepartmentId),
		from: departmentOf(payload.fromDepartmentId),
		actor: event.actorLabel,
		tier: tierLabel(locale, issue.tier),
		reason: str(payload.reason),
		note: str(payload.note),
		question: str(payload.question),
		text: str(payload.text),
		alternative: str(payload.alternative) || str(payload.note),
		days: Number(payload.workingDays ?? 0),
		plan: Number(payload.plan ?? 0),
		process: Number(payload.process ?? 0),
		result: Number(payload.result ?? 0),
		due: issue.dueAt ? formatDateTime(locale, issue.dueAt) : "",
		acceptDue: issue.acceptDueAt
			? formatDateTime(locale, issue.acceptDueAt)
			: "",
	};
	if (event.kind === "plan_set" || event.kind === "plan_updated") {
		params.text = planLines(locale, payload);
		params.revision = Number(payload.revision ?? 1);
	}
	if (event.kind === "milestone_done") {
		params.position = Number(payload.position ?? 0);
		params.title = str(payload.title);
		params.note = payload.note
			? `${locale === "zh-CN" ? "：" : ": "}${str(payload.note)}`
			: "";
	}
	if (event.kind === "plan_rated") params.score = Number(payload.score ?? 0);
	if (event.kind === "accepted")
		params.deadline = deadlineLine(directory, locale, issue, now);
	if (
		event.kind === "co_handler_added" ||
		event.kind === "co_handler_removed"
	) {
		params.department = departmentOf(payload.departmentId);
	}
	return params;
}

/** "办理期限：11月28日 17:30（5个工作日）", or the acceptance deadline when the clock has not started. */
export function deadlineLine(
	directory: DirectorySnapshot,
	locale: Locale,
	issue: Issue,
	now: Date,
): string {
	const policy = issue.policy as { limit?: { resolveWorkingDays?: number } };
	const days = policy.limit?.resolveWorkingDays ?? 0;
	if (issue.dueAt) {
		return replyText(locale, "deadline_started", {
			due: formatDateTime(locale, issue.dueAt),
			days: Math.max(
				remainingWorkingDays(directory.calendar, now, issue.dueAt),
				0,
			),
		});
	}
	return replyText(locale, "deadline_pending", {
		acceptDue: issue.acceptDueAt
			? formatDateTime(locale, issue.acceptDueAt)
			: "—",
		days,
		due: formatDateTime(locale, directory.calendar.addWorkingDays(now, days)),
	});
}
