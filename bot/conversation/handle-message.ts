/**
 * The bot's understanding of one inbound message, inside the transaction that records it:
 * who spoke and where, then a command, a query, or the intake of an enterprise's words.
 */
import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/client.ts";
import { issues } from "../../db/schema/issues.ts";
import { parseCommand } from "../../workflows/commands/parse-command.ts";
import {
	findGroupByConversation,
	findPersonByIdentity,
} from "../../workflows/directory/queries.ts";
import { insertIssueEvents } from "../../workflows/issues/insert-events.ts";
import { parseOfficeCommand } from "../../workflows/understanding/office-commands.ts";
import type { WakeUpScheduler } from "../escalation/conversation-hooks.ts";
import type { InboundMessage } from "../messages.ts";
import type {
	HandleResult,
	InboundHandler,
} from "../pipeline/inbound-worker.ts";
import type { Locale } from "../texts/catalog.ts";
import { LOCALES } from "../texts/catalog.ts";
import { problemText } from "../texts/commands.ts";
import { replyText } from "../texts/replies.ts";
import { unknownMemberText } from "../texts/unknown-members.ts";
import { keepUnknownMemberReport } from "../understanding/unknown-members.ts";
import { handleClaim } from "./claim-command.ts";
import { classifyOnce } from "./classify-once.ts";
import {
	type CommandContext,
	handleLifecycleCommand,
	targetIssue,
} from "./commands.ts";
import type { DirectoryCache } from "./directory-cache.ts";
import { handleEnterpriseMessage } from "./intake.ts";
import { endLookahead, prepareIntakeLookups } from "./intake-lookahead.ts";
import { issueInContext } from "./issue-lookup.ts";
import { withoutLeadingMentions } from "./leading-mentions.ts";
import { handleOfficeCommand } from "./office-commands.ts";
import { handleQuery } from "./queries.ts";
import { replyTo } from "./reply.ts";
import { handleReplyIntent, verdictOf } from "./reply-intent.ts";
import { handleUndo, isUndo } from "./reply-undo.ts";

export interface MessageHandlerOptions {
	directory: DirectoryCache;
	locale: Locale;
	/** The bot's own accounts and names, so "@亲清 #12 受理" reads as "#12 受理". */
	bot: { externalIds: string[]; names: string[] };
	clock?: () => Date;
	/** The escalation engine's wake-ups (worker role), armed after each commit that re-planned. */
	wakeUps?: WakeUpScheduler;
	/** The bot's public address (config.publicUrl): console login links are `${publicUrl}/console/login/…`. */
	publicUrl?: string;
	/** Platforms on which 登录 is refused (the playground when it is reachable beyond loopback). */
	loginLinksRefusedOn?: readonly string[];
	/** Called after a correction by the office is committed: the intake model trains again soon. */
	learn?: () => void;
}

