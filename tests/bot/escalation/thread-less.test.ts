/**
 * Issues that came in through the intake API (12345 hotline, mini-program …) have no chat thread.
 * Their escalation steps still reach people: by direct message, or in the enterprise's group when the
 * API announced the issue there. A step that can reach no one is recorded as undeliverable — never
 * as a 催办 that was sent.
 */
import { randomBytes } from "node:crypto";
import { and, asc, eq, like } from "drizzle-orm";
import { expect, it } from "vitest";
import { runWakeUp } from "../../../bot/escalation/run-wake-up.ts";
import type { Db } from "../../../db/client.ts";
import { departments, groups } from "../../../db/schema/directory.ts";
import { issueEvents } from "../../../db/schema/issues.ts";
import { outbox } from "../../../db/schema/pipeline.ts";
import { createWorkingCalendar } from "../../../workflows/calendar/working-calendar.ts";
import { calendarSettingsSchema } from "../../../workflows/deadlines/policy-schema.ts";
import { planWakeUp } from "../../../workflows/escalation/plan-wake-up.ts";
import { parseEscalationPolicy } from "../../../workflows/escalation/resolve-policy.ts";
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
		{
			colour: "yellow",
			atFraction: 0.6,
			notify: [{ who: ["lead_officials"], text: "warn_colour" }],
		},
		{ colour: "orange", atFraction: 0.8, notify: [] },
		{ colour: "red", atFraction: 1, notify: [] },
	],
});
if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
const context = { calendar, policy: parsed.policy };
/** Yellow (60 % of 5 working days from Monday 10:00) falls on Thursday 15:06, in office hours. */
const YELLOW = sh("2026-03-05T15:06");

async function hotlineIssue(
	db: Db,
	dir: EscalationDirectory,
	fields: {
		leadDepartmentId: number;
		groupId?: number;
		conversation?: string;
		/** Accepted by a power official; otherwise left waiting for acceptance. */
		accepted?: boolean;
	},
) {
	const at = sh("2026-03-02T10:00");
	const issue = await db.transaction((tx) =>
		createIssue(tx, {
			sourceChannel: "hotline_12345",
			sourceConversationId: fields.conversation ?? null,
			groupId: fields.groupId ?? null,
			title: "厂区频繁停电",
			body: "最近一周厂区停电三次",
			enterpriseId: dir.acme.id,
			reporterPersonId: null,
			officeId: dir.office.id,
			categoryCode: "power",
			urgency: "normal",
			leadDepartmentId: fields.leadDepartmentId,
			policy: {
				clockStartsAt: "acceptance",
				limit: { acceptWorkingHours: 4, resolveWorkingDays: 5 },
			},
			now: at,
			calendar,
			actorLabel: "12345热线",
		}),
	);
	if (fields.accepted === false) {
		await db.transaction((tx) => planWakeUp(tx, issue.id, at, context));
		return issueRow(db, issue.id);
	}
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
	const row = await issueRow(db, issue.id);
	expect(row.nextWakeAt).toEqual(YELLOW);
	return row;
}

async function wakeAtYellow(
	db: Db,
	issue: { id: number; wakeGeneration: number; nextWakeAt: Date | null },
) {
	const outcome = await runWakeUp(
		db,
		{ issueId: issue.id, generation: issue.wakeGeneration },
		{
			now: issue.nextWakeAt ?? YELLOW,
			locale: "zh-CN",
			context,
			platforms: ["playground"],
		},
	);
	expect(outcome.status === "ran" && outcome.steps.length).toBe(1);
}

const escalationRows = (db: Db, issueId: number) =>
	db
		.select()
		.from(outbox)
		.where(and(eq(outbox.issueId, issueId), like(outbox.dedupeKey, "esc-%")))
		.orderBy(asc(outbox.id));

const stepEvents = (db: Db, issueId: number) =>
	db
		.select()
		.from(issueEvents)
		.where(eq(issueEvents.issueId, issueId))
		.orderBy(asc(issueEvents.id))
		.then((rows) => rows.filter((e) => e.actorLabel === "system"));

describeEachDriver(
	"escalation of an issue without a chat thread",
	(database) => {
		let dir: EscalationDirectory;
		const directory = async () => {
			dir ??= await seedEscalationDirectory(database().db);
			return dir;
		};

		it("a 12345 issue's reminder reaches the official who accepted it, by direct message", async () => {
			const { db } = database();
			const d = await directory();
			const issue = await hotlineIssue(db, d, { leadDepartmentId: d.power.id });
			await wakeAtYellow(db, issue);

			const rows = await escalationRows(db, issue.id);
			// Accepted by power1: the yellow warning is theirs, not their colleague's too.
			expect(rows.map((r) => r.conversationId).sort()).toEqual([
				d.account("power1"),
			]);
			for (const row of rows) {
				expect(row.platform).toBe("playground");
				expect((row.message as { text: string }).text).toContain(
					"「厂区频繁停电」",
				);
			}
			const events = await stepEvents(db, issue.id);
			expect(events.map((e) => e.kind)).toEqual(["escalated"]);
			expect(events[0]?.payload).toMatchObject({ delivered: 1 });
		});

		it("a 12345 issue announced in the enterprise's group is reminded in that group", async () => {
			const { db } = database();
			const d = await directory();
			const room = `acme-group-${randomBytes(4).toString("hex")}`;
			const [group] = await db
				.insert(groups)
				.values({
					code: room,
					name: "企业服务群",
					platform: "playground",
					conversationId: room,
				})
				.returning();
			if (!group) throw new Error("no group");
			const issue = await hotlineIssue(db, d, {
				leadDepartmentId: d.power.id,
				groupId: group.id,
				conversation: room,
			});
			await wakeAtYellow(db, issue);
			const rows = await escalationRows(db, issue.id);
			expect(rows.map((r) => r.conversationId)).toEqual([room]);
		});

		it("a step that can reach no one is recorded as undeliverable, not as sent", async () => {
			const { db } = database();
			const d = await directory();
			const [nobody] = await db
				.insert(departments)
				.values({
					code: `empty-${randomBytes(4).toString("hex")}`,
					name: "无人科",
				})
				.returning();
			if (!nobody) throw new Error("no department");
			// Not accepted (no one could): the acceptance reminder falls due.
			const issue = await hotlineIssue(db, d, {
				leadDepartmentId: nobody.id,
				accepted: false,
			});
			expect(issue.nextWakeAt).not.toBeNull();
			await wakeAtYellow(db, issue);

			expect(await escalationRows(db, issue.id)).toEqual([]);
			const events = await stepEvents(db, issue.id);
			expect(events.map((e) => e.kind)).toEqual(["escalation_undeliverable"]);
			expect(events[0]?.payload).toMatchObject({
				delivered: 0,
				unreached: ["lead_officials"],
			});
		});
	},
);
