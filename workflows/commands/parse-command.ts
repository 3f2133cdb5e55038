/**
 * The chat command language. What counts as a command:
 * - a query that is the whole message: 帮助 / help, 待办 / queue, 我的问题 / my issues;
 * - a message that starts with an issue reference (#12, ＃１２, 12号, #2026-000012): `#12` alone shows
 *   the issue, `#12 <verb> …` is a command, `#12 <anything else>` is a remark on that issue; `12号`
 *   counts only before a verb, because "3号车间停电了" is an ordinary sentence;
 * - in an issue's thread or quoting an issue (`inIssueContext`), a message that starts with a verb.
 * A verb must be followed by the end, a space, punctuation or a digit, so 受理了吗 is not 受理.
 * Everything else is ordinary text (null): "我们已经受理了吗？" is not a command.
 */

import { cleanText, foldWidth } from "../intake/normalize-text.ts";
import type { Mention } from "../shared/message-parts.ts";
import { ArgCursor } from "./arguments.ts";
import { buildDrafts } from "./build-drafts.ts";
import { parseLeadingIssueRef } from "./issue-ref.ts";
import { LIFECYCLE_SPECS, QUERY_SPECS } from "./specs.ts";
import type {
	CommandInput,
	LifecycleSpec,
	ParsedCommand,
	QuerySpec,
} from "./types.ts";

interface Verb {
	alias: string;
	spec: LifecycleSpec;
	refOnly: boolean;
}

/** Longest first, so 不满意 wins over 满意 and 取消协办 over 协办. */
const VERBS: Verb[] = LIFECYCLE_SPECS.flatMap((spec) =>
	[...spec.aliases.zh, ...spec.aliases.en].map((alias) => ({
		alias: alias.toLowerCase(),
		spec,
		refOnly: spec.refOnlyAliases?.includes(alias) ?? false,
	})),
).sort((a, b) => b.alias.length - a.alias.length);

const SHOW_ISSUE = QUERY_SPECS.find((s) => s.id === "show_issue");

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Removes "@<bot name>" wherever it is, so "@亲清助手 #12 受理" reads as "#12 受理". */
function withoutBotMentions(text: string, botNames: readonly string[]): string {
	let result = text;
	for (const name of botNames) {
		if (name.length === 0) continue;
		result = result.replace(
			new RegExp(`[@＠]\\s?${escapeRegExp(name)}`, "giu"),
			" ",
		);
	}
	return result.replace(/[^\S\n]+/g, " ").trim();
}

function matchQuery(folded: string): QuerySpec | null {
	const whole = folded
		.replace(/[\s\p{P}]+$/u, "")
		.replace(/\s+/g, " ")
		.toLowerCase();
	return (
		QUERY_SPECS.find((spec) =>
			[...spec.aliases.zh, ...spec.aliases.en].includes(whole),
		) ?? null
	);
}

/** A verb ends at the end, a space, punctuation or a digit, or (before a department) at a known name. */
function matchVerb(
	folded: string,
	at: number,
	haveRef: boolean,
	departmentNames: readonly string[],
): Verb | null {
	const here = folded.slice(at).toLowerCase();
	for (const verb of VERBS) {
		if (verb.refOnly && !haveRef) continue;
		if (!here.startsWith(verb.alias)) continue;
		const next = here[verb.alias.length];
		if (next === undefined || !/\p{L}/u.test(next)) return verb;
		if (verb.spec.args.kind !== "department") continue;
		const after = here.slice(verb.alias.length);
		if (
			departmentNames.some(
				(name) => name.length > 0 && after.startsWith(name.toLowerCase()),
			)
		)
			return verb;
	}
	return null;
}

/** Parses one message; null when it is not a command (ordinary text). */
export function parseCommand(input: CommandInput): ParsedCommand | null {
	const botIds = new Set(input.bot?.externalIds ?? []);
	const botMentions = (input.mentions ?? []).filter((m) =>
		botIds.has(m.externalId),
	);
	const mentions: Mention[] = (input.mentions ?? []).filter(
		(m) => !botIds.has(m.externalId),
	);
	const botNames = [
		...(input.bot?.names ?? []),
		...botMentions.flatMap((m) => (m.displayName ? [m.displayName] : [])),
	];

	const own = withoutBotMentions(cleanText(input.text), botNames);
	const folded = foldWidth(own);
	if (folded.length === 0) return null;

	const query = matchQuery(folded);
	if (query) return { kind: "query", spec: query, issueRef: null };

	const leading = parseLeadingIssueRef(folded);
	if (!leading && !input.inIssueContext) return null;
	const issueRef = leading?.ref ?? null;

	const args = new ArgCursor(own, folded, leading?.length ?? 0);
	args.skipSeparators();
	const explicit = leading?.explicit === true;
	if (issueRef && explicit && args.pos >= folded.length && SHOW_ISSUE) {
		return { kind: "query", spec: SHOW_ISSUE, issueRef };
	}

	const departmentNames = input.departmentNames ?? [];
	const verb = matchVerb(folded, args.pos, issueRef !== null, departmentNames);
	if (!verb)
		return issueRef && explicit
			? { kind: "remark", issueRef, text: args.rest() }
			: null;
	args.pos += verb.alias.length;

	const drafts = buildDrafts(verb.spec, args, { mentions, departmentNames });
	if (!drafts.ok)
		return {
			kind: "invalid",
			issueRef,
			spec: verb.spec,
			problem: drafts.problem,
		};
	return {
		kind: "lifecycle",
		issueRef,
		spec: verb.spec,
		commands: drafts.commands,
	};
}
