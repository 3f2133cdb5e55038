/**
 * The office's corrections in chat (workflows/understanding/office-commands.ts): `登记` registers a
 * message the bot left alone, or a problem written on an enterprise's behalf; `#12 改类别 用地` and
 * `#12 误登记` correct what the bot registered. Each becomes an example the model learns from.
 */
import { and, desc, eq, gte } from "drizzle-orm";
import type { Group } from "../../db/schema/directory.ts";
import { enterprises } from "../../db/schema/directory.ts";
import { issues } from "../../db/schema/issues.ts";
import {
	type InboundMessageRow,
	inboundMessages,
} from "../../db/schema/pipeline.ts";
import { intakeCandidates } from "../../db/schema/understanding.ts";
import { specById } from "../../workflows/commands/specs.ts";
import type { LifecycleSpec } from "../../workflows/commands/types.ts";
import type { Urgency } from "../../workflows/deadlines/policy-schema.ts";
import { cleanText } from "../../workflows/intake/normalize-text.ts";
import type { OfficeCommand } from "../../workflows/understanding/office-commands.ts";
import type { InboundMessage } from "../messages.ts";
import { understandingText } from "../texts/understanding.ts";
import {
	promoteCandidateOf,
	recategorizeIssue,
	recordCorrection,
	registerMessage,
} from "../understanding/corrections.ts";
import {
	type CommandContext,
	handleLifecycleCommand,
	targetIssue,
} from "./commands.ts";
import { shortNumber } from "./format.ts";
import { replyTo } from "./reply.ts";
import type { Outcome } from "./turn/outcome.ts";

export interface OfficeCommandContext extends CommandContext {
	group: Group | null;
}

/** Looking further back for the quoted message costs more than it finds. */
const QUOTE_LOOKBACK_MS = 7 * 24 * 3600_000;

export async function handleOfficeCommand(
	ctx: OfficeCommandContext,
	command: OfficeCommand,
): Promise<Outcome> {
	const roles = ctx.person.roles;
	const say = (key: Parameters<typeof understandingText>[1], params = {}) =>
		replyTo(
			ctx.tx,
			ctx.inboundId,
			ctx.message,
			understandingText(ctx.locale, key, params),
		);
	const learnt = (result: Outcome): Outcome => ({
		...result,
		afterCommit: async () => {
			await result.afterCommit?.();
			ctx.learn?.();
		},
	});
	if (command.kind === "register") {
		if (
			!roles.some(
				(r) => r === "office_staff" || r === "official" || r === "admin",
			)
		) {
			await say("register_not_allowed");
			return { outcome: "register_refused" };
		}
		const result = await register(ctx, command, say);
		return result.outcome === "registered" ? learnt(result) : result;
	}
	if (!roles.some((r) => r === "office_staff" || r === "admin")) {
		await say("office_only");
		return { outcome: "correction_refused" };
	}
	// 认领 is handled by claim-command.ts before this (it needs the bot's own accounts).
	if (command.kind === "claim") return { outcome: "claim_invalid" };
	if (command.kind === "recategorize") {
		const issue = await targetIssue(ctx, command.issueRef, "改类别");
		if (!issue) return { outcome: "command_unknown_issue" };
		const category = ctx.directory.routing.categories.find(
			(c) => c.name === command.category || c.code === command.category,
		);
		if (!category) {
			await say("recategorize_unknown", {
				name: command.category,
				choices: ctx.directory.routing.categories.map((c) => c.name).join("、"),
			});
			return { outcome: "command_invalid", issueId: issue.id };
		}
		const names = {
			number: issue.number,
			short: shortNumber(issue.number),
			from: ctx.directory.categoryName(issue.categoryCode) ?? "—",
			to: category.name,
		};
		if (issue.categoryCode === category.code) {
			await say("recategorize_same", names);
			return { outcome: "command", issueId: issue.id };
		}
		await recategorizeIssue(ctx.tx, {
			issue,
			categoryCode: category.code,
			actor: ctx.person,
			now: ctx.now,
		});
		await say("recategorized", names);
		return learnt({ outcome: "recategorized", issueId: issue.id });
	}
	// 误登记: closed with that reason through the lifecycle (its permissions, its notices), then learnt.
	const issue = await targetIssue(ctx, command.issueRef, "误登记");
	if (!issue) return { outcome: "command_unknown_issue" };
	const reason = command.note ? `误登记：${command.note}` : "误登记";
	const result = await handleLifecycleCommand(ctx, {
		kind: "lifecycle",
		issueRef: command.issueRef,
		spec: specById("close") as LifecycleSpec,
		commands: [{ type: "close", reason }],
	});
	const [after] = await ctx.tx
		.select({ state: issues.state })
		.from(issues)
		.where(eq(issues.id, issue.id));
	if (after?.state !== "closed" || issue.state === "closed") return result;
	await recordCorrection(ctx.tx, {
		text: issue.body,
		kind: "chatter",
		categoryCode: null,
		botKind: "issue",
		botCategoryCode: issue.categoryCode,
		source: "not_a_problem",
		issueId: issue.id,
		actorPersonId: ctx.person.id,
		createdAt: ctx.now,
	});
	return learnt({ ...result, outcome: "not_a_problem", issueId: issue.id });
}

