/**
 * Seeds the demo's history (demo mode, docs/demo.md): the cases of cases.ts turned into issues the
 * way chat makes them — `takeInProblem`, then each command through `applyCommand` with its event
 * notices and re-planned timers, and the escalation wake-ups (colours, reminders, sanctions,
 * auto-confirmation) run by `runWakeUp` at the times they fell due — each at its historical time.
 * What those steps wrote to the outbox was "sent back then": it is marked sent, not sent now.
 *
 * Once per database: a `settings` row (key demo_history) marks it, written in the same transaction.
 */
import { and, asc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.ts";
import {
	departments,
	enterprises,
	groups,
	people,
	settings,
} from "../../../db/schema/directory.ts";
import { heldNotifications } from "../../../db/schema/escalation.ts";
import { type Issue, issues } from "../../../db/schema/issues.ts";
import { outbox } from "../../../db/schema/pipeline.ts";
import type { WorkingCalendar } from "../../../workflows/calendar/types.ts";
import { takeInProblem } from "../../../workflows/intake/take-in-problem.ts";
import { makeTitle } from "../../../workflows/intake/title.ts";
import { applyCommand } from "../../../workflows/issues/apply-command.ts";
import type { Command } from "../../../workflows/lifecycle/commands.ts";
import {
	createDirectoryCache,
	type DirectorySnapshot,
} from "../../conversation/directory-cache.ts";
import { replanTimers } from "../../escalation/conversation-hooks.ts";
import { deliverEventNotices } from "../../escalation/event-notices.ts";
import { runWakeUp } from "../../escalation/run-wake-up.ts";
import type { Locale } from "../../texts/catalog.ts";
import { type HistoryCase, historyCases } from "./cases.ts";
import {
	PROBLEMS,
	PROGRESS_NOTES,
	RATING_COMMENTS,
	RESOLVE_NOTES,
} from "./problems.ts";

export const DEMO_HISTORY_KEY = "demo_history";

export interface SeedOptions {
	locale: Locale;
	/** The end of the history (default: now). */
	now?: Date;
}

export interface SeedResult {
	/** Issues created; 0 when this database already has its history. */
	created: number;
}

/** Where a department's or office's people and an enterprise's reporter are found. */
interface Cast {
	officialOf(departmentId: number): number;
	officeStaffOf(officeId: number | null): number;
	/** Another department to send an issue to (转办): its co-handler when it has one. */
	transferTarget(issue: Issue): number;
	enterprises: Array<{
		id: number;
		officeId: number | null;
		reporterId: number;
		group: { id: number; conversationId: string } | null;
	}>;
}

/** Whether this database already has its demo history. */
export async function hasDemoHistory(db: Db): Promise<boolean> {
	const rows = await db
		.select({ key: settings.key })
		.from(settings)
		.where(eq(settings.key, DEMO_HISTORY_KEY));
	return rows.length > 0;
}

export async function seedDemoHistory(
	db: Db,
	options: SeedOptions,
): Promise<SeedResult> {
	const anchor = options.now ?? new Date();
	return db.transaction(async (tx) => {
		// The marker first: a second process seeding at the same moment waits here, then finds it.
		const [marked] = await tx
			.insert(settings)
			.values({
				key: DEMO_HISTORY_KEY,
				value: { seededAt: anchor.toISOString() },
			})
			.onConflictDoNothing()
			.returning({ key: settings.key });
		if (!marked) return { created: 0 };
		const directory = await createDirectoryCache().get(tx);
		const cast = await castOf(tx);
		if (cast.enterprises.length === 0) return { created: 0 };
		const cases = historyCases(
			anchor,
			directory.calendar,
			cast.enterprises.length,
		);
		const ids: number[] = [];
		for (const item of cases)
			ids.push(
				await playCase(tx, item, { directory, cast, anchor, ...options }),
			);
		await markSentBackThen(tx, ids);
		await tx
			.update(settings)
			.set({
				value: { seededAt: anchor.toISOString(), issues: ids.length },
			})
			.where(eq(settings.key, DEMO_HISTORY_KEY));
		return { created: ids.length };
	});
}

interface PlayContext {
	directory: DirectorySnapshot;
	cast: Cast;
	anchor: Date;
	locale: Locale;
}

/** One case from its report to where its story stops (its last step, or now). */
async function playCase(
	tx: Tx,
	item: HistoryCase,
	ctx: PlayContext,
): Promise<number> {
	const { directory, cast, anchor } = ctx;
	const calendar = directory.calendar;
	const problem = PROBLEMS[item.problem] ?? PROBLEMS[0];
	const enterprise = cast.enterprises[item.enterprise] ?? cast.enterprises[0];
	if (!problem || !enterprise) throw new Error("demo history: no cast");
	const category =
		directory.routing.categories.find((c) => c.code === problem.category) ??
		null;
	const { issue: created } = await takeInProblem(
		tx,
		{
			sourceChannel: "playground",
			title: makeTitle(problem.text),
			body: problem.text,
			enterpriseId: enterprise.id,
			reporterPersonId: enterprise.reporterId,
			groupId: enterprise.group?.id ?? null,
			officeId: enterprise.officeId,
			sourceConversationId: enterprise.group?.conversationId ?? null,
			category,
			urgency: "normal",
			now: item.at,
			actorPersonId: enterprise.reporterId,
			actorLabel: "demo",
		},
		directory,
	);
	let issue = created;

	/** Runs the wake-ups due up to `until`, each at its own time, as the engine would have. */
	const wakeUpsUntil = async (until: Date) => {
		for (let guard = 0; guard < 100; guard++) {
			const [row] = await tx
				.select({ at: issues.nextWakeAt, generation: issues.wakeGeneration })
				.from(issues)
				.where(eq(issues.id, issue.id));
			if (!row?.at || row.at > until) return;
			// In this transaction (a savepoint): the history commits or rolls back as one.
			const outcome = await runWakeUp(
				tx as unknown as Db,
				{ issueId: issue.id, generation: row.generation },
				{
					now: row.at,
					locale: ctx.locale,
					context: { calendar },
					platforms: ["playground"],
				},
			);
			if (outcome.status !== "ran" || outcome.steps.length === 0) return;
		}
	};
	/** A command at `at`, as chat applies it; false when its time has not come yet. */
	const act = async (
		at: Date,
		actorPersonId: number,
		command: Command,
	): Promise<boolean> => {
		if (at >= anchor) return false;
		await wakeUpsUntil(at);
		const result = await applyCommand(tx, {
			issueId: issue.id,
			command,
			actorPersonId,
			now: at,
			calendar,
			deadlinePolicy: directory.deadlinePolicy,
		});
		if (!result.ok)
			throw new Error(
				`demo history: ${command.type} on #${issue.number} refused (${result.refusal.code})`,
			);
		issue = result.issue;
		await deliverEventNotices(
			{ db: tx, issue, calendar, locale: ctx.locale, now: at },
			result.event,
		);
		await replanTimers(tx, issue.id, at, calendar, result.effects);
		return true;
	};

	await playSteps(item, issue, cast, calendar, act, () => issue);
	await wakeUpsUntil(anchor);
	return issue.id;
}

async function playSteps(
	item: HistoryCase,
	first: Issue,
	cast: Cast,
	calendar: WorkingCalendar,
	act: (at: Date, actor: number, command: Command) => Promise<boolean>,
	current: () => Issue,
): Promise<void> {
	const hours = (from: Date, h: number) => calendar.addWorkingHours(from, h);
	const note = (list: readonly string[]) => list[item.note % list.length] ?? "";
	let at = item.at;
	if (first.leadDepartmentId === null) {
		at = hours(at, 0.5);
		const dispatched = await act(at, cast.officeStaffOf(first.officeId), {
			type: "dispatch",
			departmentId: cast.transferTarget(first),
		});
		if (!dispatched) return;
	}
	const lead = () => current().leadDepartmentId ?? 0;
	if (item.fate === "transferred") {
		at = hours(at, item.acceptHours / 2);
		const sent = await act(at, cast.officialOf(lead()), {
			type: "transfer",
			departmentId: cast.transferTarget(current()),
			reason: "该事项不属于本单位职责，转交主管单位办理",
		});
		if (!sent) return;
	}
	const official = cast.officialOf(lead());
	at = hours(at, item.acceptHours);
	if (!(await act(at, official, { type: "accept" }))) return;
	const accepted = at;
	const due = current().dueAt ?? calendar.addWorkingDays(accepted, 5);
	at = hours(accepted, 3);
	if (
		at < due &&
		!(await act(at, official, { type: "progress", note: note(PROGRESS_NOTES) }))
	)
		return;
	if (item.fate === "open_late" || item.fate === "in_progress") return;
	let deadline = due;
	if (item.fate === "extended") {
		at = calendar.addWorkingDays(accepted, 1);
		if (
			!(await act(at, official, {
				type: "request_extension",
				workingDays: 5,
				reason: "需要跨部门协调，申请延期五个工作日",
			}))
		)
			return;
		at = hours(at, 2);
		if (
			!(await act(at, cast.officeStaffOf(current().officeId), {
				type: "approve_extension",
				note: "同意延期，请按新期限办结",
			}))
		)
			return;
		deadline = current().dueAt ?? due;
	}
	const late = item.fate === "late_rated";
	at = late
		? calendar.addWorkingDays(deadline, item.lateDays)
		: calendar.nextOfficeOpening(
				new Date(
					accepted.getTime() +
						item.resolveFraction * (deadline.getTime() - accepted.getTime()),
				),
			);
	if (!late && at >= deadline) at = new Date(deadline.getTime() - 600_000);
	if (
		!(await act(at, official, { type: "resolve", note: note(RESOLVE_NOTES) }))
	)
		return;
	if (item.fate === "auto_confirmed") return;
	const reporter = current().reporterPersonId ?? 0;
	at = hours(at, 2 + item.note * 2);
	if (!(await act(at, reporter, { type: "confirm" }))) return;
	const [plan, process, result] = item.scores;
	await act(new Date(at.getTime() + 60_000), reporter, {
		type: "rate",
		plan,
		process,
		result,
		comment: note(RATING_COMMENTS),
	});
}

/** The directory's people the history needs, read once. */
async function castOf(tx: Tx): Promise<Cast> {
	const everyone = await tx
		.select({
			id: people.id,
			roles: people.roles,
			departmentId: people.departmentId,
			officeId: people.officeId,
			enterpriseId: people.enterpriseId,
		})
		.from(people)
		.where(eq(people.active, true))
		.orderBy(asc(people.code));
	const responsible = await tx
		.select({ id: departments.id, code: departments.code })
		.from(departments)
		.where(eq(departments.kind, "department"))
		.orderBy(asc(departments.code));
	const officials = everyone.filter((p) => p.roles.includes("official"));
	const staff = everyone.filter((p) => p.roles.includes("office_staff"));
	const workGroups = await tx
		.select({
			id: groups.id,
			officeId: groups.officeId,
			conversationId: groups.conversationId,
		})
		.from(groups)
		.where(and(eq(groups.kind, "work"), isNotNull(groups.conversationId)))
		.orderBy(asc(groups.code));
	const firms = await tx
		.select({ id: enterprises.id, officeId: enterprises.officeId })
		.from(enterprises)
		.orderBy(asc(enterprises.code));
	const withDepartment = (id: number) =>
		officials.some((p) => p.departmentId === id);
	return {
		officialOf(departmentId) {
			const person = officials.find((p) => p.departmentId === departmentId);
			if (!person)
				throw new Error(
					`demo history: no official in department ${departmentId}`,
				);
			return person.id;
		},
		officeStaffOf(officeId) {
			const person = staff.find((p) => p.officeId === officeId) ?? staff[0];
			if (!person) throw new Error("demo history: no office staff");
			return person.id;
		},
		transferTarget(issue) {
			// The category's co-handler that has officials, else the next department in order.
			const candidates = responsible.filter(
				(d) => d.id !== issue.leadDepartmentId && withDepartment(d.id),
			);
			const target =
				candidates[(issue.id * 7) % Math.max(1, candidates.length)];
			if (!target) throw new Error("demo history: nowhere to transfer");
			return target.id;
		},
		enterprises: firms.flatMap((firm) => {
			const reporter = everyone.find((p) => p.enterpriseId === firm.id);
			if (!reporter) return [];
			const group = workGroups.find((g) => g.officeId === firm.officeId);
			return [
				{
					id: firm.id,
					officeId: firm.officeId,
					reporterId: reporter.id,
					group: group?.conversationId
						? { id: group.id, conversationId: group.conversationId }
						: null,
				},
			];
		}),
	};
}

/** What the history's steps wrote to the outbox went out back then: nothing of it is sent now. */
async function markSentBackThen(tx: Tx, issueIds: number[]): Promise<void> {
	if (issueIds.length === 0) return;
	await tx
		.update(outbox)
		.set({
			enqueuedAt: sql`${outbox.createdAt}`,
			sentAt: sql`${outbox.createdAt}`,
		})
		.where(and(inArray(outbox.issueId, issueIds), isNull(outbox.sentAt)));
	await tx
		.update(heldNotifications)
		.set({ releasedAt: sql`${heldNotifications.releaseAt}` })
		.where(
			and(
				inArray(heldNotifications.issueId, issueIds),
				isNull(heldNotifications.releasedAt),
			),
		);
}
