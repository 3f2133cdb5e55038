import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { issueEvents, issues } from "../../db/schema/index.ts";
import { describeEachDriver } from "../support/databases.ts";

const appendOnlyRefusal = {
	cause: { message: expect.stringMatching(/append-only/) },
};

describeEachDriver("the audit log", (database) => {
	it("keeps every event: updates, deletes and truncation are refused by the database", async () => {
		const { db } = database();
		const [issue] = await db
			.insert(issues)
			.values({
				number: "2026-000001",
				sourceChannel: "visit",
				title: "t",
				body: "b",
				state: "awaiting_dispatch",
				policy: {},
			})
			.returning();
		if (!issue) throw new Error("no issue");
		await db.insert(issueEvents).values({
			issueId: issue.id,
			actorLabel: "system",
			kind: "created",
			version: 1,
		});

		await expect(
			db
				.update(issueEvents)
				.set({ kind: "edited" })
				.where(eq(issueEvents.issueId, issue.id)),
		).rejects.toMatchObject(appendOnlyRefusal);
		await expect(
			db.delete(issueEvents).where(eq(issueEvents.issueId, issue.id)),
		).rejects.toMatchObject(appendOnlyRefusal);
		await expect(
			db.execute(sql`truncate issue_events cascade`),
		).rejects.toMatchObject(appendOnlyRefusal);

		const rows = await db
			.select()
			.from(issueEvents)
			.where(eq(issueEvents.issueId, issue.id));
		expect(rows.map((r) => r.kind)).toEqual(["created"]);
	});
});
