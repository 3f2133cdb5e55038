/**
 * Who is told outside the thread, on the database and the real working calendar: supervisors of a
 * refusal (不能办), a refused return (驳回退单) and a "can do" review outcome — at once in office
 * hours, held for the morning digest at night; the enterprise's service specialist (暖企专员) of a
 * new issue; its 包保 leader when the issue goes red; and 一月一通报, the monthly status sent
 * privately to the enterprise's members once a month.
 */
import { and, eq, like } from "drizzle-orm";
import { expect, it } from "vitest";
import {
	deliverEventNotices,
	tellSpecialist,
} from "../../../bot/escalation/event-notices.ts";
import { sendMonthlyReports } from "../../../bot/escalation/monthly-report.ts";
import { runWakeUp } from "../../../bot/escalation/run-wake-up.ts";
import type { Db } from "../../../db/client.ts";
import { enterprises } from "../../../db/schema/directory.ts";
import { heldNotifications } from "../../../db/schema/escalation.ts";
import { outbox } from "../../../db/schema/pipeline.ts";
import { createWorkingCalendar } from "../../../workflows/calendar/working-calendar.ts";
import { calendarSettingsSchema } from "../../../workflows/deadlines/policy-schema.ts";
import { DEFAULT_ESCALATION_POLICY } from "../../../workflows/escalation/default-policy.ts";
import { planWakeUp } from "../../../workflows/escalation/plan-wake-up.ts";
import { applyCommand } from "../../../workflows/issues/apply-command.ts";
import { createIssue } from "../../../workflows/issues/create-issue.ts";
import type { Command } from "../../../workflows/lifecycle/commands.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	type EscalationDirectory,
	issueRow,
	seedEscalationDirectory,
} from "../../support/escalation-fixtures.ts";

const calendar = createWorkingCalendar(calendarSettingsSchema.parse({}));
const sh = (local: string) => new Date(`${local}+08:00`);
const context = { calendar, policy: DEFAULT_ESCALATION_POLICY };

async function newIssue(db: Db, dir: EscalationDirectory, at: Date) {
	return db.transaction(async (tx) => {
		const issue = await createIssue(tx, {
			sourceChannel: "playground",
			sourceConversationId: dir.room,
			sourceMessageId: `m-${Math.random()}`,
			title: "厂区频繁停电",
			body: "最近一周厂区停电三次",
			enterpriseId: dir.acme.id,
			reporterPersonId: dir.people.owner.id,
			officeId: dir.office.id,
			categoryCode: "power",
			urgency: "normal",
			leadDepartmentId: dir.power.id,
			policy: {
				clockStartsAt: "acceptance",
				limit: { acceptWorkingHours: 4, resolveWorkingDays: 5 },
			},
			now: at,
			calendar,
		});
		await planWakeUp(tx, issue.id, at, context);
		return issue;
	});
}

async function act(
	db: Db,
	issueId: number,
	actor: number,
	command: Command,
	now: Date,
) {
	return db.transaction(async (tx) => {
		const result = await applyCommand(tx, {
			issueId,
			command,
			actorPersonId: actor,
			now,
			calendar,
		});
		if (!result.ok) throw new Error(result.refusal.code);
		await deliverEventNotices(
			{ db: tx, issue: result.issue, calendar, locale: "zh-CN", now },
			result.event,
		);
		if (result.effects.some((e) => e.type === "replan_timers"))
			await planWakeUp(tx, issueId, now, context);
		return result;
	});
}

async function directTexts(db: Db, issueId: number, conversationId: string) {
	const rows = await db
		.select({ message: outbox.message })
		.from(outbox)
		.where(
			and(
				eq(outbox.issueId, issueId),
				eq(outbox.conversationId, conversationId),
			),
		);
	return rows.map((r) => (r.message as { text: string }).text);
}

async function heldFor(db: Db, issueId: number, personId: number) {
	return db
		.select({ line: heldNotifications.line, at: heldNotifications.releaseAt })
		.from(heldNotifications)
		.where(
			and(
				eq(heldNotifications.issueId, issueId),
				eq(heldNotifications.personId, personId),
			),
		);
}

