/**
 * Who is on duty for a department (首接负责制): the directory file names them, fixed or as a weekly
 * rotation. A rotation's week starts on the weekday of its `from` date, at local midnight in
 * Asia/Shanghai; the weeks before `from` run the rotation backwards, so every date has someone.
 */
import type { DutyRoster } from "../../db/schema/directory.ts";
import { dayIndexOf, parseLocalDate } from "../calendar/local-time.ts";

/** The person ids on duty at `at`; empty when the department names nobody. */
export function onDuty(roster: DutyRoster | null, at: Date): number[] {
	if (roster === null) return [];
	if (roster.kind === "fixed") return [...roster.personIds];
	const weeks = roster.weeks.length;
	if (weeks === 0) return [];
	const week = Math.floor(
		(dayIndexOf(at.getTime()) - parseLocalDate(roster.from)) / 7,
	);
	return [...(roster.weeks[((week % weeks) + weeks) % weeks] ?? [])];
}

/**
 * Whom a group message about a department mentions, given its accounts on the platform: the duty
 * officers on duty at `at` who have an account there; failing that (no duty configured, or none of
 * them on this platform), the department's shared duty account; failing that, every official.
 */
export function departmentMentionTargets<
	T extends { personId: number | null },
>(input: {
	roster: DutyRoster | null;
	at: Date;
	/** The department's officials' accounts on the platform, in directory order. */
	officials: readonly T[];
	/** The department's shared (collective) accounts on the platform. */
	collective: readonly T[];
}): T[] {
	const duty = new Set(onDuty(input.roster, input.at));
	const onDutyAccounts = input.officials.filter(
		(identity) => identity.personId !== null && duty.has(identity.personId),
	);
	if (onDutyAccounts.length > 0) return onDutyAccounts;
	if (input.collective.length > 0) return [...input.collective];
	return [...input.officials];
}
