/**
 * The desk's actions: a submitted form → a lifecycle command, and running it exactly as a chat
 * command runs (commands.ts): the retrospective gate, `applyCommand` (permissions, audit event),
 * one message in the issue's group, re-planned timers armed after commit.
 */
import { and, asc, eq, ne } from "drizzle-orm";
import type { Db, DbOrTx } from "../../../db/client.ts";
import { departments } from "../../../db/schema/directory.ts";
import { type Issue, issues } from "../../../db/schema/issues.ts";
import { parsePlanText } from "../../../workflows/commands/plan-text.ts";
import type { WakeUp } from "../../../workflows/escalation/plan-wake-up.ts";
import { applyCommand } from "../../../workflows/issues/apply-command.ts";
import { loadActor } from "../../../workflows/issues/load-actor.ts";
import {
	type Command,
	REVIEW_OUTCOMES,
	type ReviewOutcome,
} from "../../../workflows/lifecycle/commands.ts";
import { relationsOf } from "../../../workflows/lifecycle/relations.ts";
import { ruleFor } from "../../../workflows/lifecycle/transition-table.ts";
import type { IssueSnapshot } from "../../../workflows/lifecycle/types.ts";
import type { DirectoryCache } from "../../conversation/directory-cache.ts";
import { notifyIssueEvent } from "../../conversation/notify.ts";
import {
	armAfterCommit,
	replanTimers,
	retrospectiveGate,
	type WakeUpScheduler,
} from "../../escalation/conversation-hooks.ts";
import { deliverEventNotices } from "../../escalation/event-notices.ts";
import type { Locale } from "../../texts/catalog.ts";
import { refusalText } from "../../texts/lifecycle.ts";
import { learnFromDispatch } from "../../understanding/corrections.ts";
import { allOf, issueScope, type Viewer } from "./viewer.ts";

/** What the desk offers, in the order the issue page shows it. */
export const DESK_ACTIONS = [
	"dispatch",
	"transfer",
	"add_co_handler",
	"remove_co_handler",
	"approve_extension",
	"deny_extension",
	"decide_review",
	"raise_tier",
	"refuse_return",
	"set_plan",
	"complete_milestone",
	"close",
] as const;
export type DeskAction = (typeof DESK_ACTIONS)[number];

export function isDeskAction(value: unknown): value is DeskAction {
	return (DESK_ACTIONS as readonly unknown[]).includes(value);
}

/** The office, leaders in charge, supervisors and admins; officials act in their groups. */
export function mayUseDesk(viewer: Viewer): boolean {
	return (
		viewer.leaderOf.length > 0 ||
		viewer.person.roles.some(
			(r) => r === "office_staff" || r === "supervisor" || r === "admin",
		)
	);
}

/** The form as posted (urlencoded: a repeated field is an array). */
export type DeskForm = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined) =>
	(Array.isArray(value) ? value[0] : value)?.trim() ?? "";
const many = (value: string | string[] | undefined) =>
	(Array.isArray(value) ? value : value ? [value] : []).filter(Boolean);

export type FormResult =
	| { ok: true; command: Command }
	| { ok: false; problem: "unknown_department" | "unknown_action" };

/** The command a form asks for. Departments must exist; the lifecycle checks the rest. */
export function commandOf(
	action: DeskAction,
	form: DeskForm,
	departmentIds: ReadonlySet<number>,
): FormResult {
	const department = Number(one(form.department));
	const known = departmentIds.has(department);
	const reason = one(form.reason);
	switch (action) {
		case "dispatch": {
			if (!known) return { ok: false, problem: "unknown_department" };
			const co = many(form.co)
				.map(Number)
				.filter((id) => departmentIds.has(id) && id !== department);
			return {
				ok: true,
				command: {
					type: "dispatch",
					departmentId: department,
					coDepartmentIds: co,
				},
			};
		}
		case "transfer":
			return known
				? {
						ok: true,
						command: { type: "transfer", departmentId: department, reason },
					}
				: { ok: false, problem: "unknown_department" };
		case "add_co_handler":
		case "remove_co_handler":
			return known
				? { ok: true, command: { type: action, departmentId: department } }
				: { ok: false, problem: "unknown_department" };
		case "approve_extension": {
			const note = one(form.note);
			return {
				ok: true,
				command: note
					? { type: "approve_extension", note }
					: { type: "approve_extension" },
			};
		}
		case "deny_extension":
		case "raise_tier":
		case "refuse_return":
		case "close":
			return { ok: true, command: { type: action, reason } };
		// The plan as in chat: 措施：…；单位：…；节点 12-20 … (one part a line).
		case "set_plan":
			return { ok: true, command: parsePlanText(one(form.plan)) };
		case "complete_milestone": {
			const note = one(form.note);
			return {
				ok: true,
				command: {
					type: "complete_milestone",
					position: Number(one(form.position)),
					...(note ? { note } : {}),
				},
			};
		}
		case "decide_review": {
			const outcome = one(form.outcome);
			if (!(REVIEW_OUTCOMES as readonly string[]).includes(outcome))
				return { ok: false, problem: "unknown_action" };
			const days = Number(one(form.workingDays));
			const alternative = one(form.alternative);
			return {
				ok: true,
				command: {
					type: "decide_review",
					outcome: outcome as ReviewOutcome,
					note: one(form.note),
					...(alternative ? { alternative } : {}),
					...(one(form.workingDays) !== "" ? { workingDays: days } : {}),
				},
			};
		}
	}
}

