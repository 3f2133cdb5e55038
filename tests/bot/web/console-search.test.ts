/**
 * The console's search in Chinese (bot/web/console/text-search.ts): the issues whose title or text
 * contains the query, the same as a plain substring test, now found through the bigram index — for
 * two-character words (which pg_trgm cannot index), longer phrases, one character, Latin letters in
 * any case, and the LIKE wildcards typed as text.
 */
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import {
	cursorOf,
	issueListView,
	LIST_LIMIT,
	listIssues,
} from "../../../bot/web/console/issue-list.ts";
import { textContains } from "../../../bot/web/console/text-search.ts";
import type { Viewer } from "../../../bot/web/console/viewer.ts";
import type { Person } from "../../../db/schema/directory.ts";
import { issues } from "../../../db/schema/issues.ts";
import { describeEachDriver } from "../../support/databases.ts";

const TEXTS: Array<[title: string, body: string]> = [
	["道路排水不畅", "厂区门口下雨积水，影响货车进出"],
	["变压器故障", "园区变压器老化，车间多次停电"],
	["停电", "排污管道堵塞后跳闸"],
	["排", "水"],
	["用工咨询", "想了解稳岗补贴 Policy 的申请条件"],
	["折扣100%", "申请 a_b 类资质"],
	["积水", "道路排水口被堵"],
	["水排", "排 水"],
];

const supervisor: Viewer = {
	person: { id: 1, roles: ["supervisor"] } as unknown as Person,
	leaderOf: [],
};

describeEachDriver("console search in Chinese", (database) => {
	it("finds exactly the issues containing the words, through the bigram index", async () => {
		const { db } = database();
		// Many filler issues so that the planner has a reason to use the index.
		await db.execute(sql`insert into issues (number, source_channel, title, body, state, policy, created_at)
			select 'F-' || i, 'wechat', '企业咨询第' || i || '号', '一般性咨询，无具体诉求', 'closed', '{}',
				now() - make_interval(mins => i)
			from generate_series(1, 3000) as i`);
		for (const [i, [title, body]] of TEXTS.entries())
			await db.execute(sql`insert into issues (number, source_channel, title, body, state, policy)
				values (${`T-${i}`}, 'wechat', ${title}, ${body}, 'dispatched', '{}')`);
		await db.execute(sql`analyze issues`);

		const expected = (q: string) =>
			TEXTS.flatMap(([title, body], i) =>
				`${title}`.toLowerCase().includes(q.toLowerCase()) ||
				body.toLowerCase().includes(q.toLowerCase())
					? [`T-${i}`]
					: [],
			).sort();
		for (const q of [
			"排水",
			"变压器",
			"变压器老化",
			"停电",
			"排",
			"水排",
			"policy",
			"100%",
			"a_b",
			"ab",
			"不存在的词",
		]) {
			const rows = await listIssues(db, supervisor, { q });
			const found = rows
				.map((r) => r.number)
				.filter((n) => n.startsWith("T-"))
				.sort();
			expect({ q, found }).toEqual({ q, found: expected(q) });
		}
		// A bigram across title and text does not match (排 + 水 in "排" / "水").
		expect(expected("排水")).not.toContain("T-3");

		// The statement the list sends, explained: its bigram test is the index's expression.
		const statement = db
			.select({ id: issues.id })
			.from(issues)
			.where(textContains("变压器"))
			.toSQL();
		const explained = (await db.execute(
			sql.raw(
				`explain ${statement.sql.replace(/\$(\d+)/g, (_, n) => `'${String(statement.params[Number(n) - 1]).replace(/'/g, "''")}'`)}`,
			),
		)) as { rows: Array<Record<string, string>> };
		const plan = explained.rows.map((row) => Object.values(row)[0]).join("\n");
		expect(plan).toContain("issues_text_bigrams_idx");
	});

	it("pages the list by keyset: each page starts after the last row of the one before", async () => {
		const { db } = database();
		// Same creation time for several rows (the id breaks the tie), and microseconds.
		await db.execute(sql`insert into issues (number, source_channel, title, body, state, policy, created_at)
			select 'P-' || i, 'wechat', '分页' || i, '分页测试', 'closed', '{}',
				timestamptz '2026-01-01 00:00:00+00' + make_interval(mins => i / 3) + make_interval(secs => (i % 2) * 0.000123)
			from generate_series(1, 450) as i`);
		const all = (
			(await db.execute(
				sql`select number from issues order by created_at desc, id desc`,
			)) as { rows: Array<{ number: string }> }
		).rows.map((r) => r.number);
		const seen: string[] = [];
		let before: number | undefined;
		for (;;) {
			const rows = await listIssues(db, supervisor, { before });
			const shown = rows.slice(0, LIST_LIMIT);
			seen.push(...shown.map((r) => r.number));
			if (rows.length <= LIST_LIMIT) break;
			const last = shown[shown.length - 1];
			if (!last) throw new Error("an empty page with more after it");
			before = Number(cursorOf(last));
			const view = String(
				issueListView("zh-CN", "/console", { before }, rows, {
					departmentRows: [],
					categoryRows: [],
					enterpriseRows: [],
				}),
			);
			expect(view).toContain(`before=${before}`);
		}
		expect(seen).toEqual(all);
	});
});
