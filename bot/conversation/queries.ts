/**
 * Answers to 帮助, 待办, 我的问题, #12 and 登录: one message each where asked, and, in a group enterprises
 * read, what the group may not read in a direct message to the asker (room.ts).
 */
import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { departments, type Person } from "../../db/schema/directory.ts";
import { type Issue, issueCoHandlers, issues } from "../../db/schema/issues.ts";
import { flushDeferred } from "../../db/unit-of-work.ts";
import { specsForRoles } from "../../workflows/commands/specs.ts";
import type { ParsedCommand } from "../../workflows/commands/types.ts";
import { getIssueTimeline } from "../../workflows/issues/timeline.ts";
import { OPEN_STATES } from "../../workflows/lifecycle/transition-table.ts";
import { enqueueOutbound } from "../pipeline/outbox.ts";
import type { Locale } from "../texts/catalog.ts";
import { helpText } from "../texts/commands.ts";
import { stateLabel, tierLabel } from "../texts/lifecycle.ts";
import { replyText } from "../texts/replies.ts";
import { eventLabel, timelineText } from "../texts/timeline.ts";
import type { CommandContext } from "./commands.ts";
import { targetIssue } from "./commands.ts";
import type { DirectorySnapshot } from "./directory-cache.ts";
import { colourDot, formatDateTime } from "./format.ts";
import { type LoginLinkToMint, loginLinkAnswer } from "./login-link.ts";
import { deadlineLine } from "./notify.ts";
import { replyTo } from "./reply.ts";
import { enterprisesRead, raisedHere } from "./room.ts";
import type { Outcome } from "./turn/outcome.ts";

const LIST_LIMIT = 20;
const TIMELINE_LIMIT = 12;

type Query = Extract<ParsedCommand, { kind: "query" }>;

export async function handleQuery(
	ctx: CommandContext,
	parsed: Query,
): Promise<Outcome> {
	const answer = await answerOf(ctx, parsed);
	if (answer === null) return { outcome: "query_unknown_issue" };
	const issueId = answer.issueId ?? null;
	await replyTo(ctx.tx, ctx.inboundId, ctx.message, answer.text, {
		issueId,
		...(answer.loginLink ? { loginLink: answer.loginLink } : {}),
	});
	if (answer.privately !== undefined)
		await enqueueOutbound(ctx.tx, {
			dedupeKey: `inbound-${ctx.inboundId}-private`,
			issueId,
			message: {
				platform: ctx.message.platform,
				conversationId: ctx.message.author.externalId,
				text: answer.privately,
				mentions: [],
			},
		});
	return { outcome: `query_${parsed.spec.id}`, issueId };
}

interface Answer {
	/** Said where the question was asked. */
	text: string;
	issueId?: number;
	/** Sent to the asker in a direct chat: what the room may not read. */
	privately?: string;
	/** A console link minted when the answer is sent (never stored). */
	loginLink?: LoginLinkToMint;
}

async function answerOf(
	ctx: CommandContext,
	parsed: Query,
): Promise<Answer | null> {
	const { locale, person, directory } = ctx;
	switch (parsed.spec.id) {
		case "help":
			return { text: helpText(locale, specsForRoles(person.roles)) };
		case "queue": {
			const list = await queueOf(ctx.tx, person);
			return listAnswer(ctx, list, "queue_header", "queue_empty");
		}
		case "my_issues": {
			const list =
				person.enterpriseId === null
					? []
					: await enterpriseIssues(ctx.tx, person.enterpriseId);
			return listAnswer(ctx, list, "my_issues_header", "my_issues_empty");
		}
		case "show_issue": {
			const issue = await targetIssue(ctx, parsed.issueRef, "");
			if (!issue) return null;
			const text = await issueText(ctx.tx, directory, locale, issue, ctx.now);
			if (
				enterprisesRead(directory, ctx.message) &&
				!raisedHere(issue, ctx.message)
			)
				return {
					text: replyText(locale, "issue_sent_privately"),
					issueId: issue.id,
					privately: text,
				};
			return { text, issueId: issue.id };
		}
		case "login":
			return loginLinkAnswer(ctx);
	}
}

/**
 * A list asked for in a group enterprises read shows there only the issues the group raised; the
 * whole list goes to the asker privately.
 */
