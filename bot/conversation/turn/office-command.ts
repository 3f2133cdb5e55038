import { parseOfficeCommand } from "../../../workflows/understanding/office-commands.ts";
import { handleClaim } from "../claim-command.ts";
import { withoutLeadingMentions } from "../leading-mentions.ts";
import { handleOfficeCommand } from "../office-commands.ts";
import { found, type Step } from "./context.ts";

/** The office's own words (登记, 误登记, 认领 …), from anyone who is not only an enterprise's member. */
export const officeCommand: Step = async (turn, next) => {
	const { batch, message, options } = turn;
	const ctx = found(turn, "known");
	const { group } = found(turn, "speaker");
	if (ctx.person.roles.every((role) => role === "enterprise_member"))
		return next();
	const office = parseOfficeCommand(
		withoutLeadingMentions(message.text, message.mentions),
	);
	if (!office) return next();
	// An office command may change any issue: the batch's lookahead no longer knows them.
	batch.endLookahead();
	if (office.kind !== "claim")
		return handleOfficeCommand({ ...ctx, group }, office);
	const claimed = await handleClaim(
		{ ...ctx, group, bot: options.bot },
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
};