describeEachDriver(
	"notices to supervisors and to the enterprise's own people",
	(database) => {
		let dir: EscalationDirectory;
		const directory = async () => {
			if (dir) return dir;
			const { db } = database();
			dir = await seedEscalationDirectory(db);
			// The office clerk is acme's service specialist; the district head its 包保 leader.
			await db
				.update(enterprises)
				.set({
					specialistPersonId: dir.people.officeStaff.id,
					baobaoLeaderPersonId: dir.head.id,
				})
				.where(eq(enterprises.id, dir.acme.id));
			return dir;
		};

		it("a refusal (不能办) reaches the supervisors by direct message in office hours", async () => {
			const { db } = database();
			const d = await directory();
			const issue = await newIssue(db, d, sh("2026-03-02T10:00"));
			await act(
				db,
				issue.id,
				d.people.powerOfficial.id,
				{ type: "refuse", reason: "超出本级权限" },
				sh("2026-03-02T11:00"),
			);
			const texts = await directTexts(db, issue.id, d.account("supervisor"));
			expect(texts).toHaveLength(1);
			expect(texts[0]).toContain("【说不】");
			expect(texts[0]).toContain("超出本级权限");
		});

		it("a refused return (驳回退单) at night is held for the supervisors' morning digest", async () => {
			const { db } = database();
			const d = await directory();
			const issue = await newIssue(db, d, sh("2026-03-02T10:00"));
			await act(
				db,
				issue.id,
				d.people.powerOfficial.id,
				{ type: "return", reason: "不属本单位职责" },
				sh("2026-03-02T11:00"),
			);
			await act(
				db,
				issue.id,
				d.people.officeStaff.id,
				{ type: "refuse_return", reason: "属该单位职责范围" },
				sh("2026-03-02T21:00"),
			);
			expect(await directTexts(db, issue.id, d.account("supervisor"))).toEqual(
				[],
			);
			const held = await heldFor(db, issue.id, d.supervisor.id);
			expect(held).toHaveLength(1);
			expect(held[0]?.line).toContain("【驳回退单】");
			expect(held[0]?.at).toEqual(sh("2026-03-03T09:00"));
		});

		it("a review that finds it can be done (能办) is reported to the supervisors; should-do is not", async () => {
			const { db } = database();
			const d = await directory();
			const issue = await newIssue(db, d, sh("2026-03-02T10:00"));
			await act(
				db,
				issue.id,
				d.people.powerOfficial.id,
				{ type: "refuse", reason: "无法办理" },
				sh("2026-03-02T10:30"),
			);
			await act(
				db,
				issue.id,
				d.supervisor.id,
				{
					type: "decide_review",
					outcome: "can_do",
					note: "具备条件",
					workingDays: 3,
				},
				sh("2026-03-03T10:00"),
			);
			const texts = await directTexts(db, issue.id, d.account("supervisor"));
			expect(texts.filter((t) => t.includes("【评议：能办】"))).toHaveLength(1);

			const other = await newIssue(db, d, sh("2026-03-02T10:00"));
			await act(
				db,
				other.id,
				d.people.powerOfficial.id,
				{ type: "refuse", reason: "无法办理" },
				sh("2026-03-02T10:30"),
			);
			await act(
				db,
				other.id,
				d.supervisor.id,
				{
					type: "decide_review",
					outcome: "should_do",
					note: "应当办理",
					workingDays: 3,
				},
				sh("2026-03-03T10:00"),
			);
			expect(
				(await directTexts(db, other.id, d.account("supervisor"))).filter((t) =>
					t.includes("【评议"),
				),
			).toEqual([]);
		});

		it("the service specialist is told of a new issue of the enterprise", async () => {
			const { db } = database();
			const d = await directory();
			const issue = await newIssue(db, d, sh("2026-03-02T10:00"));
			await tellSpecialist({
				db,
				issue,
				calendar,
				locale: "zh-CN",
				now: sh("2026-03-02T10:00"),
			});
			const texts = await directTexts(db, issue.id, d.account("desk"));
			expect(texts.filter((t) => t.includes("【企业诉求】"))).toHaveLength(1);
		});

		it("the 包保 leader is told by direct message when the issue goes red", async () => {
			const { db } = database();
			const d = await directory();
			const issue = await newIssue(db, d, sh("2026-03-02T10:00"));
			await act(
				db,
				issue.id,
				d.people.powerOfficial.id,
				{ type: "accept" },
				sh("2026-03-02T10:00"),
			);
			const row = await issueRow(db, issue.id);
			await runWakeUp(
				db,
				{ issueId: issue.id, generation: row.wakeGeneration },
				{ now: sh("2026-03-10T10:00"), locale: "zh-CN", context },
			);
			expect((await issueRow(db, issue.id)).colour).toBe("red");
			const texts = await directTexts(db, issue.id, d.account("head"));
			expect(
				texts.filter((t) => t.includes("【红色预警】您包保的企业")),
			).toHaveLength(1);
		});

		it("一月一通报: on the month's first working morning each enterprise member gets the status privately, once", async () => {
			const { db } = database();
			const d = await directory();
			await newIssue(db, d, sh("2026-02-20T10:00"));
			expect(
				await sendMonthlyReports(db, {
					now: sh("2026-03-02T08:30"),
					calendar,
					locale: "zh-CN",
				}),
			).toBe(0);
			expect(
				await sendMonthlyReports(db, {
					now: sh("2026-03-02T09:30"),
					calendar,
					locale: "zh-CN",
				}),
			).toBeGreaterThanOrEqual(1);
			expect(
				await sendMonthlyReports(db, {
					now: sh("2026-03-02T10:30"),
					calendar,
					locale: "zh-CN",
				}),
			).toBe(0);
			const sent = await db
				.select({
					conversationId: outbox.conversationId,
					message: outbox.message,
				})
				.from(outbox)
				.where(like(outbox.dedupeKey, `monthly-${d.acme.id}-2026-03-%`));
			expect(sent.map((r) => r.conversationId)).toEqual([d.account("owner")]);
			const text = (sent[0]?.message as { text?: string } | undefined)?.text;
			expect(text).toContain("【2026-03 问题办理月报】");
			expect(text).toContain("厂区频繁停电");
			expect(text).toContain("此消息仅发给贵企业");
		});
	},
);
