import { asc } from "drizzle-orm";
import { expect, it } from "vitest";
import {
	alertAdmins,
	createOutageAlerts,
} from "../../../bot/runtime/admin-alerts.ts";
import type { Db } from "../../../db/client.ts";
import { people, platformIdentities } from "../../../db/schema/directory.ts";
import { outbox } from "../../../db/schema/pipeline.ts";
import { describeEachDriver } from "../../support/databases.ts";

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

	it("queues nothing on a platform the deployment does not have", async () => {
		const { db } = database();
		await seedAdmins(db, "solo");
		expect(
			await alertAdmins(db, {
				key: "wechat_logged_out-2",
				text: "微信已退出登录",
				platforms: ["wechat"],
				avoid: "wechat",
			}),
		).toBe(0);
		expect(await db.select().from(outbox)).toEqual([]);
	});

	it("tells the admins once per outage on the deployment's other platforms, and everywhere when it is back", async () => {
		const { db } = database();
		await seedAdmins(db, "twice");
		let pokes = 0;
		const alerts = createOutageAlerts({
			db,
			platforms: ["wechat", "slack"],
			locale: "zh-CN",
			publicUrl: "https://qinqing.example.gov.cn",
			onQueued: () => {
				pokes += 1;
			},
		});
		const sent = async () =>
			(await db.select().from(outbox).orderBy(asc(outbox.id)))
				.filter((row) => row.conversationId.endsWith("-twice"))
				.map((row) => [
					row.platform,
					row.conversationId,
					(row.message as { text: string }).text,
				]);

		await alerts.down("wechat", "logout by the phone");
		await alerts.down("wechat", "logout again");
		await alerts.up("slack");
		expect(await sent()).toEqual([
			["slack", "U0ADMIN-twice", expect.stringContaining("微信账号已退出登录")],
		]);
		await alerts.up("wechat", "亲清助手");
		await alerts.up("wechat", "亲清助手");
		const back = (await sent()).slice(1);
		expect(back.map(([platform, id]) => [platform, id]).sort()).toEqual(
			[
				["slack", "U0ADMIN-twice"],
				["wechat", "wxid_admin-twice"],
				["wechat", "wxid_other-twice"],
			].sort(),
		);
		expect(back.every(([, , text]) => text?.includes("重新登录"))).toBe(true);

		// A second outage is a new one. Slack going down is told on WeChat (where it waits while WeChat
		// is down too), and only once.
		await alerts.down("wechat", "logout");
		await alerts.down("slack", "Slack API unreachable");
		await alerts.down("slack", "Slack API unreachable");
		expect((await sent()).slice(4)).toEqual([
			["slack", "U0ADMIN-twice", expect.stringContaining("微信账号已退出登录")],
			[
				"wechat",
				"wxid_admin-twice",
				expect.stringContaining("与Slack的连接中断"),
			],
			[
				"wechat",
				"wxid_other-twice",
				expect.stringContaining("与Slack的连接中断"),
			],
		]);
		expect(pokes).toBe(4);
	});
});

async function seedAdmins(db: Db, tag: string): Promise<void> {
	const [admin, other] = await db
		.insert(people)
		.values([
			{ code: `ops-${tag}`, name: "运维", roles: ["admin"] },
			{ code: `ops2-${tag}`, name: "值班", roles: ["admin"] },
		])
		.returning();
	if (!admin || !other) throw new Error("no people");
	await db.insert(platformIdentities).values([
		{ platform: "slack", externalId: `U0ADMIN-${tag}`, personId: admin.id },
		{ platform: "wechat", externalId: `wxid_admin-${tag}`, personId: admin.id },
		{ platform: "playground", externalId: `ops-${tag}`, personId: admin.id },
		{ platform: "wechat", externalId: `wxid_other-${tag}`, personId: other.id },
	]);
	await db.delete(outbox);
}
