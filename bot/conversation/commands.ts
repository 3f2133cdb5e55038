/** A parsed chat command: find the issue, check the speaker may see it, apply, and announce. */

import type { Person } from "../../db/schema/directory.ts";
import type { Issue, IssueEvent } from "../../db/schema/issues.ts";
import type { UnitOfWork } from "../../db/unit-of-work.ts";
import {
	departmentRefsOf,
	toCommands,
} from "../../workflows/commands/to-command.ts";
import type { ParsedCommand } from "../../workflows/commands/types.ts";
import type { WakeUp } from "../../workflows/escalation/plan-wake-up.ts";
import { applyCommand } from "../../workflows/issues/apply-command.ts";
import type { Refusal } from "../../workflows/lifecycle/types.ts";
import {
	armAfterCommit,
	replanTimers,
	retrospectiveGate,
	type WakeUpScheduler,
} from "../escalation/conversation-hooks.ts";
import { deliverEventNotices } from "../escalation/event-notices.ts";
import type { InboundMessage } from "../messages.ts";
import type { Locale } from "../texts/catalog.ts";
import { problemText } from "../texts/commands.ts";
import { commandLabel, refusalText } from "../texts/lifecycle.ts";
import { replyText } from "../texts/replies.ts";
import { learnFromDispatch } from "../understanding/corrections.ts";
import { departmentResolver } from "./department-refs.ts";
import type { DirectorySnapshot } from "./directory-cache.ts";
import type { IntakeBatch } from "./intake-batch.ts";
import { issueByRef, maySee } from "./issue-lookup.ts";
import { notifyIssueEvents, writtenInIssueThread } from "./notify.ts";
import { answerPrivately, replyTo } from "./reply.ts";
import type { Outcome } from "./turn/outcome.ts";

export interface CommandContext {
	/** The batch's transaction: what it defers is written at the batch's end. */
	tx: UnitOfWork;
	/** The batch's classifications and intake lookahead. */
	batch: IntakeBatch;
	message: InboundMessage;
	inboundId: number;
	person: Person;
	directory: DirectorySnapshot;
	locale: Locale;
	now: Date;
	/** The issue of the thread or quote the message is in, if any. */
	contextIssue: Issue | null;
	/** The escalation engine's wake-ups, armed after commit (absent: the sweeper arms them). */
	wakeUps?: WakeUpScheduler;
	/** The bot's public address, for console login links (absent: no links are sent). */
	publicUrl?: string;
	/** Platforms on which 登录 is refused: anyone there can speak as anyone (an exposed playground). */
	loginLinksRefusedOn?: readonly string[];
	/** Called after commit when a correction was recorded: the model trains again soon. */
	learn?: () => void;
}

type Lifecycle = Extract<ParsedCommand, { kind: "lifecycle" }>;

/** Finds the issue a command is about, as the speaker may see it; answers when it cannot. */
export async function targetIssue(
	ctx: CommandContext,
	ref: Lifecycle["issueRef"],
	verb: string,
): Promise<Issue | null> {
	const year = Number(ctx.directory.calendar.localDate(ctx.now).slice(0, 4));
	const issue = ref ? await issueByRef(ctx.tx, ref, year) : ctx.contextIssue;
	if (issue && (await maySee(ctx.tx, ctx.person, issue))) return issue;
	const text = ref
		? replyText(ctx.locale, "issue_not_found", {
				ref: ref.kind === "full" ? ref.number : ref.seq,
			})
		: replyText(ctx.locale, "no_issue_in_context", { verb });
	await replyTo(ctx.tx, ctx.inboundId, ctx.message, text);
	return null;
}

