/**
 * One wake-up against the database, on the real working calendar and a given `now`: quiet hours hold
 * leaders' pings for one morning digest per person; re-planning copies the policy; 复盘 gates closing.
 */
import { and, eq, like } from "drizzle-orm";
import { expect, it } from "vitest";
import { retrospectiveGate } from "../../../bot/escalation/conversation-hooks.ts";
import { releaseHeldNotifications } from "../../../bot/escalation/digest.ts";
import { runWakeUp } from "../../../bot/escalation/run-wake-up.ts";
import type { Db } from "../../../db/client.ts";
import { settings } from "../../../db/schema/directory.ts";
import {
	heldNotifications,
	retrospectives,
} from "../../../db/schema/escalation.ts";
import { outbox } from "../../../db/schema/pipeline.ts";
import { createWorkingCalendar } from "../../../workflows/calendar/working-calendar.ts";
import { calendarSettingsSchema } from "../../../workflows/deadlines/policy-schema.ts";
import { planWakeUp } from "../../../workflows/escalation/plan-wake-up.ts";
import {
	EscalationPolicyError,
	loadEscalationPolicy,
	parseEscalationPolicy,
} from "../../../workflows/escalation/resolve-policy.ts";
import { applyCommand } from "../../../workflows/issues/apply-command.ts";
import { createIssue } from "../../../workflows/issues/create-issue.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	type EscalationDirectory,
	issueRow,
	seedEscalationDirectory,
} from "../../support/escalation-fixtures.ts";

const calendar = createWorkingCalendar(calendarSettingsSchema.parse({}));
const sh = (local: string) => new Date(`${local}+08:00`);

const parsed = parseEscalationPolicy({
	colours: [
		{ colour: "yellow", atFraction: 0.6 },
		{
			colour: "orange",
			atFraction: 0.8,
			notify: [
				{ who: ["leader"], where: "direct", text: "warn_orange_leader" },
			],
		},
		{
			colour: "red",
			atFraction: 1,
			notify: [
				{ who: ["office"], text: "warn_red" },
				{
					who: ["leader", "supervisors"],
					where: "direct",
					text: "warn_red_supervisors",
				},
			],
		},
	],
});
if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
const POLICY = parsed.policy;
const context = { calendar, policy: POLICY };

/** An issue accepted on Monday 2 March 2026 at 10:00 with 5 working days: due Monday 9 March 17:30. */
async function acceptedIssue(
	db: Db,
	dir: EscalationDirectory,
	urgency: "normal" | "urgent" | "complex" = "normal",
) {
	const at = sh("2026-03-02T10:00");
	const issue = await db.transaction((tx) =>
		createIssue(tx, {
			sourceChannel: "playground",
			sourceConversationId: dir.room,
			sourceMessageId: `m-${Math.random()}`,
			title: "厂区频繁停电",
			body: "最近一周厂区停电三次",
			enterpriseId: dir.acme.id,
			reporterPersonId: dir.people.owner.id,
			officeId: dir.office.id,
			categoryCode: "power",
			urgency,
			leadDepartmentId: dir.power.id,
			policy: {
				clockStartsAt: "acceptance",
				limit: { acceptWorkingHours: 4, resolveWorkingDays: 5 },
			},
			now: at,
			calendar,
		}),
	);
	await db.transaction(async (tx) => {
		const result = await applyCommand(tx, {
			issueId: issue.id,
			command: { type: "accept" },
			actorPersonId: dir.people.powerOfficial.id,
			now: at,
			calendar,
		});
		if (!result.ok) throw new Error(result.refusal.code);
		await planWakeUp(tx, issue.id, at, context);
	});
	return issueRow(db, issue.id);
}

