/** Audit events written by insertIssueEvents: every row, in order, nulls as SQL nulls. */
import { expect, it } from "vitest";
import { insertIssueEvents } from "../../../workflows/issues/insert-events.ts";
import { getIssueTimeline } from "../../../workflows/issues/timeline.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	createPowerIssue,
	seedDirectory,
} from "../../support/issue-db-fixtures.ts";
import { NOW } from "../../support/lifecycle-fixtures.ts";

describeEachDriver("inserting audit events", (database) => {
	it("writes one, two or three events in the order given, with their actors and payloads", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const issue = await createPowerIssue(db, dir, NOW);
		const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
		const event = (n: number, actorPersonId: number | null) => ({
			issueId: issue.id,
			actorPersonId,
			actorLabel: actorPersonId === null ? "system" : "施磊",
			kind: `note_${n}`,
			toState: issue.state,
			version: issue.version,
			payload: { n, text: `第${n}条`, nested: { list: [n, n + 1] } },
			createdAt: at(n),
		});
		const batches = [
			[event(1, dir.people.owner.id)],
			[event(2, null), event(3, dir.people.owner.id)],
			[event(4, null), event(5, null), event(6, dir.people.owner.id)],
		];
		for (const batch of batches)
			await db.transaction((tx) => insertIssueEvents(tx, batch));

		const written = (await getIssueTimeline(db, issue.id)).filter((e) =>
			e.kind.startsWith("note_"),
		);
		expect(
			written.map((e) => ({
				issueId: e.issueId,
				actorPersonId: e.actorPersonId,
				actorLabel: e.actorLabel,
				kind: e.kind,
				fromState: e.fromState,
				toState: e.toState,
				version: e.version,
				payload: e.payload,
				createdAt: e.createdAt,
			})),
		).toEqual(batches.flat().map((e) => ({ ...e, fromState: null })));
	});

	it("writes nothing for no events", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const issue = await createPowerIssue(db, dir, NOW);
		const before = await getIssueTimeline(db, issue.id);
		await insertIssueEvents(db, []);
		expect(await getIssueTimeline(db, issue.id)).toEqual(before);
	});
});
