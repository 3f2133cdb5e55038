/**
 * Plans and milestones (钱塘区 标的物) end to end on the database and the real working calendar, with
 * time travel through `runWakeUp(now)`: the plan written, rated (方案满意度) and updated through
 * applyCommand with its audit events; a missed milestone escalating — the department the next
 * working morning, the leader in charge two working days later — and a reached one escalating no
 * more; 半月一更新 asking the department after 15 days without a progress note.
 */
import { and, asc, eq, like } from "drizzle-orm";
import { expect, it } from "vitest";
import { runWakeUp } from "../../../bot/escalation/run-wake-up.ts";
import { refusalText } from "../../../bot/texts/lifecycle.ts";
import { toPublicRows } from "../../../bot/web/board/public-rows.ts";
import { loadDesk } from "../../../bot/web/console/desk-page.ts";
import { loadViewer } from "../../../bot/web/console/viewer.ts";
import type { Db } from "../../../db/client.ts";
import { heldNotifications } from "../../../db/schema/escalation.ts";
import { issueEvents } from "../../../db/schema/issues.ts";
import { outbox } from "../../../db/schema/pipeline.ts";
import { issuePlans, planMilestones } from "../../../db/schema/plans.ts";
import { createWorkingCalendar } from "../../../workflows/calendar/working-calendar.ts";
import { calendarSettingsSchema } from "../../../workflows/deadlines/policy-schema.ts";
import { DEFAULT_ESCALATION_POLICY } from "../../../workflows/escalation/default-policy.ts";
import { planWakeUp } from "../../../workflows/escalation/plan-wake-up.ts";
import { applyCommand } from "../../../workflows/issues/apply-command.ts";
import { createIssue } from "../../../workflows/issues/create-issue.ts";
import type { Command } from "../../../workflows/lifecycle/commands.ts";
import { overdueBoard } from "../../../workflows/reports/overdue-board.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	type EscalationDirectory,
	issueRow,
	seedEscalationDirectory,
} from "../../support/escalation-fixtures.ts";

const calendar = createWorkingCalendar(calendarSettingsSchema.parse({}));
const sh = (local: string) => new Date(`${local}+08:00`);
const context = { calendar, policy: DEFAULT_ESCALATION_POLICY };

/** A complex issue accepted on Monday 2 March 2026 at 10:00, allowed 15 working days. */
async function complexIssue(db: Db, dir: EscalationDirectory) {
	const at = sh("2026-03-02T10:00");
	const issue = await db.transaction((tx) =>
		createIssue(tx, {
			sourceChannel: "playground",
			sourceConversationId: dir.room,
			sourceMessageId: `m-${Math.random()}`,
			title: "新厂区需要双回路供电",
			body: "新厂区投产需要双回路供电，涉及线路走廊用地",
			enterpriseId: dir.acme.id,
			reporterPersonId: dir.people.owner.id,
			officeId: dir.office.id,
			categoryCode: "power",
			urgency: "complex",
			leadDepartmentId: dir.power.id,
			policy: {
				clockStartsAt: "acceptance",
				limit: { acceptWorkingHours: 8, resolveWorkingDays: 15 },
			},
			now: at,
			calendar,
		}),
	);
	await command(
		db,
		issue.id,
		dir.people.powerOfficial.id,
		{ type: "accept" },
		at,
	);
	return issue;
}

async function command(
	db: Db,
	issueId: number,
	actorPersonId: number,
	cmd: Command,
	now: Date,
) {
	return db.transaction(async (tx) => {
		const result = await applyCommand(tx, {
			issueId,
			command: cmd,
			actorPersonId,
			now,
			calendar,
		});
		if (!result.ok) throw new Error(refusalText("en", result.refusal));
		if (result.effects.some((e) => e.type === "replan_timers"))
			await planWakeUp(tx, issueId, now, context);
		return result;
	});
}

