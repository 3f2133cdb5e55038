/**
 * Console passwords and sessions: scrypt at OWASP's cost (N=2^17, r=8, p=1), old hashes still
 * accepted and upgraded at sign-in; a password change ends the person's sessions; a session ends
 * after SESSION_IDLE_MINUTES without use, and in any case after its absolute lifetime.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	checkPassword,
	createSession,
	hashPassword,
	sessionPerson,
	setConsolePassword,
} from "../../../../bot/web/console/auth.ts";
import type { Db } from "../../../../db/client.ts";
import { consoleCredentials } from "../../../../db/schema/console.ts";
import { people } from "../../../../db/schema/directory.ts";
import {
	createTestDatabase,
	type TestDatabase,
} from "../../../support/databases.ts";
import { importDemoDirectory } from "../../../support/reports-fixture.ts";

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
	database = await createTestDatabase("postgres");
	db = database.db;
	await importDemoDirectory(db);
});
afterAll(async () => {
	await database?.close();
});

const personId = async (code: string) => {
	const [p] = await db.select().from(people).where(eq(people.code, code));
	if (!p) throw new Error(code);
	return p.id;
};
const storedHash = async (code: string) => {
	const [row] = await db
		.select()
		.from(consoleCredentials)
		.where(eq(consoleCredentials.personId, await personId(code)));
	return row?.passwordHash ?? "";
};

describe("password hashes", () => {
	it("are scrypt with N=2^17, r=8, p=1", async () => {
		expect(await hashPassword("secret")).toMatch(/^scrypt\$N=131072,r=8,p=1\$/);
	});

	it("made with the old parameters still sign in, and are upgraded then", async () => {
		// What the console stored before: node's default scrypt (N=2^14), no parameters written.
		const { scryptSync, randomBytes } = await import("node:crypto");
		const salt = randomBytes(16);
		const old = `scrypt$${salt.toString("base64")}$${scryptSync("旧密码-2025", salt, 32).toString("base64")}`;
		await setConsolePassword(db, "shi-lei", "placeholder");
		await db
			.update(consoleCredentials)
			.set({ passwordHash: old })
			.where(eq(consoleCredentials.personId, await personId("shi-lei")));
		expect(await checkPassword(db, "shi-lei", "wrong")).toBeNull();
		expect(await storedHash("shi-lei")).toBe(old);
		expect((await checkPassword(db, "shi-lei", "旧密码-2025"))?.code).toBe(
			"shi-lei",
		);
		expect(await storedHash("shi-lei")).toMatch(/^scrypt\$N=131072,r=8,p=1\$/);
		expect((await checkPassword(db, "shi-lei", "旧密码-2025"))?.code).toBe(
			"shi-lei",
		);
	});
});

describe("sessions", () => {
	const MINUTE = 60_000;
	const t0 = new Date("2026-11-21T09:00:00+08:00");
	const at = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);

	it("end when the person's password is changed", async () => {
		const id = await personId("wu-qinghua");
		await setConsolePassword(db, "wu-qinghua", "first-password");
		const token = await createSession(db, id);
		expect((await sessionPerson(db, token))?.code).toBe("wu-qinghua");
		await setConsolePassword(db, "wu-qinghua", "second-password");
		expect(await sessionPerson(db, token)).toBeNull();
	});

	it("end after 30 idle minutes, and stay while used", async () => {
		const token = await createSession(db, await personId("luo-xiaodong"), t0);
		expect(await sessionPerson(db, token, at(29))).not.toBeNull();
		expect(await sessionPerson(db, token, at(58))).not.toBeNull();
		expect(await sessionPerson(db, token, at(58 + 31))).toBeNull();
		// Not brought back by a later use.
		expect(await sessionPerson(db, token, at(58 + 32))).toBeNull();
	});

	it("end after twelve hours however often they are used", async () => {
		const token = await createSession(db, await personId("yu-min"), t0);
		for (let m = 20; m < 12 * 60; m += 20)
			expect(
				await sessionPerson(db, token, at(m)),
				`at ${m} min`,
			).not.toBeNull();
		expect(await sessionPerson(db, token, at(12 * 60 + 1))).toBeNull();
	});

	it("take their idle limit from the caller (SESSION_IDLE_MINUTES)", async () => {
		const token = await createSession(db, await personId("zheng-wei"), t0, {
			idleMs: 5 * MINUTE,
		});
		expect(
			await sessionPerson(db, token, at(4), { idleMs: 5 * MINUTE }),
		).not.toBeNull();
		expect(
			await sessionPerson(db, token, at(10), { idleMs: 5 * MINUTE }),
		).toBeNull();
	});
});