describeEachDriver("a wake-up on the working calendar", (database) => {
	let dir: EscalationDirectory;
	const directory = async () => {
		dir ??= await seedEscalationDirectory(database().db);
		return dir;
	};

	it("planning copies the policy onto the issue and writes when to wake it", async () => {
		const { db } = database();
		const issue = await acceptedIssue(db, await directory());
		const policy = issue.policy as { escalation?: unknown; limit?: unknown };
		expect(policy.escalation).toEqual(POLICY);
		expect(policy.limit).toEqual({
			acceptWorkingHours: 4,
			resolveWorkingDays: 5,
		});
		expect(issue.nextWakeAt).toEqual(sh("2026-03-05T15:06"));
	});

	it("at close of office the leader's and supervisors' pings are held, then released as one digest each", async () => {
		const { db } = database();
		const d = await directory();
		const issue = await acceptedIssue(db, d);
		const outcome = await runWakeUp(
			db,
			{ issueId: issue.id, generation: issue.wakeGeneration },
			{ now: sh("2026-03-09T17:30"), locale: "zh-CN", context },
		);
		expect(outcome.status === "ran" && outcome.steps.length).toBe(3);
		const after = await issueRow(db, issue.id);
		expect(after.colour).toBe("red");
		expect(after.nextWakeAt).toEqual(sh("2026-03-11T10:00"));

		const held = await db
			.select()
			.from(heldNotifications)
			.where(eq(heldNotifications.issueId, issue.id))
			.orderBy(heldNotifications.id);
		expect(held.map((h) => [h.personId, h.releaseAt])).toEqual([
			[d.people.leader.id, sh("2026-03-10T09:00")],
			[d.people.leader.id, sh("2026-03-10T09:00")],
			[d.supervisor.id, sh("2026-03-10T09:00")],
		]);
		// Not held: yellow to the official who accepted (directly) and the fallback desk's red went out at once.
		const thread = await db
			.select()
			.from(outbox)
			.where(
				and(eq(outbox.issueId, issue.id), like(outbox.dedupeKey, "esc-%")),
			);
		expect(thread.map((row) => row.conversationId)).toEqual([
			d.account("power1"),
			d.room,
		]);

		expect(
			await releaseHeldNotifications(db, sh("2026-03-10T08:59"), "zh-CN"),
		).toBe(0);
		expect(
			await releaseHeldNotifications(db, sh("2026-03-10T09:00"), "zh-CN"),
		).toBe(2);
		expect(
			await releaseHeldNotifications(db, sh("2026-03-10T09:01"), "zh-CN"),
		).toBe(0);
		const digests = await db
			.select()
			.from(outbox)
			.where(like(outbox.dedupeKey, "digest-%"));
		const toLeader = digests.filter(
			(row) => row.conversationId === d.account("leader"),
		);
		expect(toLeader).toHaveLength(1);
		const text = (toLeader[0]?.message as { text?: string } | undefined)?.text;
		expect(text).toContain("待阅提醒 2 条");
		expect(text).toContain(`1. 【橙色预警】您分管的`);
		expect(text).toContain(`2. 【超期】`);
		expect(
			digests.filter((row) => row.conversationId === d.account("supervisor")),
		).toHaveLength(1);
	});

	it("an urgent issue reaches the leader at night at once", async () => {
		const { db } = database();
		const d = await directory();
		const issue = await acceptedIssue(db, d, "urgent");
		await runWakeUp(
			db,
			{ issueId: issue.id, generation: issue.wakeGeneration },
			{ now: sh("2026-03-09T23:00"), locale: "zh-CN", context },
		);
		const held = await db
			.select()
			.from(heldNotifications)
			.where(eq(heldNotifications.issueId, issue.id));
		expect(held).toHaveLength(0);
		const direct = await db
			.select()
			.from(outbox)
			.where(
				and(
					eq(outbox.issueId, issue.id),
					eq(outbox.conversationId, d.account("leader")),
				),
			);
		expect(direct).toHaveLength(2);
	});

	it("a wake-up of an old generation does nothing", async () => {
		const { db } = database();
		const issue = await acceptedIssue(db, await directory());
		const outcome = await runWakeUp(
			db,
			{ issueId: issue.id, generation: issue.wakeGeneration - 1 },
			{ now: sh("2026-03-09T17:30"), locale: "zh-CN", context },
		);
		expect(outcome.status).toBe("stale");
		expect((await issueRow(db, issue.id)).colour).toBe("green");
	});

	it("a complex issue cannot be resolved without a retrospective; one in the note is recorded and lets it through", async () => {
		const { db } = database();
		const d = await directory();
		const issue = await acceptedIssue(db, d, "complex");
		expect(issue.retrospectiveRequired).toBe(true);
		const gate = (note: string) =>
			db.transaction((tx) =>
				retrospectiveGate(tx, {
					issue,
					command: { type: "resolve", note },
					author: { personId: d.people.powerOfficial.id, label: "power1" },
					locale: "zh-CN",
					now: sh("2026-03-03T10:00"),
				}),
			);
		expect(await gate("已更换线路")).toContain("需要复盘");
		expect(
			await gate("已更换线路 复盘：线路老化，已排查全区同类线路"),
		).toBeNull();
		const notes = await db
			.select()
			.from(retrospectives)
			.where(eq(retrospectives.issueId, issue.id));
		expect(notes.map((n) => n.note)).toEqual(["线路老化，已排查全区同类线路"]);
		expect(await gate("已更换线路")).toBeNull();
	});

	it("an invalid escalation section is refused with what to fix", async () => {
		const { db } = database();
		await db
			.insert(settings)
			.values({
				key: "escalation",
				value: { colours: [{ colour: "blue", atFraction: 0.5 }] },
			})
			.onConflictDoUpdate({
				target: settings.key,
				set: { value: { colours: [{ colour: "blue", atFraction: 0.5 }] } },
			});
		await expect(loadEscalationPolicy(db)).rejects.toThrow(
			EscalationPolicyError,
		);
		await db.delete(settings).where(eq(settings.key, "escalation"));
		expect((await loadEscalationPolicy(db)).colours).toHaveLength(3);
	});
});
