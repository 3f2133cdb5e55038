/**
 * The follow-up acknowledgement throttle lives in Postgres, not in a process: each transaction (of
 * another worker, or of a restarted process) sees the last acknowledgement; two workers handling
 * follow-ups of one issue at the same moment acknowledge once; after 30 minutes the next follow-up
 * is acknowledged again; a rolled-back message leaves no trace.
 */
import { beforeAll, expect, it } from "vitest";
import {
	claimFollowUpAcknowledgement,
	FOLLOW_UP_ACK_WINDOW_MS,
} from "../../../bot/conversation/acknowledgement-throttle.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	createPowerIssue,
	seedDirectory,
} from "../../support/issue-db-fixtures.ts";

describeEachDriver(
	"follow-up acknowledgements once per 30 minutes",
	(database) => {
		let issueId: number;
		const start = new Date("2026-11-24T02:00:00Z");
		const at = (minutes: number) =>
			new Date(start.getTime() + minutes * 60_000);

		beforeAll(async () => {
			const dir = await seedDirectory(database().db);
			issueId = (await createPowerIssue(database().db, dir, start)).id;
		});

		it("acknowledges the first follow-up and stays quiet for the next 30 minutes", async () => {
			const { db } = database();
			const claim = (minutes: number) =>
				db.transaction((tx) =>
					claimFollowUpAcknowledgement(tx, issueId, at(minutes)),
				);
			expect(await claim(0)).toBe(true);
			expect(await claim(1)).toBe(false);
			expect(await claim(29)).toBe(false);
			expect(await claim(FOLLOW_UP_ACK_WINDOW_MS / 60_000)).toBe(true);
			expect(await claim(31)).toBe(false);
		});

		it("a message that rolls back does not use up the acknowledgement", async () => {
			const { db } = database();
			await db
				.transaction(async (tx) => {
					expect(await claimFollowUpAcknowledgement(tx, issueId, at(100))).toBe(
						true,
					);
					throw new Error("the message failed");
				})
				.catch(() => {});
			expect(
				await db.transaction((tx) =>
					claimFollowUpAcknowledgement(tx, issueId, at(100)),
				),
			).toBe(true);
		});

		it("two workers at the same moment acknowledge once", async () => {
			const { db } = database();
			const results = await Promise.all(
				[0, 1, 2, 3].map(() =>
					db.transaction(async (tx) => {
						const claimed = await claimFollowUpAcknowledgement(
							tx,
							issueId,
							at(200),
						);
						// Hold the transaction open a little, as a worker handling the rest of its message does.
						await new Promise((resolve) => setTimeout(resolve, 50));
						return claimed;
					}),
				),
			);
			expect(results.filter(Boolean)).toHaveLength(1);
		});
	},
);
