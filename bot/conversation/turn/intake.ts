import { targetIssue } from "../commands.ts";
import { handleEnterpriseMessage } from "../intake.ts";
import { found, type TurnContext } from "./context.ts";
import type { Outcome } from "./outcome.ts";

/** The turn's end: an enterprise's words in its group become an issue, a follow-up, or nothing. */
export async function intake(turn: TurnContext): Promise<Outcome> {
	const ctx = found(turn, "known");
	const { group } = found(turn, "speaker");
	const { parsed, contextIssue } = found(turn, "meaning");
	const { person, message } = ctx;
	const isEnterprise =
		person.roles.includes("enterprise_member") && person.enterpriseId !== null;
	if (!isEnterprise || message.direct)
		return { outcome: parsed?.kind === "remark" ? "remark" : "chatter" };
	let followsUp = contextIssue;
	if (parsed?.kind === "remark") {
		followsUp = await targetIssue(ctx, parsed.issueRef, "");
		if (followsUp === null) return { outcome: "remark_unknown_issue" };
	}
	return handleEnterpriseMessage({
		tx: ctx.tx,
		batch: ctx.batch,
		message,
		inboundId: ctx.inboundId,
		person,
		group,
		directory: ctx.directory,
		locale: ctx.locale,
		now: ctx.now,
		contextIssue: followsUp,
		wakeUps: ctx.wakeUps,
	});
}
