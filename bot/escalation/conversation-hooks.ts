/**
 * What the conversation layer calls, in a few lines: re-plan the timers in the transaction that
 * changed an issue, arm them after commit, and refuse resolving or closing an issue that still
 * lacks its retrospective (复盘).
 */
import type { DbOrTx } from "../../db/client.ts";
import type { Issue } from "../../db/schema/issues.ts";
import type { WorkingCalendar } from "../../workflows/calendar/types.ts";
import {
	planWakeUp,
	type WakeUp,
} from "../../workflows/escalation/plan-wake-up.ts";
import {
	blockedByRetrospective,
	recordRetrospective,
} from "../../workflows/escalation/retrospective.ts";
import type { Command } from "../../workflows/lifecycle/commands.ts";
import type { AfterCommitEffect } from "../../workflows/lifecycle/types.ts";
import { shortNumber } from "../conversation/format.ts";
import type { Locale } from "../texts/catalog.ts";
import { escalationText } from "../texts/escalation.ts";

/** Arms wake-ups (the escalation engine's `wakeUps`). */
export interface WakeUpScheduler {
	arm(wakeUp: WakeUp): Promise<void>;
}

/** Re-plans when the command asked for it (`replan_timers`), or always when `effects` is omitted (a new issue). */
export async function replanTimers(
	tx: DbOrTx,
	issueId: number,
	now: Date,
	calendar: WorkingCalendar,
	effects?: readonly AfterCommitEffect[],
): Promise<WakeUp | null> {
	if (effects && !effects.some((effect) => effect.type === "replan_timers"))
		return null;
	return planWakeUp(tx, issueId, now, { calendar });
}

/** The `afterCommit` that arms what was planned; undefined when there is nothing (or no engine). */
export function armAfterCommit(
	scheduler: WakeUpScheduler | undefined,
	planned: ReadonlyArray<WakeUp | null>,
): (() => Promise<void>) | undefined {
	const wakeUps = planned.filter((w): w is WakeUp => w !== null);
	if (!scheduler || wakeUps.length === 0) return undefined;
	return async () => {
		// A failure here is only lateness: the sweeper re-arms a wake-up that is due and missing.
		for (const wakeUp of wakeUps) await scheduler.arm(wakeUp);
	};
}

/** A retrospective written into the resolve note or close reason: "… 复盘：原因、措施". */
const RETROSPECTIVE_MARK =
	/(?:复盘|retrospective|retro)\s*[:：]\s*(\S[\s\S]*)$/i;

/**
 * Null when `command` may go ahead. An issue that needs a retrospective may be resolved or closed
 * only with one on record, or with one in the command's own text (recorded here, in the transaction).
 */
export async function retrospectiveGate(
	tx: DbOrTx,
	input: {
		issue: Issue;
		command: Command;
		author: { personId: number; label: string };
		locale: Locale;
		now: Date;
	},
): Promise<string | null> {
	const { issue, command } = input;
	if (!(await blockedByRetrospective(tx, issue, command.type))) return null;
	const text =
		command.type === "resolve"
			? command.note
			: command.type === "close"
				? command.reason
				: "";
	const note = RETROSPECTIVE_MARK.exec(text)?.[1]?.trim();
	if (note) {
		await recordRetrospective(tx, {
			issue,
			authorPersonId: input.author.personId,
			authorLabel: input.author.label,
			note,
			now: input.now,
		});
		return null;
	}
	return escalationText(input.locale, "retrospective_required", {
		short: shortNumber(issue.number),
	});
}
