import { randomBytes } from "node:crypto";
import { and, asc, eq, like } from "drizzle-orm";
import {
	createEscalationEngine,
	type EscalationEngine,
} from "../../bot/escalation/engine.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import {
	departments,
	groups,
	people,
	platformIdentities,
} from "../../db/schema/directory.ts";
import { escalationSteps, issues } from "../../db/schema/issues.ts";
import { outbox } from "../../db/schema/pipeline.ts";
import type { WorkingCalendar } from "../../workflows/calendar/types.ts";
import { planWakeUp } from "../../workflows/escalation/plan-wake-up.ts";
import { parseEscalationPolicy } from "../../workflows/escalation/resolve-policy.ts";
import { applyCommand } from "../../workflows/issues/apply-command.ts";
import { createIssue } from "../../workflows/issues/create-issue.ts";
import type { Command } from "../../workflows/lifecycle/commands.ts";
import { seedDirectory } from "./issue-db-fixtures.ts";
import { silentLog } from "./pipeline.ts";
import { randomPrefix, TEST_REDIS } from "./redis.ts";

/** Every instant is office time and a working hour lasts `hourMs` of real time (a working day is 8 hours). */
export function createFastCalendar(hourMs: number): WorkingCalendar {
	const dayMs = 8 * hourMs;
	return {
		localDate: (instant) =>
			new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10),
		isWorkingDay: () => true,
		isOfficeHours: () => true,
		nextOfficeOpening: (instant) => instant,
		addWorkingDays: (start, days) => new Date(start.getTime() + days * dayMs),
		addWorkingHours: (start, hours) =>
			new Date(start.getTime() + Math.round(hours * hourMs)),
		workingMinutesBetween: (from, to) =>
			(Math.max(0, to.getTime() - from.getTime()) / hourMs) * 60,
	};
}

export const HOUR_MS = 500;
export const fastCalendar = createFastCalendar(HOUR_MS);

/** The deadline snapshot: accept within 2 working hours (1 s), resolve within a day (4 s). */
export const FAST_DEADLINES = {
	clockStartsAt: "acceptance" as const,
	limit: { acceptWorkingHours: 2, resolveWorkingDays: 1 },
};

/** The default ladder with timings that fit the fast calendar. */
const parsed = parseEscalationPolicy({
	acceptance: [
		{
			key: "remind",
			afterWorkingHours: 0,
			notify: [{ who: ["lead_officials"], text: "accept_overdue" }],
		},
		{
			key: "office",
			afterWorkingHours: 2,
			notify: [{ who: ["office"], text: "accept_overdue_office" }],
		},
	],
	sanctions: {
		everyWorkingHours: 2,
		steps: [
			{
				key: "notice",
				notify: [
					{ who: ["lead_officials"], text: "sanction_notice" },
					{ who: ["leader"], where: "direct", text: "sanction_notice_leader" },
				],
			},
			{
				key: "briefing",
				notify: [
					{
						who: ["supervisors"],
						where: "leaders_group",
						text: "sanction_briefing",
					},
				],
			},
			{
				key: "interview",
				notify: [
					{
						who: ["district_head"],
						where: "direct",
						text: "sanction_interview",
					},
				],
			},
		],
	},
	rating: [
		{
			key: "remind",
			afterWorkingHours: 1,
			notify: [{ who: ["enterprise"], text: "rating_reminder" }],
		},
		{
			key: "auto_confirm",
			afterWorkingHours: 4,
			action: "auto_confirm",
			notify: [
				{ who: ["enterprise", "lead_officials"], text: "auto_confirmed" },
			],
		},
	],
	followUp: [
		{
			key: "visit",
			afterDays: 2 / 86_400,
			notify: [{ who: ["enterprise"], text: "followup_visit" }],
		},
	],
	review: [
		{
			key: "remind",
			afterWorkingHours: 2,
			notify: [{ who: ["reviewers"], text: "review_waiting" }],
		},
	],
});
if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
export const FAST_POLICY = parsed.policy;
export const FAST_CONTEXT = { calendar: fastCalendar, policy: FAST_POLICY };

/** The seedDirectory people plus accounts on the playground, a supervisor, a district head and a leaders' group. */
export async function seedEscalationDirectory(db: Db) {
	const dir = await seedDirectory(db);
	const tag = randomBytes(4).toString("hex");
	const [supervisor] = await db
		.insert(people)
		.values({ code: `sup-${tag}`, name: "督查员", roles: ["supervisor"] })
		.returning();
	const [head] = await db
		.insert(people)
		.values({ code: `head-${tag}`, name: "区长", roles: ["leader"] })
		.returning();
	if (!supervisor || !head) throw new Error("seed failed");
	await db.insert(departments).values({
		code: `gov-${tag}`,
		name: "区政府",
		kind: "government",
		headPersonId: head.id,
	});
	const accounts = {
		owner: dir.people.owner.id,
		power1: dir.people.powerOfficial.id,
		power2: dir.people.powerOfficial2.id,
		water1: dir.people.waterOfficial.id,
		desk: dir.people.officeStaff.id,
		leader: dir.people.leader.id,
		supervisor: supervisor.id,
		head: head.id,
	};
	await db.insert(platformIdentities).values(
		Object.entries(accounts).map(([name, personId]) => ({
			platform: "playground" as const,
			externalId: `${name}-${tag}`,
			personId,
		})),
	);
	const leadersRoom = `leaders-${tag}`;
	await db.insert(groups).values({
		code: `leaders-${tag}`,
		name: "领导群",
		kind: "leaders",
		platform: "playground",
		conversationId: leadersRoom,
	});
	const account = (name: keyof typeof accounts) => `${name}-${tag}`;
	return {
		...dir,
		supervisor,
		head,
		account,
		leadersRoom,
		room: `room-${tag}`,
	};
}
export type EscalationDirectory = Awaited<
	ReturnType<typeof seedEscalationDirectory>
