/**
 * Who may read an issue by chat (#N, 待办, 我的问题), and where the answer goes: an official sees only
 * their department's issues; in a group that enterprises read, an issue the group did not raise is
 * answered in a direct message, with a short neutral line in the group.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDirectoryCache } from "../../../bot/conversation/directory-cache.ts";
import { createMessageHandler } from "../../../bot/conversation/handle-message.ts";
import type { OutboundMessage } from "../../../bot/messages.ts";
import { createReceiver } from "../../../bot/pipeline/receive.ts";
import { issues } from "../../../db/schema/issues.ts";
import { outbox } from "../../../db/schema/pipeline.ts";
import {
	createTestDatabase,
	type TestDatabase,
} from "../../support/databases.ts";
import { inbound } from "../../support/pipeline.ts";
import {
	importDemoDirectory,
	MARCH,
	seedIssues,
} from "../../support/reports-fixture.ts";

const WORK_GROUP = "demo-industry";
const LEADERS_GROUP = "demo-leaders";
const titleOf = (number: string) =>
	MARCH.find((s) => s.number === number)?.title ?? "";

describe("chat queries are scoped to the asker and the room", () => {
	let database: TestDatabase;
	const handle = createMessageHandler({
		directory: createDirectoryCache(),
		locale: "zh-CN",
		bot: { externalIds: ["qinqing-bot"], names: ["亲清助手"] },
	});

	beforeAll(async () => {
		database = await createTestDatabase("postgres");
		await importDemoDirectory(database.db);
		await seedIssues(database.db, MARCH);
		// 900003 was raised in the industry work group: that group has read it already.
		await database.db
			.update(issues)
			.set({ sourceConversationId: WORK_GROUP })
			.where(eq(issues.number, "2026-900003"));
	}, 60_000);

	afterAll(async () => {
		await database?.close();
	});

	/** `who` says `text` in `where` (a group id, or "direct"); returns what the bot sent, by conversation. */
	async function ask(
		who: string,
		text: string,
		where: string,
	): Promise<{ here: string; privately: string }> {
		const message = inbound({
			platform: "playground",
			conversationId: where === "direct" ? who : where,
			direct: where === "direct",
			author: { externalId: who, isBot: false },
			text,
		});
		const [handled] = await createReceiver({ db: database.db, handle })([
			message,
		]);
		const id = handled?.inboundId;
		const rows = await database.db
			.select()
			.from(outbox)
			.where(eq(outbox.platform, "playground"));
		// Every row this inbound message caused carries its id in the dedupe key.
		const mine = rows.filter((r) => r.dedupeKey.startsWith(`inbound-${id}-`));
		const textIn = (conversationId: string) =>
			mine
				.filter((r) => r.conversationId === conversationId)
				.map((r) => (r.message as OutboundMessage).text)
				.join("\n");
		return {
			here: textIn(message.conversationId),
			privately: where === "direct" ? "" : textIn(who),
		};
	}

	it("does not show an official another department's issue", async () => {
		// 王强 is of the power company; 900005 is 人社's.
		const { here } = await ask("wang-qiang", "#2026-900005", "direct");
		expect(here).toContain("没有找到问题 #2026-900005");
		expect(here).not.toContain(titleOf("2026-900005"));
	});

	it("shows an official their own department's issue", async () => {
		const { here } = await ask("wu-qinghua", "#2026-900005", "direct");
		expect(here).toContain(titleOf("2026-900005"));
	});

	it("does not show an enterprise another enterprise's issue", async () => {
		// 陈国栋 is of 鑫元; 900002 is 绿源's.
		const { here } = await ask("chen-guodong", "#2026-900002", WORK_GROUP);
		expect(here).not.toContain(titleOf("2026-900002"));
	});

	it("answers the office about an issue the work group did not raise in a direct message", async () => {
		const { here, privately } = await ask(
			"liu-jianping",
			"#2026-900005",
			WORK_GROUP,
		);
		expect(here).not.toContain(titleOf("2026-900005"));
		expect(here).not.toContain("天润");
		expect(here).toContain("私信");
		expect(privately).toContain(titleOf("2026-900005"));
		expect(privately).toContain("办理过程");
	});

	it("answers in the work group about an issue raised there", async () => {
		const { here, privately } = await ask(
			"liu-jianping",
			"#2026-900003",
			WORK_GROUP,
		);
		expect(here).toContain(titleOf("2026-900003"));
		expect(privately).toBe("");
	});

	it("answers in the leaders' group, which no enterprise reads", async () => {
		const { here } = await ask("lin-zhiqiang", "#2026-900005", LEADERS_GROUP);
		expect(here).toContain(titleOf("2026-900005"));
	});

	it("lists in the work group only the issues raised there, and the rest privately", async () => {
		const { here, privately } = await ask("liu-jianping", "待办", WORK_GROUP);
		expect(here).toContain(titleOf("2026-900003"));
		expect(here).not.toContain(titleOf("2026-900005"));
		expect(here).toContain("私信");
		expect(privately).toContain(titleOf("2026-900005"));
		expect(privately).toContain(titleOf("2026-900003"));
	});

	it("lists an enterprise's own issues raised elsewhere privately, not in the work group", async () => {
		// 郑秀英 is of 天润: 900003 was raised in the group, 900005 was not.
		const { here, privately } = await ask(
			"zheng-xiuying",
			"我的问题",
			WORK_GROUP,
		);
		expect(here).toContain(titleOf("2026-900003"));
		expect(here).not.toContain(titleOf("2026-900005"));
		expect(privately).toContain(titleOf("2026-900005"));
	});
});
