import { parseCommand } from "../../../workflows/commands/parse-command.ts";
import { issueInContext } from "../issue-lookup.ts";
import { withoutLeadingMentions } from "../leading-mentions.ts";
import { found, type Step } from "./context.ts";

/** The issue the message is about (its thread or quote), and the command or query it makes, if any. */
export const whatIsMeant: Step = async (turn, next) => {
	const { tx, message, options } = turn;
	const { directory } = found(turn, "speaker");
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
	turn.meaning = { contextIssue, parsed };
	return next();
};
