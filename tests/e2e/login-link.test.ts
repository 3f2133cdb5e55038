/**
 * 登录 on WeChat: an official asking in the group is sent to a private chat and no link is posted
 * there; asked in a private chat, the bot sends a one-time console link that signs them in.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../bot/web/console/routes.ts";
import type { Db } from "../../db/client.ts";
import type { TestBot } from "../support/bot-harness.ts";
import { DRIVERS } from "../support/databases.ts";
import { waitFor } from "../support/wait.ts";
import {
	exchange,
	PEOPLE,
	startBotInRoom,
	type WechatRoom,
	type Who,
} from "./wechat-room.ts";

const PUBLIC_URL = "https://qinqing.example.gov.cn";
const LINK = /https:\/\/qinqing\.example\.gov\.cn(\/console\/login\/[\w-]+)/;

/** The `name=value` pairs of a response's Set-Cookie headers. */
function cookiesOf(response: Response): Map<string, string> {
	const pairs = response.headers
		.getSetCookie()
		.map((line) => line.split(";")[0]?.split("=") ?? []);
	return new Map(pairs.map(([name = "", ...value]) => [name, value.join("=")]));
}

/** The tables (of this test's database) in which some row contains `secret`. */
async function tablesHolding(db: Db, secret: string): Promise<string[]> {
	const tables = (await db.execute(
		sql`select table_name from information_schema.tables
			where table_schema = current_schema() and table_type = 'BASE TABLE'`,
	)) as unknown as { rows: Array<{ table_name: string }> };
	const holding: string[] = [];
	for (const { table_name } of tables.rows) {
		const found = (await db.execute(
			sql`select 1 from ${sql.identifier(table_name)} as t
				where t::text like ${`%${secret}%`} limit 1`,
		)) as unknown as { rows: unknown[] };
		if (found.rows.length > 0) holding.push(table_name);
	}
	return holding;
}

for (const driver of DRIVERS) {
	describe(`console login link by chat [${driver}]`, () => {
		let room: WechatRoom;
		let bot: TestBot;

		beforeAll(async () => {
			({ room, bot } = await startBotInRoom(driver, { PUBLIC_URL }));
		});

		afterAll(async () => {
			await bot?.close();
		});

		/** What the bot said to `who` in their private chat with it, oldest first. */
		const saidPrivately = (who: Who) =>
			[...room.group.mocker.cacheMessagePayload.values()]
				.filter(
					(p) =>
						p.talkerId === room.group.botContact.id &&
						"listenerId" in p &&
						p.listenerId === PEOPLE[who].id,
				)
				.map((p) => p.text ?? "");

		/** `who` writes to the bot in a private chat, as the Mocker's contacts do. */
		async function askPrivately(who: Who, text: string): Promise<string> {
			const before = saidPrivately(who).length;
			const { mocker, botContact } = room.group;
			mocker.ContactMock.load(PEOPLE[who].id).say(text).to(botContact);
			return waitFor(
				() => saidPrivately(who)[before],
				`the bot to answer ${who} privately`,
			);
		}

		it("sends an official who asks in the group to a private chat, and posts no link there", async () => {
			const { said } = await exchange(
				room,
				"wang",
				"登录",
				() => true,
				"an answer to 登录",
			);
			expect(said.text).toContain("请私聊我发送「登录」");
			expect(room.botSaid().some((s) => s.text.includes("/console/"))).toBe(
				false,
			);
		});

		it("tells an enterprise member the console is for government staff, in the group and privately", async () => {
			const { said } = await exchange(
				room,
				"chen",
				"login",
				() => true,
				"an answer to login",
			);
			expect(said.text).toContain("监督台供政府工作人员使用");
			const privately = await askPrivately("chen", "登录");
			expect(privately).toContain("监督台供政府工作人员使用");
			expect(privately).not.toContain("/console/");
		});

		it("sends the official a one-time link in a private chat, which signs them in once", async () => {
			const answer = await askPrivately("wang", "登录");
			expect(answer).toMatch(/\d+月\d+日 \d\d:\d\d前有效/);
			const path = LINK.exec(answer)?.[1];
			if (!path) throw new Error(`no console link in: ${answer}`);
			// The token exists only in what the platform was given: no table holds it (the outbox neither).
			const token = path.split("/").at(-1) ?? "";
			expect(token.length).toBeGreaterThan(20);
			expect(await tablesHolding(bot.db, token)).toEqual([]);

			// Opening the link (or a chat app's preview of it) only shows a confirmation.
			const page = await fetch(`${bot.url}${path}`);
			expect(page.status).toBe(200);
			const html = await page.text();
			expect(html).toContain(
				`action="/console/login/${path.split("/").at(-1)}"`,
			);
			expect(html).toContain(">登录</button>");
			const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
			if (!csrf) throw new Error("no CSRF token on the confirmation page");
			const csrfCookie = [...cookiesOf(page)]
				.map(([name, value]) => `${name}=${value}`)
				.join("; ");
			expect(cookiesOf(page).has(SESSION_COOKIE)).toBe(false);

			const confirm = () =>
				fetch(`${bot.url}${path}`, {
					method: "POST",
					redirect: "manual",
					headers: {
						"content-type": "application/x-www-form-urlencoded",
						cookie: csrfCookie,
					},
					body: `_csrf=${encodeURIComponent(csrf)}`,
				});
			const signedIn = await confirm();
			expect(signedIn.status).toBe(303);
			expect(signedIn.headers.get("location")).toBe("/console/issues");
			const session = cookiesOf(signedIn).get(SESSION_COOKIE);
			if (!session) throw new Error("no session cookie after the link");

			const issues = await fetch(`${bot.url}/console/issues`, {
				redirect: "manual",
				headers: { cookie: `${SESSION_COOKIE}=${session}` },
			});
			expect(issues.status).toBe(200);
			expect(await issues.text()).toContain("王强");

			// The link works once.
			const again = await confirm();
			expect(again.status).toBe(410);
			expect(cookiesOf(again).has(SESSION_COOKIE)).toBe(false);
		});
	});
}
