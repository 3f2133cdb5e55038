/**
 * One message's turn: what every step of it reads and what the steps before it found out. Each step
 * gets the turn and `next` (the steps after it), and answers with an Outcome — its own, or next's —
 * the way grammY composes middleware.
 */

import type { Group, Person } from "../../../db/schema/directory.ts";
import type { Issue } from "../../../db/schema/issues.ts";
import type { UnitOfWork } from "../../../db/unit-of-work.ts";
import type { ParsedCommand } from "../../../workflows/commands/types.ts";
import type { WakeUpScheduler } from "../../escalation/conversation-hooks.ts";
import type { InboundMessage } from "../../messages.ts";
import type { Locale } from "../../texts/catalog.ts";
import type { CommandContext } from "../commands.ts";
import type { DirectoryCache, DirectorySnapshot } from "../directory-cache.ts";
import type { IntakeBatch } from "../intake-batch.ts";
import type { Outcome } from "./outcome.ts";

export interface TurnOptions {
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

/** Where and by whom the message was said (the who-is-speaking step). */
export interface Speaker {
	directory: DirectorySnapshot;
	/** The group the message was said in; null in a direct conversation. */
	group: Group | null;
	/** Null: someone the directory does not know. */
	person: Person | null;
	locale: Locale;
}

/** What the message is about and what it says (the what-is-meant step). */
export interface Meaning {
	/** The issue of the thread or quote the message is in, if any. */
	contextIssue: Issue | null;
	/** A command or query, or null for free words. */
	parsed: ParsedCommand | null;
}

export interface TurnContext {
	/** The batch's transaction; the audit events and answers it defers are written at the batch's end. */
	readonly tx: UnitOfWork;
	/** The batch's classifications and intake lookahead. */
	readonly batch: IntakeBatch;
	readonly message: InboundMessage;
	readonly inboundId: number;
	readonly now: Date;
	readonly options: TurnOptions;
	speaker?: Speaker;
	meaning?: Meaning;
	/** A speaker the directory knows, with everything a command needs (the known-speaker step). */
	known?: CommandContext;
}

export type Step = (
	turn: TurnContext,
	next: () => Promise<Outcome>,
) => Promise<Outcome>;

/** What an earlier step found; a step that asks before it ran is a composition error. */
export function found<K extends "speaker" | "meaning" | "known">(
	turn: TurnContext,
	key: K,
): NonNullable<TurnContext[K]> {
	const value = turn[key];
	if (value === undefined)
		throw new Error(`the turn's ${key} step has not run before this one`);
	return value as NonNullable<TurnContext[K]>;
}
