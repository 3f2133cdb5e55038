/**
 * `认领 @张三 鑫达机械`: the office says who a group member the directory did not know is. The person
 * is found by the mention (their account), or by the name their kept message was written under.
 */
import type { Group } from "../../db/schema/directory.ts";
import type { OfficeCommand } from "../../workflows/understanding/office-commands.ts";
import { unknownMemberText } from "../texts/unknown-members.ts";
import { mayTriage } from "../understanding/triage-queries.ts";
import {
	claimableReports,
	claimUnknownMember,
	enterpriseByName,
} from "../understanding/unknown-members.ts";
import type { CommandContext } from "./commands.ts";
import { replyTo } from "./reply.ts";
import type { Outcome } from "./turn/outcome.ts";

export async function handleClaim(
	ctx: CommandContext & {
		group: Group | null;
		bot: { externalIds: readonly string[] };
	},
	command: Extract<OfficeCommand, { kind: "claim" }>,
): Promise<Outcome> {
	const say = (
		key: Parameters<typeof unknownMemberText>[1],
		params: Record<string, string> = {},
	) =>
		replyTo(
			ctx.tx,
			ctx.inboundId,
			ctx.message,
			unknownMemberText(ctx.locale, key, params),
		);
	if (!mayTriage(ctx.person)) {
		await say("claim_not_allowed");
		return { outcome: "claim_refused" };
	}
	const mentioned = ctx.message.mentions.find(
		(m) => !ctx.bot.externalIds.includes(m.externalId),
	);
	if (!mentioned && !command.name) {
		await say("claim_usage");
		return { outcome: "claim_invalid" };
	}
	const name = mentioned?.displayName ?? command.name ?? "";
	const reports = await claimableReports(
		ctx.tx,
		ctx.person,
		mentioned
			? { platform: ctx.message.platform, externalId: mentioned.externalId }
			: { name },
	);
	const first = reports[0];
	if (!first) {
		await say("claim_no_report", { name });
		return { outcome: "claim_unknown_member" };
	}
	const enterprise = await enterpriseByName(ctx.tx, command.enterprise);
	if (!enterprise) {
		await say(command.enterprise ? "claim_unknown_enterprise" : "claim_usage", {
			name: command.enterprise,
		});
		return { outcome: "claim_invalid" };
	}
	const result = await claimUnknownMember({
		tx: ctx.tx,
		directory: ctx.directory,
		locale: ctx.locale,
		now: ctx.now,
		actor: ctx.person,
		reports,
		enterpriseId: enterprise.id,
		name: first.authorName ?? (command.name || undefined),
		wakeUps: ctx.wakeUps,
	});
	await say("claimed_issue", {
		name: result.person.name,
		enterprise: enterprise.name,
		numbers: result.numbers.map((n) => `#${n}`).join("、"),
	});
	return {
		outcome: "member_claimed",
		afterCommit: result.afterCommit,
	};
}
