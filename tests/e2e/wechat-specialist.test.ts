/**
 * The enterprise's service specialist (暖企专员) hears of each new issue of the enterprise by direct
 * message when an enterprise reports it in the group (out of office hours, in the next morning's digest)
 * — and an enterprise without one costs nothing.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { people } from "../../db/schema/directory.ts";
import { heldNotifications } from "../../db/schema/escalation.ts";
import { issues } from "../../db/schema/issues.ts";
import { outbox } from "../../db/schema/pipeline.ts";
import { E2E_DIRECTORY_FILE, type TestBot } from "../support/bot-harness.ts";
import { DRIVERS } from "../support/databases.ts";
import { waitFor } from "../support/wait.ts";
import {
	PEOPLE,
	raise,
	startBotInRoom,
	type WechatRoom,
} from "./wechat-room.ts";

for (const driver of DRIVERS) {
	describe(`the service specialist on WeChat [${driver}]`, () => {
		let room: WechatRoom;
		let bot: TestBot;
		let folder: string;

		beforeAll(async () => {
			folder = await mkdtemp(join(tmpdir(), "qinqing-specialist-"));
			const file = join(folder, "directory.yaml");
			const fixture = await readFile(E2E_DIRECTORY_FILE, "utf8");
			const withSpecialist = fixture.replace(
				"area: 岩前园区\n    office: industry",
				"area: 岩前园区\n    office: industry\n    specialist: liu-jianping",
			);
			expect(withSpecialist).not.toBe(fixture);
			await writeFile(file, withSpecialist);
			({ room, bot } = await startBotInRoom(driver, { DIRECTORY_FILE: file }));
		});

		afterAll(async () => {
			await bot?.close();
			await rm(folder, { recursive: true, force: true });
		});

		/** The direct messages to the specialist (刘建平) about the issue, sent or held for the digest. */
		const toSpecialist = async (number: string) => {
			const held = await bot.db
				.select({ line: heldNotifications.line })
				.from(heldNotifications)
				.innerJoin(issues, eq(issues.id, heldNotifications.issueId))
				.innerJoin(people, eq(people.id, heldNotifications.personId))
				.where(
					and(eq(issues.number, number), eq(people.name, PEOPLE.liu.name)),
				);
			const sent = await bot.db
				.select({ message: outbox.message })
				.from(outbox)
				.innerJoin(issues, eq(issues.id, outbox.issueId))
				.where(
					and(
						eq(issues.number, number),
						eq(outbox.platform, "wechat"),
						eq(outbox.conversationId, PEOPLE.liu.id),
					),
				);
			return [
				...sent.map((r) => (r.message as { text: string }).text),
				...held.map((r) => r.line),
			];
		};

		it("tells the specialist of an issue their enterprise reports in the group", async () => {
			const issue = await raise(
				room,
				"huang",
				"我们厂区门口的路灯坏了一个多月了，晚上工人下班很危险",
			);
			const texts = await waitFor(async () => {
				const said = await toSpecialist(issue.number);
				return said.length > 0 && said;
			}, "the specialist's direct message");
			expect(texts).toHaveLength(1);
			expect(texts[0]).toContain("【企业诉求】");
		});

		it("tells no one when the enterprise has no specialist", async () => {
			const issue = await raise(
				room,
				"chen",
				"车间从早上开始停电，三条生产线全停了，麻烦供电所尽快来看看",
			);
			// The notice would be written in the issue's own transaction, committed before the acknowledgement.
			expect(await toSpecialist(issue.number)).toEqual([]);
		});
	});
}