>;

/** A power issue raised in the playground room, dispatched now (not yet planned). */
export function raiseIssue(
	tx: DbOrTx,
	dir: EscalationDirectory,
	now: Date,
	fields: {
		urgency?: "normal" | "urgent" | "complex";
		categoryCode?: string;
	} = {},
) {
	return createIssue(tx, {
		sourceChannel: "playground",
		sourceConversationId: dir.room,
		sourceMessageId: `m-${randomBytes(5).toString("hex")}`,
		title: "厂区频繁停电",
		body: "最近一周厂区停电三次",
		enterpriseId: dir.acme.id,
		reporterPersonId: dir.people.owner.id,
		officeId: dir.office.id,
		categoryCode: fields.categoryCode ?? "power",
		urgency: fields.urgency ?? "normal",
		leadDepartmentId: dir.power.id,
		policy: FAST_DEADLINES,
		now,
		calendar: fastCalendar,
	});
}

export function startEngine(db: Db, connection = TEST_REDIS): EscalationEngine {
	return createEscalationEngine({
		db,
		connection,
		prefix: randomPrefix(),
		locale: "zh-CN",
		context: FAST_CONTEXT,
		sweepIntervalMs: 300,
		graceMs: 1500,
		watchdogIntervalMs: 1000,
		lateMs: 5000,
		log: silentLog,
	});
}

/** Raises an issue and plans it, as intake does; arms its first wake-up. */
export async function raiseAndPlan(
	db: Db,
	engine: EscalationEngine,
	dir: EscalationDirectory,
) {
	const now = new Date();
	const { issue, wakeUp } = await db.transaction(async (tx) => {
		const issue = await raiseIssue(tx, dir, now);
		return { issue, wakeUp: await planWakeUp(tx, issue.id, now, FAST_CONTEXT) };
	});
	if (!wakeUp) throw new Error("nothing planned for a new issue");
	await engine.wakeUps.arm(wakeUp);
	return { issue, wakeUp };
}

/** Runs a lifecycle command and re-plans in its transaction, then arms after commit (as commands.ts does). */
export async function run(
	db: Db,
	engine: EscalationEngine,
	issueId: number,
	actorPersonId: number,
	command: Command,
	now = new Date(),
) {
	const wakeUp = await db.transaction(async (tx) => {
		const result = await applyCommand(tx, {
			issueId,
			command,
			actorPersonId,
			now,
			calendar: fastCalendar,
		});
		if (!result.ok) throw new Error(JSON.stringify(result.refusal.params));
		return result.effects.some((e) => e.type === "replan_timers")
			? planWakeUp(tx, issueId, now, FAST_CONTEXT)
			: null;
	});
	if (wakeUp) await engine.wakeUps.arm(wakeUp);
}

/** The step keys taken for an issue, in the order they were taken, without their anchor token. */
export async function stepsOf(db: Db, issueId: number): Promise<string[]> {
	const rows = await db
		.select({ key: escalationSteps.stepKey })
		.from(escalationSteps)
		.where(eq(escalationSteps.issueId, issueId))
		.orderBy(asc(escalationSteps.doneAt), asc(escalationSteps.stepKey));
	return rows.map((row) => row.key.replace(/-[0-9a-z]+$/, ""));
}

/** Escalation messages of an issue: dedupe key → conversation. */
export async function messagesOf(db: Db, issueId: number) {
	return db
		.select({
			key: outbox.dedupeKey,
			conversationId: outbox.conversationId,
			message: outbox.message,
		})
		.from(outbox)
		.where(and(eq(outbox.issueId, issueId), like(outbox.dedupeKey, "esc-%")))
		.orderBy(asc(outbox.id));
}

/** How many messages each step produced (keyed by step without its anchor). */
export async function messageCountsOf(db: Db, issueId: number) {
	const counts: Record<string, number> = {};
	for (const row of await messagesOf(db, issueId)) {
		const step = row.key
			.replace(`esc-${issueId}-`, "")
			.replace(/-[0-9a-z]+-\d+(-p\d+)?$/, "");
		counts[step] = (counts[step] ?? 0) + 1;
	}
	return counts;
}

export async function issueRow(db: Db, issueId: number) {
	const [row] = await db.select().from(issues).where(eq(issues.id, issueId));
	if (!row) throw new Error(`no issue ${issueId}`);
	return row;
}

export {
	type PrivateRedis,
	startPrivateRedis,
} from "./private-redis.ts";
