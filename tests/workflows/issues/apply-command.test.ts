import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { refusalText } from "../../../bot/texts/lifecycle.ts";
import { issueCoHandlers, issues, ratings } from "../../../db/schema/issues.ts";
import {
	type ApplyCommandInput,
	applyCommand,
} from "../../../workflows/issues/apply-command.ts";
import { getIssueTimeline } from "../../../workflows/issues/timeline.ts";
import type { Command } from "../../../workflows/lifecycle/commands.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	createPowerIssue,
	seedDirectory,
} from "../../support/issue-db-fixtures.ts";
import { calendar, NOW } from "../../support/lifecycle-fixtures.ts";

const LATER = new Date("2026-03-02T03:00:00Z");

describeEachDriver("applying lifecycle commands", (database) => {
	async function setup() {
		const { db } = database();
		const dir = await seedDirectory(db);
		const issue = await createPowerIssue(db, dir, NOW);
		const apply = (
			command: Command,
			actorPersonId: number | null,
			extra: Partial<ApplyCommandInput> = {},
		) =>
			applyCommand(db, {
				issueId: issue.id,
				command,
				actorPersonId,
				now: LATER,
				calendar,
				...extra,
			} as ApplyCommandInput);
		const current = async () => {
			const [row] = await db
				.select()
				.from(issues)
				.where(eq(issues.id, issue.id));
			if (!row) throw new Error("issue vanished");
			return row;
		};
		return { db, dir, issue, apply, current };
	}

	it("writes the new state and its audit event together", async () => {
		const { db, dir, issue, apply } = await setup();
		const result = await apply({ type: "accept" }, dir.people.powerOfficial.id);
		if (!result.ok) throw new Error(refusalText("en", result.refusal));
		expect(result.issue).toMatchObject({
			state: "accepted",
			version: 2,
			wakeGeneration: 2,
			acceptedAt: LATER,
			dueAt: calendar.addWorkingDays(LATER, 5),
		});
		expect(result.event).toMatchObject({
			actorPersonId: dir.people.powerOfficial.id,
			actorLabel: "power1",
			kind: "accepted",
			fromState: "dispatched",
			toState: "accepted",
			version: 2,
			createdAt: LATER,
		});
		expect(result.effects).toContainEqual({ type: "replan_timers" });
		const timeline = await getIssueTimeline(db, issue.id);
		expect(timeline.map((e) => e.kind)).toEqual([
			"created",
			"dispatched",
			"accepted",
		]);
	});

	it("a refused command writes nothing, not even an event", async () => {
		const { db, dir, issue, apply, current } = await setup();
		const before = await current();
		const result = await apply({ type: "accept" }, dir.people.waterOfficial.id);
		expect(result.ok ? "ok" : result.refusal.code).toBe("not_permitted");
		expect(await current()).toEqual(before);
		expect(await getIssueTimeline(db, issue.id)).toHaveLength(2);
	});

	it("a failure half-way rolls the whole command back", async () => {
		const { db, dir, issue, apply, current } = await setup();
		const before = await current();
		// The department does not exist: the co-handler insert fails after the issue was updated.
		await expect(
			apply(
				{ type: "add_co_handler", departmentId: 987_654 },
				dir.people.officeStaff.id,
			),
		).rejects.toThrow();
		expect(await current()).toEqual(before);
		expect(await getIssueTimeline(db, issue.id)).toHaveLength(2);
	});

	it("two commands made against the same version: the second is stale", async () => {
		const { dir, apply, current } = await setup();
		const seen = (await current()).version;
		const accepted = await apply(
			{ type: "accept" },
			dir.people.powerOfficial.id,
			{ expectedVersion: seen },
		);
		expect(accepted.ok).toBe(true);
		const late = await apply(
			{ type: "return", reason: "不属本单位" },
			dir.people.powerOfficial2.id,
			{
				expectedVersion: seen,
			},
		);
		if (late.ok) throw new Error("a stale command went through");
		expect(late.refusal.code).toBe("stale_version");
		expect(refusalText("zh-CN", late.refusal)).toBe(
			"此问题刚被他人更新，请查看最新状态后再试",
		);
		expect((await current()).state).toBe("accepted");
	});

	it("two officials accepting at once: exactly one succeeds", async () => {
		const { db, dir, issue, apply } = await setup();
		const results = await Promise.all([
			apply({ type: "accept" }, dir.people.powerOfficial.id),
			apply({ type: "accept" }, dir.people.powerOfficial2.id),
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(
			results.filter((r) => !r.ok).map((r) => !r.ok && r.refusal.code),
		).toEqual(["wrong_state"]);
		const kinds = (await getIssueTimeline(db, issue.id)).map((e) => e.kind);
		expect(kinds.filter((k) => k === "accepted")).toHaveLength(1);
	});

	it("co-handler changes and transfers land in issue_co_handlers", async () => {
		const { db, dir, issue, apply } = await setup();
		const coOf = async () =>
			(
				await db
					.select()
					.from(issueCoHandlers)
					.where(eq(issueCoHandlers.issueId, issue.id))
			)
				.map((r) => r.departmentId)
				.sort();
		const added = await apply(
			{ type: "add_co_handler", departmentId: dir.land.id },
			dir.people.officeStaff.id,
		);
		expect(added.ok).toBe(true);
		expect(await coOf()).toEqual([dir.water.id, dir.land.id].sort());
		const moved = await apply(
			{ type: "transfer", departmentId: dir.water.id, reason: "属供水问题" },
			dir.people.powerOfficial.id,
		);
		if (!moved.ok) throw new Error(refusalText("en", moved.refusal));
		expect(moved.issue).toMatchObject({
			leadDepartmentId: dir.water.id,
			transferCount: 1,
		});
		expect(await coOf()).toEqual([dir.land.id]);
	});

	it("the enterprise's rating is stored, and a poor result reopens the issue", async () => {
		const { db, dir, issue, apply } = await setup();
		for (const [command, person] of [
			[{ type: "accept" }, dir.people.powerOfficial.id],
			[{ type: "resolve", note: "已更换变压器" }, dir.people.powerOfficial.id],
		] as const)
			expect((await apply(command, person)).ok).toBe(true);
		const rated = await apply(
			{ type: "rate", plan: 4, process: 3, result: 1, comment: "还在停电" },
			dir.people.owner.id,
		);
		if (!rated.ok) throw new Error(refusalText("en", rated.refusal));
		expect(rated.issue).toMatchObject({
			state: "reopened",
			tier: "office",
			reopenCount: 1,
		});
		const stored = await db
			.select()
			.from(ratings)
			.where(eq(ratings.issueId, issue.id));
		expect(stored).toMatchObject([
			{
				personId: dir.people.owner.id,
				plan: 4,
				process: 3,
				result: 1,
				comment: "还在停电",
			},
		]);
	});

	it("finds issues by number and says so when there is none", async () => {
		const { db, dir, issue } = await setup();
		const byNumber = await applyCommand(db, {
			issueNumber: issue.number,
			command: { type: "progress", note: "x" },
			actorPersonId: dir.people.powerOfficial.id,
			now: LATER,
			calendar,
		});
		expect(byNumber.ok ? "ok" : byNumber.refusal.code).toBe("wrong_state");
		const missing = await applyCommand(db, {
			issueNumber: "1999-000001",
			command: { type: "accept" },
			actorPersonId: dir.people.powerOfficial.id,
			now: LATER,
			calendar,
		});
		if (missing.ok) throw new Error("found an issue that does not exist");
		expect(missing.refusal).toMatchObject({
			code: "not_found",
			params: { ref: "1999-000001" },
		});
	});

	it("refuses people who are not in the directory; the system acts as an administrator", async () => {
		const { apply } = await setup();
		const stranger = await apply({ type: "close", reason: "x" }, 999_999);
		expect(stranger.ok ? "ok" : stranger.refusal.code).toBe("unknown_actor");
		const system = await apply(
			{ type: "raise_tier", reason: "超期未办" },
			null,
		);
		if (!system.ok) throw new Error(refusalText("en", system.refusal));
		expect(system.event).toMatchObject({
			actorPersonId: null,
			actorLabel: "system",
			kind: "tier_raised",
		});
	});

	it("inside a caller's transaction, its rollback undoes the command", async () => {
		const { db, dir, issue, current } = await setup();
		await expect(
			db.transaction(async (tx) => {
				const result = await applyCommand(tx, {
					issueId: issue.id,
					command: { type: "accept" },
					actorPersonId: dir.people.powerOfficial.id,
					now: LATER,
					calendar,
				});
				expect(result.ok).toBe(true);
				throw new Error("outbox write failed");
			}),
		).rejects.toThrow("outbox write failed");
		expect((await current()).state).toBe("dispatched");
		expect(await getIssueTimeline(db, issue.id)).toHaveLength(2);
	});
});
