/**
 * The lobby board a page at a time (workflows/reports/overdue-board-page.ts): walking the pages shows
 * every late row exactly once, in the board's order — equal deadlines, deadlines a microsecond apart,
 * red issues without a deadline last — even when issues become late between two pages; the count is
 * the full board's length; a cursor the board did not write is refused.
 */
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { DbOrTx } from "../../../db/client.ts";
import { overdueBoard } from "../../../workflows/reports/overdue-board.ts";
import {
	type BoardCursor,
	decodeBoardCursor,
	encodeBoardCursor,
	overdueBoardCount,
	overdueBoardPage,
} from "../../../workflows/reports/overdue-board-page.ts";
import { describeEachDriver } from "../../support/databases.ts";

const NOW = new Date("2026-12-06T08:00:00.000Z");
const SAME_DUE = "2026-11-20T09:30:00.000Z";

async function issue(
	db: DbOrTx,
	number: string,
	fields: { state?: string; due?: string | null; colour?: string },
) {
	await db.execute(sql`insert into issues (number, source_channel, title, body, state, policy, due_at, colour)
		values (${number}, 'wechat', '排水不畅', '厂区积水', ${fields.state ?? "accepted"}, '{}',
			${fields.due ?? null}::timestamptz, ${fields.colour ?? "yellow"})`);
}

describeEachDriver("the board a page at a time", (database) => {
	it("shows every late row once, in order, across pages and inserts between them", async () => {
		const { db } = database();
		await db.execute(sql`insert into issues (number, source_channel, title, body, state, policy, due_at)
			select 'F-' || i, 'wechat', '咨询', '一般性咨询', 'closed', '{}', ${NOW}::timestamptz - make_interval(days => i)
			from generate_series(1, 500) as i`);
		for (let i = 0; i < 25; i++)
			await issue(db, `SAME-${i}`, { due: SAME_DUE });
		// A microsecond apart: a JavaScript Date would make them equal.
		for (let i = 0; i < 12; i++)
			await db.execute(sql`insert into issues (number, source_channel, title, body, state, policy, due_at, colour)
				values (${`MICRO-${i}`}, 'wechat', '停电', '跳闸', 'dispatched', '{}',
					${SAME_DUE}::timestamptz + make_interval(secs => ${(12 - i) / 1_000_000}), 'orange')`);
		for (let i = 0; i < 4; i++)
			await issue(db, `RED-${i}`, { due: null, colour: "red" });
		await issue(db, `EARLIER-${0}`, { due: "2026-10-01T09:30:00.000Z" });
		// Red before its deadline: on the board, after the late ones.
		await issue(db, "RED-AHEAD", {
			due: "2026-12-24T09:30:00.000Z",
			colour: "red",
		});
		// Not on the board: in time, or closed.
		await issue(db, "IN-TIME", {
			due: "2026-12-20T09:30:00.000Z",
			colour: "green",
		});
		await issue(db, "CLOSED-LATE", {
			state: "closed",
			due: "2026-10-01T09:30:00.000Z",
		});

		const before = (await overdueBoard(db, NOW)).map((r) => r.number);
		expect(before).toHaveLength(25 + 12 + 4 + 1 + 1);
		expect(await overdueBoardCount(db, NOW)).toBe(before.length);

		const seen: string[] = [];
		let after: BoardCursor | null = null;
		let pages = 0;
		do {
			const page = await overdueBoardPage(db, NOW, { after, limit: 2 });
			seen.push(...page.rows.map((r) => r.number));
			after = page.next;
			pages++;
			if (pages === 2) {
				// Late since the first page: one before the screen's place (the next round shows it),
				// one after it, one red without a deadline.
				await issue(db, "NEW-EARLY", { due: "2026-09-01T09:30:00.000Z" });
				await issue(db, "NEW-LATE", { due: "2026-12-01T09:30:00.000Z" });
				await issue(db, "NEW-RED", { due: null, colour: "red" });
			}
		} while (after && pages < 100);

		const full = (await overdueBoard(db, NOW)).map((r) => r.number);
		expect(new Set(seen).size).toBe(seen.length);
		expect(seen).toEqual(full.filter((n) => n !== "NEW-EARLY"));
		expect(seen.indexOf("NEW-LATE")).toBeGreaterThan(0);
		expect(seen.at(-1)).toBe("NEW-RED");
		expect(await overdueBoardCount(db, NOW)).toBe(full.length);
		// The microsecond-apart deadlines in their own order (MICRO-11 is due first).
		const micro = seen.filter((n) => n.startsWith("MICRO-"));
		expect(micro).toEqual([...Array(12).keys()].map((i) => `MICRO-${11 - i}`));
	});
});

it("round-trips its cursors and refuses others", () => {
	for (const cursor of [
		{ dueKey: "1795685400000001", issueId: 42 },
		{ dueKey: null, issueId: 7 },
		{ dueKey: "-1000", issueId: 2_147_483_647 },
	])
		expect(decodeBoardCursor(encodeBoardCursor(cursor))).toEqual(cursor);
	for (const text of [
		"",
		"abc",
		Buffer.from("1;drop table issues~1").toString("base64url"),
		Buffer.from("1~0").toString("base64url"),
		Buffer.from("1~99999999999").toString("base64url"),
		"x".repeat(300),
	])
		expect(decodeBoardCursor(text)).toBeNull();
});