function listAnswer(
	ctx: CommandContext,
	list: Issue[],
	header: "queue_header" | "my_issues_header",
	empty: "queue_empty" | "my_issues_empty",
): Answer {
	const whole = listText(ctx.locale, list, header, empty);
	if (!enterprisesRead(ctx.directory, ctx.message)) return { text: whole };
	const here = list.filter((issue) => raisedHere(issue, ctx.message));
	const elsewhere = list.length - here.length;
	if (elsewhere === 0) return { text: whole };
	return {
		text: [
			...(here.length > 0 ? [listText(ctx.locale, here, header, empty)] : []),
			replyText(ctx.locale, "list_rest_private", { count: elsewhere }),
		].join("\n"),
		privately: whole,
	};
}

/** What waits for this person: their department's issues, their office's, or those of the departments they lead. */
export async function queueOf(db: DbOrTx, person: Person): Promise<Issue[]> {
	// Co-handlers added earlier in this batch count: they are written before the queue is read.
	await flushDeferred(db);
	const open = inArray(issues.state, [...OPEN_STATES]);
	const scopes = [];
	if (person.departmentId !== null) {
		scopes.push(eq(issues.leadDepartmentId, person.departmentId));
		scopes.push(
			sql`${issues.id} in (select ${issueCoHandlers.issueId} from ${issueCoHandlers} where ${issueCoHandlers.departmentId} = ${person.departmentId})`,
		);
	}
	if (person.roles.includes("office_staff") && person.officeId !== null)
		scopes.push(eq(issues.officeId, person.officeId));
	if (person.roles.includes("leader")) {
		scopes.push(
			sql`${issues.leadDepartmentId} in (select ${departments.id} from ${departments} where ${departments.leaderPersonId} = ${person.id})`,
		);
	}
	const everything =
		person.roles.includes("supervisor") || person.roles.includes("admin");
	if (!everything && scopes.length === 0) return [];
	return db
		.select()
		.from(issues)
		.where(everything ? open : and(open, or(...scopes)))
		.orderBy(asc(issues.dueAt), asc(issues.id))
		.limit(LIST_LIMIT);
}

function enterpriseIssues(db: DbOrTx, enterpriseId: number): Promise<Issue[]> {
	return db
		.select()
		.from(issues)
		.where(eq(issues.enterpriseId, enterpriseId))
		.orderBy(desc(issues.createdAt))
		.limit(LIST_LIMIT);
}

export function listText(
	locale: Locale,
	list: Issue[],
	header: "queue_header" | "my_issues_header",
	empty: "queue_empty" | "my_issues_empty",
): string {
	if (list.length === 0) return replyText(locale, empty);
	const lines = list.map((issue) =>
		replyText(locale, "issue_line", {
			dot: colourDot(issue.colour),
			number: issue.number,
			title: issue.title,
			state: stateLabel(locale, issue.state),
			due: issue.dueAt ? ` · ${formatDateTime(locale, issue.dueAt)}` : "",
		}),
	);
	return [replyText(locale, header, { count: list.length }), ...lines].join(
		"\n",
	);
}

async function issueText(
	db: DbOrTx,
	directory: DirectorySnapshot,
	locale: Locale,
	issue: Issue,
	now: Date,
): Promise<string> {
	const summary = replyText(locale, "issue_summary", {
		dot: colourDot(issue.colour),
		number: issue.number,
		title: issue.title,
		state: stateLabel(locale, issue.state),
		department:
			directory.departmentName(issue.leadDepartmentId) ??
			replyText(locale, "no_department"),
		tier: tierLabel(locale, issue.tier),
		deadline: deadlineLine(directory, locale, issue, now),
	});
	const events = (await getIssueTimeline(db, issue.id)).slice(-TIMELINE_LIMIT);
	const lines = events.map((event) =>
		replyText(locale, "timeline_line", {
			time: formatDateTime(locale, event.createdAt),
			actor:
				event.actorLabel === "system"
					? timelineText(locale, "system")
					: event.actorLabel,
			what: eventLabel(locale, event),
		}),
	);
	return [summary, replyText(locale, "timeline_header"), ...lines].join("\n");
}
