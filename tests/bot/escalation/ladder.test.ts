/**
 * The escalation ladder on real Redis and a real database, with a policy timed in seconds: every
 * step fires in order and exactly once; accepting, extending, transferring and resolving re-plan it.
 */

import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import type { Db } from "../../../db/client.ts";
import { issueEvents } from "../../../db/schema/issues.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	issueRow,
	messageCountsOf,
	messagesOf,
	raiseAndPlan,
	run,
	seedEscalationDirectory,
	startEngine,
	stepsOf,
} from "../../support/escalation-fixtures.ts";
import { forgetTestKeys } from "../../support/redis.ts";
import { waitFor } from "../../support/wait.ts";

afterAll(() => forgetTestKeys());

const has = (db: Db, issueId: number, step: string) => async () =>
	(await stepsOf(db, issueId)).includes(step);

describeEachDriver("the escalation ladder", (database) => {
	it("fires every step in order, each exactly once, from acceptance to the follow-up visit", async () => {
		const { db } = database();
		const dir = await seedEscalationDirectory(db);
		const engine = startEngine(db);
		onTestFinished(() => engine.close());
		const { issue, wakeUp } = await raiseAndPlan(db, engine, dir);
		// Arming twice, and a wake-up of an older generation, change nothing.
		await engine.wakeUps.arm(wakeUp);
		await engine.wakeUps.arm({
			...wakeUp,
			generation: wakeUp.generation - 1,
		});
		await waitFor(has(db, issue.id, "accept-office"), "the office to be told");
		await run(db, engine, issue.id, dir.people.powerOfficial.id, {
			type: "accept",
		});
		await waitFor(
			has(db, issue.id, "sanction-interview"),
			"the sanctions ladder",
		);
		expect((await issueRow(db, issue.id)).colour).toBe("red");
		await run(db, engine, issue.id, dir.people.powerOfficial.id, {
			type: "resolve",
			note: "已更换变压器",
		});
		await waitFor(has(db, issue.id, "followup-visit"), "the follow-up visit");

		expect(await stepsOf(db, issue.id)).toEqual([
			"accept-remind",
			"accept-office",
			"colour-yellow",
			"colour-orange",
			"colour-red",
			"sanction-notice",
			"sanction-briefing",
			"sanction-interview",
			"rating-remind",
			"rating-auto_confirm",
			"followup-visit",
		]);
		expect(await messageCountsOf(db, issue.id)).toEqual({
			"accept-remind": 1,
			"accept-office": 1,
			"colour-yellow": 1,
			"colour-orange": 2,
			"colour-red": 2,
			"sanction-notice": 2,
			"sanction-briefing": 1,
			"sanction-interview": 1,
			"rating-remind": 1,
			"rating-auto_confirm": 1,
			"followup-visit": 1,
		});
		const messages = await messagesOf(db, issue.id);
		const to = (step: string) =>
			messages
				.filter((m) => m.key.includes(`-${step}-`))
				.map((m) => m.conversationId);
		// Warnings reach the official who accepted, by direct message, not the enterprise's group.
		expect(to("colour-orange")).toEqual([
			dir.account("power1"),
			dir.account("leader"),
		]);
		expect(to("colour-red")).toEqual([
			dir.account("desk"),
			dir.account("supervisor"),
		]);
		expect(to("sanction-briefing")).toEqual([dir.leadersRoom]);
		expect(to("sanction-interview")).toEqual([dir.account("head")]);

		const final = await issueRow(db, issue.id);
		expect(final.state).toBe("done");
		expect(final.nextWakeAt).toBeNull();
		const events = await db
			.select()
			.from(issueEvents)
			.where(eq(issueEvents.issueId, issue.id));
		const auto = events.find((e) => e.kind === "auto_confirmed");
		expect(auto?.actorLabel).toBe("system");
		expect(auto?.toState).toBe("done");
	}, 60_000);

	it("accepting in time cancels the acceptance reminders; an approved extension moves the colours; resolving stops them", async () => {
		const { db } = database();
		const dir = await seedEscalationDirectory(db);
		const engine = startEngine(db);
		onTestFinished(() => engine.close());
		const { issue } = await raiseAndPlan(db, engine, dir);
		const official = dir.people.powerOfficial.id;
		await run(db, engine, issue.id, official, { type: "accept" });
		const accepted = await issueRow(db, issue.id);
		await run(db, engine, issue.id, official, {
			type: "request_extension",
			workingDays: 1,
			reason: "需要协调电网公司",
		});
		await run(db, engine, issue.id, dir.people.officeStaff.id, {
			type: "approve_extension",
		});
		const extended = await issueRow(db, issue.id);
		expect(extended.dueAt?.getTime()).toBeGreaterThan(
			accepted.dueAt?.getTime() ?? 0,
		);

		await waitFor(
			has(db, issue.id, "colour-yellow"),
			"yellow at 60 % of the extended time",
		);
		const [yellow] = await messagesOf(db, issue.id);
		expect(yellow?.key).toContain(extended.dueAt?.getTime().toString(36));
		await run(db, engine, issue.id, official, {
			type: "resolve",
			note: "已恢复供电",
		});
		await waitFor(
			has(db, issue.id, "rating-auto_confirm"),
			"auto-confirmation",
		);
		// Orange was due before auto-confirmation; resolving cancelled it, and acceptance never nagged.
		expect(await stepsOf(db, issue.id)).toEqual([
			"colour-yellow",
			"rating-remind",
			"rating-auto_confirm",
		]);
	}, 60_000);

	it("a transfer drops the old clock and starts the new department's acceptance ladder", async () => {
		const { db } = database();
		const dir = await seedEscalationDirectory(db);
		const engine = startEngine(db);
		onTestFinished(() => engine.close());
		const { issue } = await raiseAndPlan(db, engine, dir);
		await run(db, engine, issue.id, dir.people.powerOfficial.id, {
			type: "accept",
		});
		await run(db, engine, issue.id, dir.people.powerOfficial.id, {
			type: "transfer",
			departmentId: dir.water.id,
			reason: "属于供水问题",
		});
		await waitFor(
			has(db, issue.id, "accept-office"),
			"the new acceptance ladder",
		);
		expect(await stepsOf(db, issue.id)).toEqual([
			"accept-remind",
			"accept-office",
		]);
		const [remind] = await messagesOf(db, issue.id);
		if (!remind) throw new Error("no acceptance reminder");
		const { mentions } = remind.message as {
			mentions: Array<{ externalId: string }>;
		};
		expect(mentions.map((m) => m.externalId)).toEqual([dir.account("water1")]);
	}, 60_000);
});

describe("wake-up job ids", () => {
	it("carry the issue, the generation and the time, never a ':'", async () => {
		const { wakeJobId } = await import("../../../bot/escalation/wake-queue.ts");
		const id = wakeJobId({
			issueId: 42,
			generation: 3,
			at: new Date(1_700_000_000_000),
		});
		expect(id).toBe(`wake-42-g3-t${(1_700_000_000_000).toString(36)}`);
		expect(id).not.toContain(":");
	});
});
