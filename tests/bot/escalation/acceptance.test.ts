/**
 * The acceptance ladder (签收) on real Redis and a real database, with the default policy's steps
 * timed on a fast calendar: an issue nobody accepts climbs reminder → office → the leader in charge
 * (direct message) → the supervisors, turns yellow, orange, red, is on the overdue board and counts
 * as overdue. Passing the buck — a 退单 the office refuses — sends it to the review pool, whose own
 * reminders then reach the reviewers.
 */

import { afterAll, expect, it, onTestFinished } from "vitest";
import {
	createEscalationEngine,
	type EscalationEngine,
} from "../../../bot/escalation/engine.ts";
import { refusalText } from "../../../bot/texts/lifecycle.ts";
import type { Db } from "../../../db/client.ts";
import { DEFAULT_ESCALATION_POLICY } from "../../../workflows/escalation/default-policy.ts";
import { planWakeUp } from "../../../workflows/escalation/plan-wake-up.ts";
import type { EscalationPolicy } from "../../../workflows/escalation/policy-schema.ts";
import { applyCommand } from "../../../workflows/issues/apply-command.ts";
import type { Command } from "../../../workflows/lifecycle/commands.ts";
import { overdueBoard } from "../../../workflows/reports/overdue-board.ts";
import { departmentRanking } from "../../../workflows/reports/ranking.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	type EscalationDirectory,
	FAST_POLICY,
	fastCalendar,
	issueRow,
	messagesOf,
	raiseIssue,
	seedEscalationDirectory,
	stepsOf,
} from "../../support/escalation-fixtures.ts";
import { silentLog } from "../../support/pipeline.ts";
import {
	forgetTestKeys,
	randomPrefix,
	TEST_REDIS,
} from "../../support/redis.ts";
import { waitFor } from "../../support/wait.ts";

afterAll(() => forgetTestKeys());

/** The fast policy with the default acceptance ladder: due after 1 s, office 2 s, leader 5 s, supervisors 9 s. */
const POLICY: EscalationPolicy = {
	...FAST_POLICY,
	acceptance: DEFAULT_ESCALATION_POLICY.acceptance,
};
const CONTEXT = { calendar: fastCalendar, policy: POLICY };

function startEngine(db: Db): EscalationEngine {
	return createEscalationEngine({
		db,
		connection: TEST_REDIS,
		prefix: randomPrefix(),
		locale: "zh-CN",
		context: CONTEXT,
		sweepIntervalMs: 300,
		graceMs: 1500,
		watchdogIntervalMs: 1000,
		lateMs: 5000,
		log: silentLog,
	});
}

async function raise(
	db: Db,
	engine: EscalationEngine,
	dir: EscalationDirectory,
) {
	const now = new Date();
	const { issue, wakeUp } = await db.transaction(async (tx) => {
		const issue = await raiseIssue(tx, dir, now);
		return { issue, wakeUp: await planWakeUp(tx, issue.id, now, CONTEXT) };
	});
	if (wakeUp) await engine.wakeUps.arm(wakeUp);
	return issue;
}

async function run(
	db: Db,
	engine: EscalationEngine,
	issueId: number,
	actorPersonId: number,
	command: Command,
) {
	const now = new Date();
	const wakeUp = await db.transaction(async (tx) => {
		const result = await applyCommand(tx, {
			issueId,
			command,
			actorPersonId,
			now,
			calendar: fastCalendar,
		});
		if (!result.ok) throw new Error(refusalText("en", result.refusal));
		return planWakeUp(tx, issueId, now, CONTEXT);
	});
	if (wakeUp) await engine.wakeUps.arm(wakeUp);
}

const has = (db: Db, issueId: number, step: string) => async () =>
	(await stepsOf(db, issueId)).includes(step);