export async function handleLifecycleCommand(
	ctx: CommandContext,
	parsed: Lifecycle,
): Promise<Outcome> {
	const first = parsed.commands[0];
	const verb = first ? commandLabel(ctx.locale, first.type) : "";
	const issue = await targetIssue(ctx, parsed.issueRef, verb);
	if (!issue) return { outcome: "command_unknown_issue" };

	const resolve = await departmentResolver(
		ctx.tx,
		ctx.directory,
		ctx.message.platform,
		departmentRefsOf(parsed.commands),
	);
	const resolved = toCommands(parsed, resolve);
	if (resolved.kind === "invalid") {
		await replyTo(
			ctx.tx,
			ctx.inboundId,
			ctx.message,
			problemText(ctx.locale, resolved),
			{ issueId: issue.id },
		);
		return { outcome: "command_invalid", issueId: issue.id };
	}

	const planned: Array<WakeUp | null> = [];
	const events: IssueEvent[] = [];
	let latest = issue;
	// One message for the whole command: 「#12 满意」 confirms and rates, and is answered once.
	// In a direct message (a rating in private) the group reads what happened, not the words, and
	// the person is answered where they wrote.
	const notify = async () => {
		const said = await notifyIssueEvents(
			ctx.tx,
			ctx.directory,
			ctx.locale,
			latest,
			events,
			ctx.now,
			{ privately: ctx.message.direct },
		);
		if (!said) return;
		if (ctx.message.direct)
			await replyTo(ctx.tx, ctx.inboundId, ctx.message, said, {
				issueId: issue.id,
			});
		else if (!(await writtenInIssueThread(ctx.tx, latest, ctx.message)))
			await answerPrivately(ctx.tx, ctx.inboundId, ctx.message, said, issue.id);
	};
	let learnt = false;
	for (const command of resolved.commands) {
		const gate = await retrospectiveGate(ctx.tx, {
			issue,
			command,
			author: { personId: ctx.person.id, label: ctx.person.name },
			locale: ctx.locale,
			now: ctx.now,
		});
		if (gate) {
			await notify();
			await replyTo(ctx.tx, ctx.inboundId, ctx.message, gate, {
				issueId: issue.id,
			});
			return { outcome: "command_refused_retrospective", issueId: issue.id };
		}
		const result = await applyCommand(ctx.tx, {
			issueId: issue.id,
			command,
			actorPersonId: ctx.person.id,
			now: ctx.now,
			calendar: ctx.directory.calendar,
			deadlinePolicy: ctx.directory.deadlinePolicy,
		});
		if (!result.ok) {
			await notify();
			await replyTo(
				ctx.tx,
				ctx.inboundId,
				ctx.message,
				refusalReply(ctx, issue, result.refusal),
				{ issueId: issue.id },
			);
			return {
				outcome: `command_refused_${result.refusal.code}`,
				issueId: issue.id,
			};
		}
		events.push(result.event);
		latest = result.issue;
		await deliverEventNotices(
			{
				db: ctx.tx,
				issue: result.issue,
				calendar: ctx.directory.calendar,
				locale: ctx.locale,
				now: ctx.now,
			},
			result.event,
		);
		if (command.type === "dispatch")
			learnt ||= await learnFromDispatch(ctx.tx, {
				before: issue,
				after: result.issue,
				categories: ctx.directory.routing.categories,
				actor: ctx.person,
				now: ctx.now,
			});
		planned.push(
			await replanTimers(
				ctx.tx,
				issue.id,
				ctx.now,
				ctx.directory.calendar,
				result.effects,
			),
		);
	}
	await notify();
	const arm = armAfterCommit(ctx.wakeUps, planned);
	return {
		outcome: "command",
		issueId: issue.id,
		afterCommit: learnt
			? async () => {
					await arm?.();
					ctx.learn?.();
				}
			: arm,
	};
}

/** The refusal, and for a department's command, which department that is: "who can" by name. */
function refusalReply(
	ctx: CommandContext,
	issue: Issue,
	refusal: Refusal,
): string {
	const text = refusalText(ctx.locale, refusal);
	const who = String(refusal.params.who ?? "").split(",");
	const department = ctx.directory.departmentName(issue.leadDepartmentId);
	if (
		refusal.code !== "not_permitted" ||
		!who.includes("lead_official") ||
		department === null
	)
		return text;
	const lead = replyText(ctx.locale, "refusal_lead_department", {
		number: issue.number,
		department,
	});
	return `${text}\n${lead}`;
}
