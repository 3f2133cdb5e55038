/**
 * What intake reads before it decides (bot/conversation/issue-lookup.ts, one statement): the issue a
 * message may follow up, and the open issues of other enterprises a new one is compared with (一类事).
 */
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { lookUpForIntake } from "../../../bot/conversation/issue-lookup.ts";
import type { InboundMessage } from "../../../bot/messages.ts";
import type { DbOrTx } from "../../../db/client.ts";
import { issues } from "../../../db/schema/issues.ts";
import { createIssue } from "../../../workflows/issues/create-issue.ts";
import { ACTIVE_STATES } from "../../../workflows/lifecycle/transition-table.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	type Directory,
	seedDirectory,
} from "../../support/issue-db-fixtures.ts";
import { calendar, NOW, POLICY } from "../../support/lifecycle-fixtures.ts";

const MINUTE = 60_000;
const at = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE);

const messageIn = (conversationId: string) =>
	({ platform: "playground", conversationId }) as InboundMessage;

function raise(
	db: DbOrTx,
	dir: Directory,
	fields: {
		enterpriseId: number;
		categoryCode: string;
		conversationId: string;
		minutes: number;
		body?: string;
	},
) {
	return db.transaction((tx) =>
		createIssue(tx, {
			sourceChannel: "playground",
			title: "厂区频繁停电",
			body: fields.body ?? "最近一周厂区停电三次，影响生产",
			enterpriseId: fields.enterpriseId,
			sourceConversationId: fields.conversationId,
			categoryCode: fields.categoryCode,
			leadDepartmentId: dir.power.id,
			policy: POLICY,
			now: at(fields.minutes),
			calendar,
		}),
	);
}

describeEachDriver("the intake lookup", (database) => {
	it("finds the enterprise's latest active issue of this conversation within the window", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const chat = `chat-${randomBytes(3).toString("hex")}`;
		const common = { categoryCode: "power", conversationId: chat };
		const older = await raise(db, dir, {
			...common,
			enterpriseId: dir.acme.id,
			minutes: 0,
		});
		const latest = await raise(db, dir, {
			...common,
			enterpriseId: dir.acme.id,
			minutes: 10,
		});
		await raise(db, dir, {
			...common,
			enterpriseId: dir.acme.id,
			conversationId: `${chat}-elsewhere`,
			minutes: 20,
		});
		await raise(db, dir, {
			...common,
			enterpriseId: dir.other.id,
			minutes: 30,
		});

		const look = (since: number) =>
			lookUpForIntake(db, {
				enterpriseId: dir.acme.id,
				message: messageIn(chat),
				since: at(since),
				categoryCode: null,
			});
		expect((await look(-60)).recent?.id).toBe(latest.id);
		expect((await look(11)).recent).toBeNull();

		// A closed issue is not followed up, however recent.
		await db
			.update(issues)
			.set({ state: "closed" })
			.where(eq(issues.id, latest.id));
		expect((await look(-60)).recent?.id).toBe(older.id);
	});

	it("compares a new issue with the category's latest active issues of other enterprises, newest first", async () => {
		const { db } = database();
		const dir = await seedDirectory(db);
		const category = `cat-${randomBytes(3).toString("hex")}`;
		const chat = `chat-${randomBytes(3).toString("hex")}`;
		const raised = [];
		for (let i = 0; i < 23; i++)
			raised.push(
				await raise(db, dir, {
					enterpriseId: dir.other.id,
					categoryCode: category,
					conversationId: chat,
					minutes: i,
					body: `第${i}件`,
				}),
			);
		await raise(db, dir, {
			enterpriseId: dir.acme.id,
			categoryCode: category,
			conversationId: chat,
			minutes: 30,
		});
		await raise(db, dir, {
			enterpriseId: dir.other.id,
			categoryCode: `${category}-x`,
			conversationId: chat,
			minutes: 31,
		});
		const closed = raised.at(-1);
		if (!closed) throw new Error("nothing raised");
		await db
			.update(issues)
			.set({ state: "closed" })
			.where(eq(issues.id, closed.id));

		const { neighbours, recent } = await lookUpForIntake(db, {
			enterpriseId: dir.acme.id,
			message: messageIn(`${chat}-new`),
			since: at(-60),
			categoryCode: category,
		});
		expect(recent).toBeNull();
		// 22 open of the other enterprise: the 20 newest; not its closed one, not acme's own, not another category's.
		expect(neighbours.map((n) => n.text)).toEqual(
			Array.from({ length: 20 }, (_, k) => `第${21 - k}件`),
		);
		expect(neighbours[0]).toEqual({
			id: raised[21]?.id,
			number: raised[21]?.number,
			state: "dispatched",
			version: raised[21]?.version,
			categoryCode: category,
			enterpriseId: dir.other.id,
			text: "第21件",
		});
	});

	it("keeps the partial index of open issues in step with ACTIVE_STATES", async () => {
		const { db } = database();
		const result = await db.execute(
			sql`select indexdef from pg_indexes where indexname = 'issues_open_category_created_idx'`,
		);
		const [row] = (result as unknown as { rows: Array<{ indexdef: string }> })
			.rows;
		const listed = [...(row?.indexdef.matchAll(/'([a-z_]+)'/g) ?? [])].map(
			(m) => m[1],
		);
		expect(listed.sort()).toEqual([...ACTIVE_STATES].sort());
	});
});
