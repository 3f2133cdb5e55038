/**
 * The lobby board has no login: it shows no words a person wrote (the problem, the department's
 * reason or commitment can hold a phone number or a name), and masks enterprises down to the first
 * character and the legal form. The page, rows.json and the live event stream show the same rows.
 */
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../bot/runtime/logger.ts";
import { createBoardRoutes } from "../../../bot/web/board/routes.ts";
import { createWebServer } from "../../../bot/web/server.ts";
import { issues } from "../../../db/schema/issues.ts";
import {
	createTestDatabase,
	type TestDatabase,
} from "../../support/databases.ts";
import {
	importDemoDirectory,
	seedIssues,
} from "../../support/reports-fixture.ts";

const PHONE = "13912345678";
const CALLER = "王秀兰";
const REASON_NAME = "李建国";
const NOTE_PHONE = "0598-8123456";

const log = createLogger("test", () => {});
let database: TestDatabase;
let server: FastifyInstance;
let baseUrl: string;

beforeAll(async () => {
	database = await createTestDatabase("postgres");
	await importDemoDirectory(database.db);
	await seedIssues(database.db, [
		{
			number: "2026-900020",
			title: `${CALLER}反映厂区停电，电话${PHONE}`,
			enterprise: "xinyuan-machinery",
			department: "power",
			created: "03-10 09:00",
			state: "accepted",
			due: "03-13 17:30",
			colour: "red",
			events: [
				["dispatched", "03-10 09:00", "dispatched"],
				[
					"accepted",
					"03-10 10:00",
					"accepted",
					{ dueAt: "2026-03-13T09:30:00.000Z" },
				],
				[
					"extension_requested",
					"03-13 09:00",
					null,
					{ workingDays: 3, reason: `${REASON_NAME}家不同意立杆` },
				],
				[
					"progress",
					"03-14 09:00",
					null,
					{ note: `已约谈，联系${NOTE_PHONE}` },
				],
			],
		},
	]);
	await database.db
		.update(issues)
		.set({ categoryCode: "power" })
		.where(eq(issues.number, "2026-900020"));
	server = await createWebServer({
		log,
		checkHealth: async () => ({}),
		mounts: [
			{
				prefix: "/board",
				plugin: createBoardRoutes({ db: database.db, log, locale: "zh-CN" }),
			},
		],
	});
	baseUrl = await server.listen({ port: 0, host: "127.0.0.1" });
}, 60_000);

afterAll(async () => {
	await server?.close();
	await database?.close();
});

/** The first `rows` event of the live stream. */
async function firstEvent(): Promise<string> {
	const controller = new AbortController();
	const response = await fetch(`${baseUrl}/board/events`, {
		signal: controller.signal,
	});
	const reader = response.body?.getReader();
	if (!reader) throw new Error("no event stream");
	let text = "";
	while (!text.includes("\n\n")) {
		const { value, done } = await reader.read();
		if (done) break;
		text += new TextDecoder().decode(value);
	}
	controller.abort();
	return text;
}

describe("the public board", () => {
	const surfaces = {
		page: async () => (await fetch(`${baseUrl}/board`)).text(),
		rows: async () => (await fetch(`${baseUrl}/board/rows.json`)).text(),
		events: firstEvent,
	};

	for (const [name, read] of Object.entries(surfaces)) {
		it(`shows no free text and masks the enterprise (${name})`, async () => {
			const body = await read();
			// The row is there: its department, its category and its state.
			expect(body).toContain("国网三明市三元区供电公司");
			expect(body).toContain("用电");
			for (const words of [PHONE, CALLER, REASON_NAME, NOTE_PHONE, "立杆"])
				expect(body).not.toContain(words);
			expect(body).not.toContain("鑫元");
			expect(body).toContain("三**有限公司");
		});
	}

	it("refuses a cursor it did not write", async () => {
		for (const after of ["x", "MTt-MQ", "%00"]) {
			const response = await fetch(`${baseUrl}/board/rows.json?after=${after}`);
			expect(response.status).toBe(400);
		}
	});
});
