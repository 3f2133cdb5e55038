/**
 * Colour warnings to the lead department's officials are direct messages by default (never the
 * enterprises' group); when the directory names the department's internal group (a group of kind
 * `department`), they go there instead, once, with the officials mentioned.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { deliverStep } from "../../../bot/escalation/deliver.ts";
import { groups } from "../../../db/schema/directory.ts";
import { outbox } from "../../../db/schema/pipeline.ts";
import { DEFAULT_ESCALATION_POLICY } from "../../../workflows/escalation/default-policy.ts";
import type { PlannedStep } from "../../../workflows/escalation/plan.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	type EscalationDirectory,
	fastCalendar,
	raiseIssue,
	seedEscalationDirectory,
} from "../../support/escalation-fixtures.ts";

const yellow = (at: Date): PlannedStep => ({
	key: `colour-yellow-${randomBytes(3).toString("hex")}`,
	at,
	part: "colour",
	notify: DEFAULT_ESCALATION_POLICY.colours[0]?.notify ?? [],
	colour: { name: "yellow", level: "yellow", atFraction: 0.6 },
});

describeEachDriver("where a colour warning goes", (database) => {
	let dir: EscalationDirectory;
	beforeAll(async () => {
		dir = await seedEscalationDirectory(database().db);
	});

	const warn = async () => {
		const { db } = database();
		const now = new Date();
		return db.transaction(async (tx) => {
			const issue = await raiseIssue(tx, dir, now);
			await deliverStep(
				{
					db: tx,
					issue,
					escalation: DEFAULT_ESCALATION_POLICY,
					calendar: fastCalendar,
					now,
					locale: "zh-CN",
				},
				yellow(now),
			);
			return tx
				.select({
					conversationId: outbox.conversationId,
					message: outbox.message,
				})
				.from(outbox)
				.where(eq(outbox.issueId, issue.id));
		});
	};

	it("to each official of the lead department by direct message, not to the group", async () => {
		const sent = await warn();
		expect(sent.map((m) => m.conversationId).sort()).toEqual(
			[dir.account("power1"), dir.account("power2")].sort(),
		);
		expect(sent.some((m) => m.conversationId === dir.room)).toBe(false);
	});

	it("to the department's internal group when the directory names one", async () => {
		const internal = `power-internal-${randomBytes(3).toString("hex")}`;
		await database().db.insert(groups).values({
			code: internal,
			name: "供电公司内部群",
			kind: "department",
			departmentId: dir.power.id,
			platform: "playground",
			conversationId: internal,
		});
		const sent = await warn();
		expect(sent.map((m) => m.conversationId)).toEqual([internal]);
		const message = sent[0]?.message as
			| { mentions: Array<{ externalId: string }> }
			| undefined;
		const mentions = (message?.mentions ?? []).map((m) => m.externalId);
		expect(mentions.sort()).toEqual(
			[dir.account("power1"), dir.account("power2")].sort(),
		);
	});
});