/** Active departments that handle issues, for the forms' lists. */
export function deskDepartments(db: DbOrTx) {
	return db
		.select({ id: departments.id, name: departments.name })
		.from(departments)
		.where(
			and(eq(departments.active, true), ne(departments.kind, "government")),
		)
		.orderBy(asc(departments.id));
}

/** The issue by number, if the viewer may see it. */
export async function issueInScope(
	db: DbOrTx,
	viewer: Viewer,
	number: string,
): Promise<Issue | null> {
	const [row] = await db
		.select()
		.from(issues)
		.where(allOf(eq(issues.number, number), issueScope(viewer)));
	return row ?? null;
}

/**
 * The desk actions the lifecycle table allows this person on this issue now (state and relation).
 * Only to choose which forms to show: the command itself is checked again when it runs.
 */
export async function actionsFor(
	db: DbOrTx,
	viewer: Viewer,
	issue: Issue,
	coDepartmentIds: number[],
): Promise<DeskAction[]> {
	if (!mayUseDesk(viewer)) return [];
	const actor = await loadActor(db, viewer.person.id);
	if (!actor) return [];
	const snapshot: IssueSnapshot = { ...issue, coDepartmentIds };
	const relations = relationsOf(snapshot, actor);
	return DESK_ACTIONS.filter((action) => {
		const rule = ruleFor(action);
		if (!rule.from.includes(issue.state)) return false;
		if (!rule.who.some((who) => relations.has(who))) return false;
		if (action === "approve_extension" || action === "deny_extension")
			return issue.pendingExtension !== null;
		if (action === "remove_co_handler") return coDepartmentIds.length > 0;
		return true;
	});
}

export interface DeskDeps {
	db: Db;
	directory: DirectoryCache;
	locale: Locale;
	wakeUps?: WakeUpScheduler;
	onOutbox?: () => void;
	learn?: () => void;
}

export type DeskOutcome =
	| { ok: true; issue: Issue }
	| { ok: false; status: number; message: string };

/** Runs the command as the viewer, as chat would; `expectedVersion` is the version the form showed. */
export async function runDeskCommand(
	deps: DeskDeps,
	input: {
		viewer: Viewer;
		number: string;
		command: Command;
		expectedVersion: number | undefined;
		now: Date;
	},
): Promise<DeskOutcome | null> {
	const { db, locale } = deps;
	const { viewer, command, now } = input;
	const outcome = await db.transaction(async (tx) => {
		const issue = await issueInScope(tx, viewer, input.number);
		if (!issue) return null;
		const directory = await deps.directory.get(tx);
		const gate = await retrospectiveGate(tx, {
			issue,
			command,
			author: { personId: viewer.person.id, label: viewer.person.name },
			locale,
			now,
		});
		if (gate) return { ok: false as const, status: 409, message: gate };
		const result = await applyCommand(tx, {
			issueId: issue.id,
			command,
			actorPersonId: viewer.person.id,
			expectedVersion: input.expectedVersion,
			now,
			calendar: directory.calendar,
			deadlinePolicy: directory.deadlinePolicy,
		});
		if (!result.ok)
			return {
				ok: false as const,
				status: result.refusal.code === "not_permitted" ? 403 : 409,
				message: refusalText(locale, result.refusal),
			};
		await notifyIssueEvent(
			tx,
			directory,
			locale,
			result.issue,
			result.event,
			now,
		);
		await deliverEventNotices(
			{
				db: tx,
				issue: result.issue,
				calendar: directory.calendar,
				locale,
				now,
			},
			result.event,
		);
		const learnt =
			command.type === "dispatch" &&
			(await learnFromDispatch(tx, {
				before: issue,
				after: result.issue,
				categories: directory.routing.categories,
				actor: viewer.person,
				now,
			}));
		const planned: Array<WakeUp | null> = [
			await replanTimers(tx, issue.id, now, directory.calendar, result.effects),
		];
		return {
			ok: true as const,
			issue: result.issue,
			arm: armAfterCommit(deps.wakeUps, planned),
			learnt,
		};
	});
	if (!outcome) return null;
	if (!outcome.ok) return outcome;
	await outcome.arm?.();
	deps.onOutbox?.();
	if (outcome.learnt) deps.learn?.();
	return { ok: true, issue: outcome.issue };
}
