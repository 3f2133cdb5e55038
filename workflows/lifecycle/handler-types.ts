import type { IssueState } from "../../db/schema/issues.ts";
import type { Command, CommandType } from "./commands.ts";
import type { Relation } from "./transition-table.ts";
import type {
	Actor,
	Effect,
	IssuePatch,
	IssueSnapshot,
	Refusal,
	TransitionEnv,
} from "./types.ts";

export interface HandlerContext<C extends Command = Command> {
	issue: IssueSnapshot;
	command: C;
	actor: Actor;
	relations: ReadonlySet<Relation>;
	now: Date;
	env: TransitionEnv;
}

/** What a handler decides; `transition` adds the version, the fence and the bookkeeping. */
export type HandlerOutcome =
	| {
			ok: true;
			/** Omitted: the state the table gives. */
			state?: IssueState;
			changes?: Omit<IssuePatch, "version" | "state">;
			kind: string;
			payload?: Record<string, unknown>;
			effects?: Effect[];
			/** Re-plans the timers even without a state change (new deadline, new tier). */
			replan?: boolean;
	  }
	| { ok: false; refusal: Refusal };

export type Handlers = {
	[T in CommandType]: (
		ctx: HandlerContext<Extract<Command, { type: T }>>,
	) => HandlerOutcome;
};

export const notify = (
	audience: Extract<Effect, { type: "notify" }>["audience"],
	what: string,
): Effect => ({ type: "notify", audience, what });

/** The trimmed text, or null when it is missing or blank. */
export function text(value: string | undefined | null): string | null {
	const trimmed = value?.trim();
	return trimmed ? trimmed : null;
}

export function isPositiveInteger(value: unknown): value is number {
	return typeof value === "number" && Number.isInteger(value) && value > 0;
}