async function register(
	ctx: OfficeCommandContext,
	command: Extract<OfficeCommand, { kind: "register" }>,
	say: (
		key: Parameters<typeof understandingText>[1],
		params?: Record<string, string | number>,
	) => Promise<boolean>,
): Promise<Outcome> {
	let categoryCode: string | null = null;
	let enterpriseId: number | null = null;
	for (const name of command.names) {
		const category = ctx.directory.routing.categories.find(
			(c) => c.name === name || c.code === name,
		);
		if (category) {
			categoryCode = category.code;
			continue;
		}
		const enterprise = await enterpriseNamed(ctx, name);
		if (enterprise === null) {
			await say("register_unknown_name", { name });
			return { outcome: "register_invalid" };
		}
		enterpriseId = enterprise;
	}

	// The problem written in this very message, on an enterprise's behalf.
	if (command.text) {
		if (enterpriseId === null) {
			await say("register_need_enterprise");
			return { outcome: "register_invalid" };
		}
		const reading = ctx.batch.classify(
			{ ...ctx.message, text: command.text },
			ctx.directory,
		);
		const guess = reading.kind === "chatter" ? null : reading;
		const result = await registerMessage({
			...ctx,
			actor: ctx.person,
			inboundId: ctx.inboundId,
			message: ctx.message,
			text: command.text,
			reporter: ctx.person,
			enterpriseId,
			groupId: ctx.group?.id ?? null,
			categoryCode: categoryCode ?? guess?.categoryCode ?? null,
			urgency: guess?.urgency ?? null,
			botKind: reading.kind,
			botCategoryCode: guess?.categoryCode ?? null,
			candidateId: null,
			source: "registered",
		});
		return { ...result, outcome: "registered" };
	}

	const quoted = await quotedMessage(ctx);
	if (!quoted) {
		await say(ctx.message.replyTo ? "register_no_source" : "register_usage");
		return { outcome: "register_invalid" };
	}
	if (quoted.issueId !== null) {
		const [issue] = await ctx.tx
			.select({ number: issues.number })
			.from(issues)
			.where(eq(issues.id, quoted.issueId));
		await say("register_already", { number: issue?.number ?? "" });
		return { outcome: "register_already", issueId: quoted.issueId };
	}
	const [candidate] = await ctx.tx
		.select()
		.from(intakeCandidates)
		.where(eq(intakeCandidates.inboundMessageId, quoted.id));
	if (candidate?.state === "pending" && enterpriseId === null) {
		const result = await promoteCandidateOf(ctx, candidate, categoryCode);
		return { ...result, outcome: "registered" };
	}
	const author = ctx.directory.personByIdentity(
		quoted.platform,
		quoted.authorExternalId,
	);
	const enterprise = enterpriseId ?? author?.enterpriseId ?? null;
	if (enterprise === null) {
		await say("register_need_enterprise");
		return { outcome: "register_invalid" };
	}
	const message = quoted.message as InboundMessage;
	const reading = ctx.batch.classify(message, ctx.directory);
	const guess = reading.kind === "chatter" ? null : reading;
	const result = await registerMessage({
		...ctx,
		actor: ctx.person,
		inboundId: quoted.id,
		message,
		reporter: author?.enterpriseId === enterprise ? author : ctx.person,
		enterpriseId: enterprise,
		groupId: ctx.group?.id ?? null,
		categoryCode: categoryCode ?? guess?.categoryCode ?? null,
		urgency: (guess?.urgency as Urgency | undefined) ?? null,
		botKind: reading.kind,
		botCategoryCode: guess?.categoryCode ?? null,
		candidateId: candidate?.state === "pending" ? candidate.id : null,
		source: candidate?.state === "pending" ? "promoted" : "registered",
	});
	return { ...result, outcome: "registered" };
}

/** The message this one replies to: by id where the platform gives one, else by the quoted words. */
async function quotedMessage(
	ctx: OfficeCommandContext,
): Promise<InboundMessageRow | null> {
	const reply = ctx.message.replyTo;
	if (!reply) return null;
	const { platform, conversationId } = ctx.message;
	if (reply.messageId) {
		const [row] = await ctx.tx
			.select()
			.from(inboundMessages)
			.where(
				and(
					eq(inboundMessages.platform, platform),
					eq(inboundMessages.messageId, reply.messageId),
				),
			);
		if (row) return row;
	}
	const quotedText = reply.quotedText ? cleanText(reply.quotedText) : "";
	if (!quotedText) return null;
	const [row] = await ctx.tx
		.select()
		.from(inboundMessages)
		.where(
			and(
				eq(inboundMessages.platform, platform),
				eq(inboundMessages.conversationId, conversationId),
				eq(inboundMessages.text, quotedText),
				gte(
					inboundMessages.receivedAt,
					new Date(ctx.now.getTime() - QUOTE_LOOKBACK_MS),
				),
			),
		)
		.orderBy(desc(inboundMessages.id))
		.limit(1);
	return row ?? null;
}

/** An enterprise of the directory by its name: exact, or the only one whose name contains the words. */
async function enterpriseNamed(
	ctx: OfficeCommandContext,
	name: string,
): Promise<number | null> {
	const rows = await ctx.tx
		.select({ id: enterprises.id, name: enterprises.name })
		.from(enterprises)
		.where(eq(enterprises.active, true));
	const exact = rows.find((r) => r.name === name);
	if (exact) return exact.id;
	const containing = rows.filter((r) => r.name.includes(name));
	return containing.length === 1 ? (containing[0]?.id ?? null) : null;
}
