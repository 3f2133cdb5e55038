/**
 * The lifecycle's one decision: given an issue, a command and who runs it, what changes. Pure: the
 * caller passes `now` and the calendar, and writes the result (see workflows/issues/apply-command.ts).
 */
import type { Command } from "./commands.ts";
import type { HandlerContext } from "./handler-types.ts";
import { handlersFor } from "./handlers.ts";
import { refused } from "./refusals.ts";
import { relationsOf } from "./relations.ts";
import { ruleFor, usualNextState } from "./transition-table.ts";
import type {
	Actor,
	Effect,
	IssuePatch,
	IssueSnapshot,
	TransitionEnv,
	TransitionResult,
} from "./types.ts";

/** States in which an extension request can stay pending; leaving them drops the request. */
const EXTENSION_STATES: readonly string[] = ruleFor("approve_extension").from;

export function transition(
	issue: IssueSnapshot,
	command: Command,
	actor: Actor,
	now: Date,
	env: TransitionEnv,
): TransitionResult {
	const rule = ruleFor(command.type);
	if (!rule.from.includes(issue.state))
		return refused("wrong_state", {
			number: issue.number,
			state: issue.state,
			command: command.type,
			allowedStates: rule.from.join(","),
		});
	const relations = relationsOf(issue, actor);
	if (!rule.who.some((relation) => relations.has(relation)))
		return refused("not_permitted", {
			command: command.type,
			who: rule.who.join(","),
		});

	const ctx: HandlerContext = { issue, command, actor, relations, now, env };
	const outcome = handlersFor(command.type)(ctx);
	if (!outcome.ok) return outcome;

	const state = outcome.state ?? usualNextState(command.type, issue.state);
	const moved = state !== issue.state;
	const replan = moved || outcome.replan === true;
	const patch: IssuePatch = { ...outcome.changes, version: issue.version + 1 };
	if (moved) patch.state = state;
	if (replan) patch.wakeGeneration = issue.wakeGeneration + 1;
	if (
		issue.pendingExtension !== null &&
		!EXTENSION_STATES.includes(state) &&
		patch.pendingExtension === undefined
	)
		patch.pendingExtension = null;

	const effects: Effect[] = [...(outcome.effects ?? [])];
	if (replan) effects.push({ type: "replan_timers" });
	return {
		ok: true,
		patch,
		event: { kind: outcome.kind, payload: outcome.payload ?? {} },
		effects,
	};
}
