/**
 * 一类事 through the real pipeline, on the WeChat mock: the same problem raised by a second enterprise
 * is linked to the first both ways, the acknowledgement names the other issue, and each issue's audit
 * trail records the link.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueLinks, issues } from "../../db/schema/issues.ts";
import { getIssueTimeline } from "../../workflows/issues/timeline.ts";
import type { TestBot } from "../support/bot-harness.ts";
import { DRIVERS } from "../support/databases.ts";
import { raise, startBotInRoom, type WechatRoom } from "./wechat-room.ts";

for (const driver of DRIVERS) {
	describe(`the same problem from two enterprises [${driver}]`, () => {
		let room: WechatRoom;
		let bot: TestBot;

		beforeAll(async () => {
			({ room, bot } = await startBotInRoom(driver));
		});

		afterAll(async () => {
			await bot?.close();
		});

		it("links the second to the first both ways, says so in the acknowledgement, and records it", async () => {
			const first = await raise(
				room,
				"chen",
				"园区东片今天上午突然停电，车间生产线全部停机，请供电公司尽快抢修",
			);
			expect(first.ack.text).not.toContain("同类问题");
			const second = await raise(
				room,
				"huang",
				"园区东片上午突然停电，我们车间生产线也全部停机，请供电公司尽快抢修",
			);
			expect(second.ack.text).toContain(
				`同类问题：#${first.number}，已关联办理`,
			);

			const idOf = async (number: string) => {
				const [row] = await bot.db
					.select({ id: issues.id })
					.from(issues)
					.where(eq(issues.number, number));
				if (!row) throw new Error(`no issue ${number}`);
				return row.id;
			};
			const firstId = await idOf(first.number);
			const secondId = await idOf(second.number);
			const links = await bot.db
				.select({ from: issueLinks.issueId, to: issueLinks.linkedIssueId })
				.from(issueLinks);
			expect(links).toEqual(
				expect.arrayContaining([
					{ from: firstId, to: secondId },
					{ from: secondId, to: firstId },
				]),
			);
			for (const [id, other] of [
				[firstId, second.number],
				[secondId, first.number],
			] as const) {
				const linked = (await getIssueTimeline(bot.db, id)).filter(
					(event) => event.kind === "linked",
				);
				expect(linked).toHaveLength(1);
				expect(linked[0]?.payload).toMatchObject({ linkedNumber: other });
			}
		});
	});
}
