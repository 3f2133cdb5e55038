import { expect, it } from "vitest";
import { alertAdmins } from "../bot/runtime/admin-alerts.ts";
import { people, platformIdentities } from "../db/schema/directory.ts";
import { outbox } from "../db/schema/pipeline.ts";
import { describeEachDriver } from "./helpers/databases.ts";

describeEachDriver("alerting the admins", (database) => {
	it("sends each admin one direct message on every platform that can reach them, never twice", async () => {
		const { db } = database();
		const [admin, official] = await db
			.insert(people)
			.values([
				{ code: "ops", name: "运维", roles: ["admin"] },
				{ code: "clerk", name: "经办", roles: ["official"] },
			])
			.returning();
		if (!admin || !official) throw new Error("no people");
		await db.insert(platformIdentities).values([
			{ platform: "slack", externalId: "U0ADMIN", personId: admin.id },
			{ platform: "wechat", externalId: "wxid_admin", personId: admin.id },
			{ platform: "playground", externalId: "ops", personId: admin.id },
			{ platform: "slack", externalId: "U0CLERK", personId: official.id },
		]);

		const alert = {
			key: "wechat_logged_out-1",
			text: "微信已退出登录",
			avoid: "wechat" as const,
		};
		expect(await alertAdmins(db, alert)).toBe(1);
		expect(await alertAdmins(db, alert)).toBe(0);

		const sent = await db.select().from(outbox);
		expect(sent.map((row) => [row.platform, row.conversationId])).toEqual([
			["slack", "U0ADMIN"],
		]);
		expect(sent[0]?.message).toMatchObject({
			text: "微信已退出登录",
			mentions: [],
		});
	});
});