export function createMessageHandler(
	options: MessageHandlerOptions,
): InboundHandler {
	const clock = options.clock ?? (() => new Date());
	const handle: InboundHandler = async (tx, message, inboundId) => {
		const now = clock();
		if (message.author.isBot) return { outcome: "ignored_bot" };
		if (message.change) return recordChange(tx, message, now);

		const directory = await options.directory.get(tx);
		const group = message.direct
			? null
			: (directory.groupByConversation(
					message.platform,
					message.conversationId,
				) ??
				// A room the snapshot does not know: maybe a group bound by topic, seen for the first time.
				(await findGroupByConversation(
					tx,
					message.platform,
					message.conversationId,
					message.conversationTitle,
				)));
		if (!message.direct && !group) return { outcome: "unknown_conversation" };

		const person =
			directory.personByIdentity(message.platform, message.author.externalId) ??
			// Someone the office claimed a moment ago, before this worker's snapshot was refreshed.
			(await findPersonByIdentity(
				tx,
				message.platform,
				message.author.externalId,
			));
		const locale = localeOf(person?.locale, options.locale);
		const contextIssue = await issueInContext(tx, message);
		const parse = (text: string) =>
			parseCommand({
				text,
				mentions: message.mentions,
				inIssueContext: contextIssue !== null,
				bot: options.bot,
				departmentNames: directory.departmentNames,
			});
		let parsed = parse(message.text);
		if (parsed === null && message.mentions.length > 0) {
			// "@徐涛 #12 转办 原因": the mention came first; the command is what follows it.
			const rest = withoutLeadingMentions(message.text, message.mentions);
			if (rest !== message.text.trimStart()) parsed = parse(rest);
		}

		if (!person) {
			if (
				parsed === null &&
				message.text.trim().length < directory.routing.intake.minIssueLength
			) {
				return { outcome: "chatter" };
			}
			// A problem in a group is kept and the office asked who wrote it; nobody is turned away.
			if (parsed === null && group) {
				if (classifyOnce(message, directory).kind === "chatter")
					return { outcome: "chatter" };
				const first = await keepUnknownMemberReport(tx, {
					inboundId,
					message,
					group,
					locale,
					publicUrl: options.publicUrl,
					now,
				});
				// One polite reply at most: with the question to the office, not for every message.
				if (first)
					await replyTo(
						tx,
						inboundId,
						message,
						unknownMemberText(locale, "kept_reply"),
						// Not the message's own reply key: the issue opened on the claim answers it with that.
						{ dedupeKey: `inbound-${inboundId}-kept` },
					);
				return {
					outcome: first ? "unknown_member_kept" : "unknown_member_kept_again",
				};
			}
			// Told once a day, not after every message (noise in a busy group): the day is in the key.
			const told = await replyTo(
				tx,
				inboundId,
				message,
				replyText(locale, "unknown_person"),
				{
					dedupeKey: `unknown-person-${message.platform}-${message.conversationId}-${message.author.externalId}-${directory.calendar.localDate(now)}`,
				},
			);
			return { outcome: told ? "unknown_person" : "unknown_person_again" };
		}

		const ctx: CommandContext = {
			tx,
			message,
			inboundId,
			person,
			directory,
			locale,
			now,
			contextIssue,
			wakeUps: options.wakeUps,
			publicUrl: options.publicUrl,
			loginLinksRefusedOn: options.loginLinksRefusedOn,
			learn: options.learn,
		};
		if (!isEnterpriseOnly(person)) {
			const office = parseOfficeCommand(
				withoutLeadingMentions(message.text, message.mentions),
			);
			if (office?.kind === "claim") {
				endLookahead(tx);
				const claimed = await handleClaim(
					{ ...ctx, group: group ?? null, bot: options.bot },
					office,
				);
				return {
					...claimed,
					afterCommit: async () => {
						// The claimed person's next message must find them in the directory.
						options.directory.invalidate();
						await claimed.afterCommit?.();
					},
				};
			}
			if (office) {
				endLookahead(tx);
				return handleOfficeCommand({ ...ctx, group: group ?? null }, office);
			}
		}
		if (isUndo(message.text)) {
			const undone = await handleUndo(ctx);
			if (undone) return undone;
		}
		// Free words about an issue (and a bare verdict such as 满意 in its thread): read by the reply model.
		if (parsed === null || verdictOf(parsed) !== null) {
			const understood = await handleReplyIntent(
				ctx,
				group ?? null,
				parsed ? verdictOf(parsed) : null,
			);
			if (understood) return understood;
		}
		if (parsed?.kind === "query") return handleQuery(ctx, parsed);
		if (parsed?.kind === "lifecycle") {
			// A command may change any issue: the batch's lookahead no longer knows them.
			endLookahead(tx);
			return handleLifecycleCommand(ctx, parsed);
		}
		if (parsed?.kind === "invalid") {
			await replyTo(tx, inboundId, message, problemText(locale, parsed));
			return { outcome: "command_invalid" };
		}
		const isEnterprise =
			person.roles.includes("enterprise_member") &&
			person.enterpriseId !== null;
		if (!isEnterprise || message.direct)
			return { outcome: parsed?.kind === "remark" ? "remark" : "chatter" };
		let followsUp = contextIssue;
		if (parsed?.kind === "remark") {
			followsUp = await targetIssue(ctx, parsed.issueRef, "");
			if (followsUp === null) return { outcome: "remark_unknown_issue" };
		}
		return handleEnterpriseMessage({
			tx,
			message,
			inboundId,
			person,
			group,
			directory,
			locale,
			now,
			contextIssue: followsUp,
			wakeUps: options.wakeUps,
		});
	};
	handle.prepareBatch = async (tx, messages) =>
		prepareIntakeLookups(
			tx,
			await options.directory.get(tx),
			messages,
			clock(),
		);
	return handle;
}

function isEnterpriseOnly(person: { roles: readonly string[] }): boolean {
	return person.roles.every((role) => role === "enterprise_member");
}

function localeOf(
	preferred: string | null | undefined,
	fallback: Locale,
): Locale {
	return (LOCALES as readonly string[]).includes(preferred ?? "")
		? (preferred as Locale)
		: fallback;
}

/** An edit or deletion of a message that raised an issue is appended to its record; nothing is erased. */
async function recordChange(
	tx: Tx,
	message: InboundMessage,
	now: Date,
): Promise<HandleResult> {
	const change = message.change;
	if (!change) return { outcome: "chatter" };
	const [issue] = await tx
		.select()
		.from(issues)
		.where(
			and(
				eq(issues.sourceChannel, message.platform),
				eq(issues.sourceMessageId, change.originalMessageId),
			),
		);
	if (!issue) return { outcome: `message_${change.kind}` };
	await insertIssueEvents(tx, [
		{
			issueId: issue.id,
			actorLabel: message.author.displayName ?? message.author.externalId,
			kind: change.kind === "edited" ? "source_edited" : "source_deleted",
			fromState: issue.state,
			toState: issue.state,
			version: issue.version,
			payload: { text: message.text, messageId: message.messageId },
			createdAt: now,
		},
	]);
	return { outcome: `source_${change.kind}`, issueId: issue.id };
}