const PLAN: Command = {
	type: "set_plan",
	measures: "新建 10kV 专线，协调线路走廊用地",
	units: ["供电公司", "自然资源局"],
	milestones: [
		{ title: "完成线路勘察", due: "2026-03-04" },
		{ title: "完成线路施工", due: "3月20日", unit: "供电公司" },
	],
};

async function wake(db: Db, issueId: number, now: Date) {
	const issue = await issueRow(db, issueId);
	const outcome = await runWakeUp(
		db,
		{ issueId, generation: issue.wakeGeneration },
		{ now, locale: "zh-CN", context },
	);
	return outcome.status === "ran"
		? outcome.steps.map((s) => s.replace(/-[0-9a-z]+$/, ""))
		: [];
}

async function textsTo(db: Db, issueId: number, conversationId: string) {
	const sent = await db
		.select({ message: outbox.message })
		.from(outbox)
		.where(
			and(
				eq(outbox.issueId, issueId),
				eq(outbox.conversationId, conversationId),
			),
		)
		.orderBy(asc(outbox.id));
	return sent.map((row) => (row.message as { text: string }).text);
}

describeEachDriver("plans and milestones", (database) => {
	let dir: EscalationDirectory;
	const directory = async () => {
		dir ??= await seedEscalationDirectory(database().db);
		return dir;
	};

	it("the lead department writes the plan, the enterprise rates it, an update keeps the milestone reached; each an audit event", async () => {
		const { db } = database();
		const d = await directory();
		const issue = await complexIssue(db, d);
		const set = await command(
			db,
			issue.id,
			d.people.powerOfficial.id,
			PLAN,
			sh("2026-03-02T11:00"),
		);
		expect(set.event).toMatchObject({
			kind: "plan_set",
			actorPersonId: d.people.powerOfficial.id,
			payload: {
				revision: 1,
				units: ["供电公司", "自然资源局"],
				milestones: [
					{
						position: 1,
						title: "完成线路勘察",
						unit: null,
						dueAt: sh("2026-03-05T00:00").toISOString(),
					},
					{
						position: 2,
						title: "完成线路施工",
						unit: "供电公司",
						dueAt: sh("2026-03-21T00:00").toISOString(),
					},
				],
			},
		});
		await command(
			db,
			issue.id,
			d.people.owner.id,
			{ type: "rate_plan", score: 4 },
			sh("2026-03-02T15:00"),
		);
		const [rated] = await db
			.select()
			.from(issuePlans)
			.where(eq(issuePlans.issueId, issue.id));
		expect(rated).toMatchObject({
			satisfaction: 4,
			ratedByPersonId: d.people.owner.id,
			revision: 1,
		});

		await command(
			db,
			issue.id,
			d.people.powerOfficial.id,
			{ type: "complete_milestone", position: 1, note: "勘察报告已出" },
			sh("2026-03-04T16:00"),
		);
		await command(
			db,
			issue.id,
			d.people.officeStaff.id,
			{
				...PLAN,
				milestones: [
					{ title: "完成用地协调", due: "2026-03-10" },
					{ title: "完成线路施工", due: "2026-03-27" },
				],
			} as Command,
			sh("2026-03-05T10:00"),
		);
		const milestones = await db
			.select({
				position: planMilestones.position,
				title: planMilestones.title,
				done: planMilestones.doneAt,
			})
			.from(planMilestones)
			.where(eq(planMilestones.issueId, issue.id))
			.orderBy(asc(planMilestones.position));
		expect(milestones).toEqual([
			{ position: 1, title: "完成线路勘察", done: sh("2026-03-04T16:00") },
			{ position: 2, title: "完成用地协调", done: null },
			{ position: 3, title: "完成线路施工", done: null },
		]);
		const [updated] = await db
			.select()
			.from(issuePlans)
			.where(eq(issuePlans.issueId, issue.id));
		// A new plan is rated afresh; the first rating stays in the audit log.
		expect(updated).toMatchObject({ revision: 2, satisfaction: null });
		const events = await db
			.select({ kind: issueEvents.kind, actor: issueEvents.actorPersonId })
			.from(issueEvents)
			.where(eq(issueEvents.issueId, issue.id))
			.orderBy(asc(issueEvents.id));
		expect(events.map((e) => e.kind)).toEqual([
			"created",
			"dispatched",
			"accepted",
			"plan_set",
			"plan_rated",
			"milestone_done",
			"plan_updated",
		]);
		expect(events.at(-1)?.actor).toBe(d.people.officeStaff.id);
	});

	it("refuses a plan with a past date, a second completion, a rating out of range and a milestone of no plan", async () => {
		const { db } = database();
		const d = await directory();
		const issue = await complexIssue(db, d);
		const refusal = async (actor: number, cmd: Command) => {
			const result = await applyCommand(db, {
				issueId: issue.id,
				command: cmd,
				actorPersonId: actor,
				now: sh("2026-03-02T11:00"),
				calendar,
			});
			return result.ok ? null : refusalText("zh-CN", result.refusal);
		};
		expect(
			await refusal(d.people.powerOfficial.id, {
				type: "complete_milestone",
				position: 1,
			}),
		).toMatch(/还没有办理方案/);
		expect(
			await refusal(d.people.powerOfficial.id, {
				...PLAN,
				milestones: [{ title: "勘察", due: "2026-02-27" }],
			} as Command),
		).toMatch(/2026-02-27/);
		expect(await refusal(d.people.owner.id, PLAN)).toMatch(/只有/);
		await command(
			db,
			issue.id,
			d.people.powerOfficial.id,
			PLAN,
			sh("2026-03-02T11:00"),
		);
		expect(
			await refusal(d.people.owner.id, { type: "rate_plan", score: 6 }),
		).toMatch(/1 到 5/);
		expect(
			await refusal(d.people.powerOfficial.id, {
				type: "complete_milestone",
				position: 3,
			}),
		).toMatch(/没有第 3 个节点/);
	});

	it("a missed milestone reminds the department the next working morning and the leader two working days on; reached, it stops", async () => {
		const { db } = database();
		const d = await directory();
		const issue = await complexIssue(db, d);
		await command(
			db,
			issue.id,
			d.people.powerOfficial.id,
			PLAN,
			sh("2026-03-02T11:00"),
		);
		// Milestone 1 is due Wednesday 4 March: late from Thursday's office opening.
		expect((await issueRow(db, issue.id)).nextWakeAt).toEqual(
			sh("2026-03-05T09:00"),
		);
		expect(await wake(db, issue.id, sh("2026-03-05T09:00"))).toEqual([
			"milestone-1-remind",
		]);
		const thread = await textsTo(db, issue.id, d.room);
		expect(thread.at(-1)).toContain("节点 1「完成线路勘察」应于 3月4日 完成");
		expect(thread.at(-1)).toContain("#");

		// Close of office on the second working day after: Monday 9 March (held for the leader till morning).
		expect((await issueRow(db, issue.id)).nextWakeAt).toEqual(
			sh("2026-03-09T17:30"),
		);
		expect(await wake(db, issue.id, sh("2026-03-09T17:30"))).toEqual([
			"milestone-1-leader",
		]);
		const held = await db
			.select({
				personId: heldNotifications.personId,
				line: heldNotifications.line,
			})
			.from(heldNotifications)
			.where(eq(heldNotifications.issueId, issue.id));
		const direct = await textsTo(db, issue.id, d.account("leader"));
		const toLeader = [
			...held
				.filter((h) => h.personId === d.people.leader.id)
				.map((h) => h.line),
			...direct,
		];
		expect(toLeader.join("\n")).toContain("【节点逾期】");

		await command(
			db,
			issue.id,
			d.people.powerOfficial.id,
			{ type: "complete_milestone", position: 1 },
			sh("2026-03-10T09:00"),
		);
		const steps = await wake(db, issue.id, sh("2026-03-16T17:30"));
		expect(steps.filter((s) => s.startsWith("milestone-1"))).toEqual([]);
	});

	it("半月一更新: 15 days without a progress note, the department is asked; a note starts the half month again", async () => {
		const { db } = database();
		const d = await directory();
		const issue = await complexIssue(db, d);
		const taken = await wake(db, issue.id, sh("2026-03-17T10:00"));
		expect(taken.some((step) => step.startsWith("progress-"))).toBe(true);
		// The official who accepted is asked directly, not in front of the enterprise's group.
		const direct = await textsTo(db, issue.id, d.account("power1"));
		expect(direct.some((t) => t.includes("半月一更新"))).toBe(true);
		const thread = await textsTo(db, issue.id, d.room);
		expect(thread.some((t) => t.includes("半月一更新"))).toBe(false);
		await command(
			db,
			issue.id,
			d.people.powerOfficial.id,
			{ type: "progress", note: "线路设计已完成" },
			sh("2026-03-18T09:00"),
		);
		await planWakeUp(db, issue.id, sh("2026-03-18T09:00"), context);
		const progressSteps = await db
			.select({ key: outbox.dedupeKey })
			.from(outbox)
			.where(
				and(
					eq(outbox.issueId, issue.id),
					like(outbox.dedupeKey, "esc-%-progress-%"),
				),
			);
		expect(progressSteps.length).toBeGreaterThan(0);
		const afterNote = await wake(db, issue.id, sh("2026-03-30T10:00"));
		expect(afterNote.filter((s) => s.startsWith("progress"))).toEqual([]);
	});

	it("the supervisors' desk counts late milestones and issues without progress for half a month", async () => {
		const { db } = database();
		const d = await directory();
		const silent = await complexIssue(db, d);
		const planned = await complexIssue(db, d);
		await command(
			db,
			planned.id,
			d.people.powerOfficial.id,
			PLAN,
			sh("2026-03-02T11:00"),
		);
		const supervisor = await loadViewer(db, d.supervisor);
		const on = async (now: Date) => {
			const desk = await loadDesk(db, supervisor, now);
			const ids = (rows: Array<{ issue: { id: number } }>) =>
				rows
					.map((r) => r.issue.id)
					.filter((id) => id === silent.id || id === planned.id)
					.sort((a, b) => a - b);
			return {
				milestones: ids(desk.milestones_late),
				progress: ids(desk.progress_due),
			};
		};
		expect(await on(sh("2026-03-04T12:00"))).toEqual({
			milestones: [],
			progress: [],
		});
		expect(await on(sh("2026-03-05T10:00"))).toEqual({
			milestones: [planned.id],
			progress: [],
		});
		// The overdue board lists it too, with the milestone on the public row.
		const board = await overdueBoard(db, sh("2026-03-05T10:00"));
		const row = board.find((r) => r.issueId === planned.id);
		expect(row?.lateMilestone).toEqual({
			position: 1,
			title: "完成线路勘察",
			dueAt: sh("2026-03-05T00:00"),
		});
		expect(board.some((r) => r.issueId === silent.id)).toBe(false);
		const [publicRow] = toPublicRows(
			row ? [row] : [],
			"zh-CN",
			{ maskEnterprises: true, showLeaders: false },
			sh("2026-03-05T10:00"),
		);
		expect(publicRow?.deadline).toBe(
			"方案节点「完成线路勘察」应于3月4日完成，已逾期",
		);
		expect(await on(sh("2026-03-17T11:00"))).toEqual({
			milestones: [planned.id],
			progress: [silent.id, planned.id],
		});
		await command(
			db,
			silent.id,
			d.people.powerOfficial.id,
			{ type: "progress", note: "设计完成" },
			sh("2026-03-17T11:30"),
		);
		expect((await on(sh("2026-03-17T12:00"))).progress).toEqual([planned.id]);
	});
});
