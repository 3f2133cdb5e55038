/**
 * The ranking of an ended period is kept (ranking_snapshots) and read back instead of recomputed.
 * After a mix of lifecycle changes dated inside the period — accepted, progress, resolved,
 * transferred, rated, a rating undone — and some dated after it, the ranking served equals one
 * recomputed from scratch: the triggers of migrations 0018 and 0028 (a deleted rating) drop the
 * snapshot in the same transaction as a change that could alter it, and keep it through changes
 * that cannot.
 */
import { and, eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Db } from "../../../db/client.ts";
import { departments, people } from "../../../db/schema/directory.ts";
import {
	issues,
	rankingSnapshots,
	ratings,
} from "../../../db/schema/issues.ts";
import { applyCommand } from "../../../workflows/issues/apply-command.ts";
import type { Command } from "../../../workflows/lifecycle/commands.ts";
import { parsePeriod } from "../../../workflows/reports/period.ts";
import { departmentRanking } from "../../../workflows/reports/ranking.ts";
import { describeEachDriver } from "../../support/databases.ts";
import { calendar } from "../../support/lifecycle-fixtures.ts";
import {
	at,
	importDemoDirectory,
	MARCH,
	seedIssues,
} from "../../support/reports-fixture.ts";

const APRIL = new Date("2026-04-05T02:00:00Z");
const march = parsePeriod("2026-03");
if (!march) throw new Error("2026-03 is a period");
const range = { from: march.from, to: march.to, now: APRIL };

describeEachDriver("kept rankings of ended periods", (database) => {
	it("equal a recomputation from scratch after lifecycle changes", async () => {
		const { db } = database();
		await importDemoDirectory(db as Db);
		await seedIssues(db, MARCH);
		const kept = async () => (await db.select().from(rankingSnapshots)).length;
		const served = () => departmentRanking(db, range);
		const fromScratch = async () => {
			await db.delete(rankingSnapshots);
			const ranking = await departmentRanking(db, range);
			return ranking;
		};

		const before = await served();
		expect(await kept()).toBe(1);
		expect(await served()).toEqual(before);

		const [power] = await db
			.select()
			.from(departments)
			.where(eq(departments.code, "power"));
		const [water] = await db
			.select()
			.from(departments)
			.where(eq(departments.code, "water"));
		if (!power || !water) throw new Error("no power or water department");
		const officials = await db
			.select()
			.from(people)
			.where(
				and(
					eq(people.departmentId, power.id),
					sql`'official' = any(${people.roles})`,
				),
			);
		const official = officials[0];
		if (!official) throw new Error("no power official");
		const act = async (number: string, command: Command, when: Date) => {
			const result = await applyCommand(db, {
				issueNumber: number,
				command,
				actorPersonId: official.id,
				now: when,
				calendar,
			});
			if (!result.ok)
				throw new Error(`${number} ${command.type}: ${JSON.stringify(result)}`);
		};

		// Inside March: progress and a resolution on the late issue; the figures move.
		await act(
			"2026-900003",
			{ type: "progress", note: "已完成一半" },
			at("03-20 10:00"),
		);
		expect(await kept()).toBe(0);
		await served();
		await act(
			"2026-900003",
			{ type: "resolve", note: "线路已更换" },
			at("03-24 10:00"),
		);
		const afterResolve = await served();
		expect(afterResolve.totals.resolved).toBeGreaterThan(
			before.totals.resolved,
		);
		expect(afterResolve).toEqual(await fromScratch());

		// A transfer inside March moves shares to another department.
		const [open] = await db
			.select()
			.from(issues)
			.where(
				and(
					eq(issues.leadDepartmentId, power.id),
					sql`${issues.state} in ('dispatched', 'accepted')`,
					sql`${issues.createdAt} >= ${march.from.toISOString()}`,
				),
			);
		if (open) {
			await served();
			await act(
				open.number,
				{ type: "transfer", departmentId: water.id, reason: "属供水" },
				at("03-26 09:00"),
			);
			expect(await kept()).toBe(0);
			expect(await served()).toEqual(await fromScratch());
		}

		// A rating dated in March, written straight to the table.
		await served();
		const [rated] = await db
			.select()
			.from(issues)
			.where(eq(issues.number, "2026-900004"));
		if (!rated) throw new Error("no 2026-900004");
		const [rating] = await db
			.insert(ratings)
			.values({
				issueId: rated.id,
				plan: 2,
				process: 2,
				result: 2,
				createdAt: at("03-28 09:00"),
			})
			.returning();
		expect(await kept()).toBe(0);
		const withRating = await served();
		expect(withRating).toEqual(await fromScratch());

		// The rating undone (bot/conversation/reply-undo.ts deletes it).
		await served();
		await db.delete(ratings).where(eq(ratings.id, rating?.id ?? -1));
		expect(await kept()).toBe(0);
		const undone = await served();
		expect(undone.totals.ratings).toBe(withRating.totals.ratings - 1);
		expect(undone).toEqual(await fromScratch());

		// After the period's end: nothing it counts changes, and the snapshot stays.
		const current = await served();
		await db.insert(ratings).values({
			issueId: rated.id,
			plan: 5,
			process: 5,
			result: 5,
			createdAt: APRIL,
		});
		await db
			.update(issues)
			.set({ colour: "red", updatedAt: APRIL })
			.where(eq(issues.id, rated.id));
		expect(await kept()).toBe(1);
		expect(await served()).toEqual(current);
		expect(current).toEqual(await fromScratch());
	});
});
