/**
 * A batch of inbound messages handled in one transaction, as the inbound worker does, decides as the
 * same messages would one at a time: the lookahead that answers intake from memory
 * (bot/conversation/intake-lookahead.ts) follows what the batch itself opens, follows up and commands.
 */
import { eq, or } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_DIRECTORY_FILE } from "../../../bot/config.ts";
import { createDirectoryCache } from "../../../bot/conversation/directory-cache.ts";
import { createMessageHandler } from "../../../bot/conversation/handle-message.ts";
import type { InboundMessage } from "../../../bot/messages.ts";
import { createReceiver } from "../../../bot/pipeline/receive.ts";
import type { Db } from "../../../db/client.ts";
import { issueLinks, issues } from "../../../db/schema/issues.ts";
import { importDirectoryFile } from "../../../workflows/directory/import-file.ts";
import {
	createTestDatabase,
	DRIVERS,
	type TestDatabase,
} from "../../support/databases.ts";
import { inbound } from "../../support/pipeline.ts";

const say = (author: string, text: string): InboundMessage =>
	inbound({
		platform: "playground",
		conversationId: "demo-industry",
		author: { externalId: author, isBot: false },
		text,
	});

const POWER_CUT =
	"园区东片今天上午突然停电，车间生产线全部停机，请供电公司尽快抢修";
const SAME_POWER_CUT =
	"园区东片上午突然停电，我们车间生产线也全部停机，请供电公司尽快抢修";

for (const driver of DRIVERS) {
	describe(`a batch of messages in one transaction [${driver}]`, () => {
		let database: TestDatabase;
		let db: Db;
		const handle = createMessageHandler({
			directory: createDirectoryCache(),
			locale: "zh-CN",
			bot: { externalIds: ["qinqing-bot"], names: ["亲清助手"] },
		});

		/** As the inbound worker runs a batch: one transaction, through the bot's one entrance. */
		const inOneBatch = async (messages: InboundMessage[]) =>
			(await createReceiver({ db, handle })(messages)).map(
				(handled) => handled?.result,
			);

		const numberOf = async (issueId: number | null | undefined) => {
			const [row] = await db
				.select({ number: issues.number })
				.from(issues)
				.where(eq(issues.id, issueId ?? -1));
			if (!row) throw new Error(`no issue ${issueId}`);
			return row.number;
		};

		beforeEach(async () => {
			database = await createTestDatabase(driver);
			db = database.db;
			const imported = await importDirectoryFile(db, DEMO_DIRECTORY_FILE);
			if (!imported.ok) throw new Error("the demo directory did not import");
		}, 60_000);

		afterEach(async () => {
			await database?.close();
		});

		it("joins a follow-up to the issue opened earlier in the batch, and links the same problem from another enterprise", async () => {
			const [first, followUp, second] = await inOneBatch([
				say("chen-guodong", POWER_CUT),
				say("chen-guodong", "补充一下：三条生产线都停了，损失很大"),
				say("huang-zhiming", SAME_POWER_CUT),
			]);
			expect(first?.outcome).toBe("new_issue");
			expect(followUp).toMatchObject({
				outcome: "follow_up",
				issueId: first?.issueId,
			});
			expect(second?.outcome).toBe("new_issue");
			const links = await db
				.select()
				.from(issueLinks)
				.where(
					or(
						eq(issueLinks.issueId, second?.issueId ?? -1),
						eq(issueLinks.issueId, first?.issueId ?? -1),
					),
				);
			expect(
				links.map((l) => [l.issueId, l.linkedIssueId, l.reason]).sort(),
			).toEqual(
				[
					[first?.issueId, second?.issueId, "similar"],
					[second?.issueId, first?.issueId, "similar"],
				].sort(),
			);
		});

		it("after a command in the batch, decides from what the command did", async () => {
			const [raised] = await inOneBatch([say("chen-guodong", POWER_CUT)]);
			const number = await numberOf(raised?.issueId);
			await inOneBatch([say("shi-lei", `#${number} 受理`)]);
			const [, resolved, again] = await inOneBatch([
				say("huang-zhiming", "厂门口道路坑洼严重，货车进出困难"),
				say("shi-lei", `#${number} 办结 已恢复供电`),
				say("chen-guodong", "今天下午又停电了，车间全部停机"),
			]);
			expect(resolved?.outcome).toBe("command");
			// The issue was resolved a moment before: the new message opens a new issue, not a follow-up.
			expect(again?.outcome).toBe("new_issue");
			expect(again?.issueId).not.toBe(raised?.issueId);
		});
	});
}