describeEachDriver("the acceptance ladder", (database) => {
	it("climbs from the reminder to the supervisors, colours the issue and puts it on the board and in the overdue count", async () => {
		const { db } = database();
		const dir = await seedEscalationDirectory(db);
		const engine = startEngine(db);
		onTestFinished(() => engine.close());
		const issue = await raise(db, engine, dir);
		expect(
			(await overdueBoard(db, new Date())).map((r) => r.issueId),
		).not.toContain(issue.id);

		await waitFor(has(db, issue.id, "accept-remind"), "the reminder");
		await waitFor(
			async () => (await issueRow(db, issue.id)).colour === "yellow",
			"yellow",
		);
		const late = (await overdueBoard(db, new Date())).find(
			(r) => r.issueId === issue.id,
		);
		expect(late?.acceptOverdueSince?.getTime()).toBe(
			issue.acceptDueAt?.getTime(),
		);

		await waitFor(
			has(db, issue.id, "accept-supervision"),
			"the supervisors to be told",
		);
		expect(await stepsOf(db, issue.id)).toEqual([
			"accept-remind",
			"accept-office",
			"accept-leader",
			"accept-supervision",
		]);
		expect((await issueRow(db, issue.id)).colour).toBe("red");
		const messages = await messagesOf(db, issue.id);
		const to = (step: string) =>
			messages
				.filter((m) => m.key.includes(`-accept-${step}-`))
				.map((m) => m.conversationId);
		// Reminders reach the officials and the office by direct message, not the enterprises' group.
		expect(to("remind").sort()).toEqual(
			[dir.account("power1"), dir.account("power2")].sort(),
		);
		expect(to("office")).toEqual([dir.account("desk")]);
		expect(to("leader")).toEqual([dir.account("leader")]);
		expect(to("supervision")).toEqual([dir.account("supervisor")]);
		const leaderText = messages.find((m) => m.key.includes("-accept-leader-"))
			?.message as { text: string };
		expect(leaderText.text).toContain("未签收");

		const now = new Date();
		const ranking = await departmentRanking(db, {
			from: new Date(now.getTime() - 3_600_000),
			to: new Date(now.getTime() + 3_600_000),
			now,
		});
		const power = ranking.departments.find(
			(d) => d.departmentId === dir.power.id,
		);
		expect(power?.overdue).toBe(1);

		// Accepted at last: the acceptance colour goes, the board lets it go, the count stays.
		await run(db, engine, issue.id, dir.people.powerOfficial.id, {
			type: "accept",
		});
		expect((await issueRow(db, issue.id)).colour).toBe("green");
		expect(
			(await overdueBoard(db, new Date())).map((r) => r.issueId),
		).not.toContain(issue.id);
		const after = await departmentRanking(db, {
			from: new Date(now.getTime() - 3_600_000),
			to: new Date(now.getTime() + 3_600_000),
			now: new Date(),
		});
		expect(
			after.departments.find((d) => d.departmentId === dir.power.id)?.overdue,
		).toBe(1);
	}, 60_000);

	it("accepting before the deadline takes no acceptance step and counts nothing overdue", async () => {
		const { db } = database();
		const dir = await seedEscalationDirectory(db);
		const engine = startEngine(db);
		onTestFinished(() => engine.close());
		const issue = await raise(db, engine, dir);
		await run(db, engine, issue.id, dir.people.powerOfficial.id, {
			type: "accept",
		});
		await new Promise((resolve) => setTimeout(resolve, 2500));
		expect(
			(await stepsOf(db, issue.id)).filter((s) => s.startsWith("accept-")),
		).toEqual([]);
		expect((await issueRow(db, issue.id)).colour).not.toBe("orange");
		const now = new Date();
		const ranking = await departmentRanking(db, {
			from: new Date(now.getTime() - 3_600_000),
			to: new Date(now.getTime() + 3_600_000),
			now,
		});
		expect(
			ranking.departments.find((d) => d.departmentId === dir.power.id)?.overdue,
		).toBe(0);
	}, 30_000);

	it("a 退单 the office refuses sends the issue back to the department, into the review pool, whose reminders reach the reviewers", async () => {
		const { db } = database();
		const dir = await seedEscalationDirectory(db);
		const engine = startEngine(db);
		onTestFinished(() => engine.close());
		const issue = await raise(db, engine, dir);
		await run(db, engine, issue.id, dir.people.powerOfficial.id, {
			type: "return",
			reason: "不属本单位职责",
		});
		expect((await issueRow(db, issue.id)).leadDepartmentId).toBeNull();
		await run(db, engine, issue.id, dir.people.officeStaff.id, {
			type: "refuse_return",
			reason: "供电线路属供电公司职责",
		});
		const reviewed = await issueRow(db, issue.id);
		expect(reviewed.state).toBe("under_review");
		expect(reviewed.leadDepartmentId).toBe(dir.power.id);
		await waitFor(has(db, issue.id, "review-remind"), "the review reminder");
		const reminder = (await messagesOf(db, issue.id)).filter((m) =>
			m.key.includes("-review-remind-"),
		);
		expect(reminder.map((m) => m.conversationId)).toEqual([dir.room]);

		// The review decides: the department should do it, with a fresh deadline.
		await run(db, engine, issue.id, dir.supervisor.id, {
			type: "decide_review",
			outcome: "should_do",
			note: "属供电公司职责",
			workingDays: 1,
		});
		const decided = await issueRow(db, issue.id);
		expect(decided.state).toBe("accepted");
		expect(decided.leadDepartmentId).toBe(dir.power.id);
	}, 30_000);

	it("the office cannot refuse a return that never happened", async () => {
		const { db } = database();
		const dir = await seedEscalationDirectory(db);
		const issue = await db.transaction((tx) => raiseIssue(tx, dir, new Date()));
		const result = await db.transaction((tx) =>
			applyCommand(tx, {
				issueId: issue.id,
				command: { type: "refuse_return", reason: "x" },
				actorPersonId: dir.people.officeStaff.id,
				now: new Date(),
				calendar: fastCalendar,
			}),
		);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.refusal.code).toBe("wrong_state");
	});
});
