import { eq, isNull, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { issueCoHandlers, issues } from "../../../db/schema/issues.ts";
import { createIssue } from "../../../workflows/issues/create-issue.ts";
import { loadActor } from "../../../workflows/issues/load-actor.ts";
import { getIssueTimeline } from "../../../workflows/issues/timeline.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	createPowerIssue,
	seedDirectory,
} from "../../support/issue-db-fixtures.ts";
import { calendar, NOW, POLICY } from "../../support/lifecycle-fixtures.ts";

describeEachDriver("creating issues", (database) => {
	it("with a known lead department: dispatched, numbered, co-handlers and events written", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const issue = await createPowerIssue(db, dir, NOW);
		expect(issue).toMatchObject({
			number: expect.stringMatching(/^2026-\d{6}$/),
			state: "dispatched",
			colour: "green",
			version: 1,
			leadDepartmentId: dir.power.id,
			dispatchedAt: NOW,
			acceptDueAt: calendar.addWorkingHours(NOW, 4),
			dueAt: null,
		});
		const co = await db
			.select()
			.from(issueCoHandlers)
			.where(eq(issueCoHandlers.issueId, issue.id));
		expect(co.map((c) => c.departmentId)).toEqual([dir.water.id]);
		const timeline = await getIssueTimeline(db, issue.id);
		expect(timeline.map((e) => [e.kind, e.fromState, e.toState])).toEqual([
			["created", null, "awaiting_dispatch"],
			["dispatched", "awaiting_dispatch", "dispatched"],
		]);
	});

	it("without a lead department: waits for the office", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const issue = await createPowerIssue(db, dir, NOW, {
			leadDepartmentId: null,
		});
		expect(issue).toMatchObject({
			state: "awaiting_dispatch",
			dispatchedAt: null,
			acceptDueAt: null,
		});
		expect((await getIssueTimeline(db, issue.id)).map((e) => e.kind)).toEqual([
			"created",
		]);
	});

	it("stores exactly the issue it returns, unset times as SQL nulls", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		for (const leadDepartmentId of [dir.power.id, null]) {
			const issue = await createPowerIssue(db, dir, NOW, { leadDepartmentId });
			const [stored] = await db
				.select()
				.from(issues)
				.where(eq(issues.id, issue.id));
			expect(stored).toEqual(issue);
			const [nulls] = await db
				.select({
					dispatchedAt: isNull(issues.dispatchedAt),
					dueAt: isNull(issues.dueAt),
					nextWakeAt: isNull(issues.nextWakeAt),
				})
				.from(issues)
				.where(eq(issues.id, issue.id));
			const dispatched = leadDepartmentId !== null;
			expect(nulls).toEqual({
				dispatchedAt: !dispatched,
				dueAt: true,
				nextWakeAt: true,
			});
		}
	});

	it("numbers follow each other within a Shanghai year and restart with the next", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const in2031 = new Date("2031-06-02T02:00:00Z");
		const first = await createPowerIssue(db, dir, in2031);
		const second = await createPowerIssue(db, dir, in2031);
		// 1 January 2032, 01:00 in Shanghai is still 31 December in UTC.
		const newYear = await createPowerIssue(
			db,
			dir,
			new Date("2031-12-31T17:00:00Z"),
		);
		expect([first.number, second.number, newYear.number]).toEqual([
			"2031-000001",
			"2031-000002",
			"2032-000001",
		]);
	});

	it("a year's millionth issue keeps all seven digits", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const in2041 = new Date("2041-05-06T02:00:00Z");
		expect((await createPowerIssue(db, dir, in2041)).number).toBe(
			"2041-000001",
		);
		await db.execute(
			sql`select setval('issue_number_seq', (select last_value from issue_number_seq) + 999998)`,
		);
		expect((await createPowerIssue(db, dir, in2041)).number).toBe(
			"2041-1000000",
		);
	});

	it("numbers stay unique and gapless when many issues are created at once", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const when = new Date("2033-03-01T02:00:00Z");
		const created = await Promise.all(
			Array.from({ length: 12 }, () => createPowerIssue(db, dir, when)),
		);
		const numbers = created.map((i) => i.number).sort();
		expect(numbers).toEqual(
			Array.from(
				{ length: 12 },
				(_, i) => `2033-${String(i + 1).padStart(6, "0")}`,
			),
		);
	});

	it("a failed creation leaves no issue and no event behind; later numbers stay unique", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const when = new Date("2034-03-01T02:00:00Z");
		// A co-handler that does not exist breaks the transaction after the issue row went in.
		await expect(
			db.transaction((tx) =>
				createIssue(tx, {
					sourceChannel: "visit",
					title: "用地审批",
					body: "厂房扩建用地审批进度",
					leadDepartmentId: dir.land.id,
					coDepartmentIds: [987_654],
					policy: POLICY,
					now: when,
					calendar,
				}),
			),
		).rejects.toThrow();
		const rows = await db.select({ number: issues.number }).from(issues);
		expect(rows.filter((r) => r.number.startsWith("2034-"))).toHaveLength(0);
		const next = await createPowerIssue(db, dir, when);
		const later = await createPowerIssue(db, dir, when);
		// The sequence is not transactional: a rolled-back creation may leave a gap, never a duplicate.
		expect(next.number).toMatch(/^2034-\d{6}$/);
		expect(Number(later.number.slice(5))).toBeGreaterThan(
			Number(next.number.slice(5)),
		);
	});
});

describeEachDriver("loading actors", (database) => {
	it("knows a person's roles, units and the departments they lead", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		expect(await loadActor(db, dir.people.leader.id)).toMatchObject({
			personId: dir.people.leader.id,
			label: "leader",
			roles: ["leader"],
			leaderOfDepartmentIds: [dir.power.id],
		});
		expect(await loadActor(db, dir.people.powerOfficial.id)).toMatchObject({
			roles: ["official"],
			departmentId: dir.power.id,
			leaderOfDepartmentIds: [],
		});
		expect(await loadActor(db, 999_999)).toBeNull();
	});
});
