/**
 * Every read path against every persona (docs/permissions.md): chat (#N, 待办, 我的问题, in a direct
 * chat and in the shared work group), the console (issue list, issue pages, agenda, triage, ranking,
 * briefing as HTML, Markdown and XLSX), the public board with its rows and event stream, and the
 * intake API's read endpoint. Each issue's title carries a marker; a marker outside what the persona
 * may read is a leak, and a marker the persona should read but does not is a broken path.
 */
import { eq, inArray } from "drizzle-orm";
import ExcelJS from "exceljs";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDirectoryCache } from "../../../bot/conversation/directory-cache.ts";
import { createMessageHandler } from "../../../bot/conversation/handle-message.ts";
import type { OutboundMessage } from "../../../bot/messages.ts";
import { createReceiver } from "../../../bot/pipeline/receive.ts";
import { openRedis } from "../../../bot/pipeline/redis.ts";
import { createApiKey } from "../../../bot/web/api/keys.ts";
import { createApiRoutes } from "../../../bot/web/api/routes.ts";
import { createBoardRoutes } from "../../../bot/web/board/routes.ts";
import { createSession } from "../../../bot/web/console/auth.ts";
import { createLoginThrottle } from "../../../bot/web/console/login-throttle.ts";
import { createConsoleRoutes } from "../../../bot/web/console/routes.ts";
import { departments, people } from "../../../db/schema/directory.ts";
import { issues } from "../../../db/schema/issues.ts";
import { outbox } from "../../../db/schema/pipeline.ts";
import {
	createTestDatabase,
	type TestDatabase,
} from "../../support/databases.ts";
import { inbound } from "../../support/pipeline.ts";
import {
	forgetTestKeys,
	randomPrefix,
	TEST_REDIS,
} from "../../support/redis.ts";
import {
	at,
	type IssueSpec,
	importDemoDirectory,
	seedIssues,
} from "../../support/reports-fixture.ts";

const NOW = at("03-20 12:00");
const silentLog = {
	info() {},
	warn() {},
	error() {},
	child() {
		return silentLog;
	},
};

type Key = "A" | "B" | "C";
/** A: 鑫元 (industry office) → power; B: 天润 (industry office) → 人社; C: 万嘉 (services office) → transport. */
const ISSUES: Record<
	Key,
	{ number: string; enterprise: string; department: string }
> = {
	A: {
		number: "2026-900501",
		enterprise: "xinyuan-machinery",
		department: "power",
	},
	B: {
		number: "2026-900502",
		enterprise: "tianrun-textile",
		department: "hrss",
	},
	C: {
		number: "2026-900503",
		enterprise: "wanjia-trading",
		department: "transport",
	},
};
const marker = (key: Key) => `MARK${key}${key}${key}`;
const KEYS: Key[] = ["A", "B", "C"];
const ENTERPRISE_WORDS = ["鑫元", "天润", "万嘉"];

const spec = (key: Key): IssueSpec => ({
	number: ISSUES[key].number,
	title: `${marker(key)} 问题`,
	enterprise: ISSUES[key].enterprise,
	department: ISSUES[key].department,
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
			{ dueAt: at("03-13 17:30").toISOString() },
		],
		["progress", "03-14 09:00", null, { note: `${marker(key)} 进展` }],
	],
});

type Persona =
	| "ent-xinyuan"
	| "ent-wanjia"
	| "official-power"
	| "official-hrss"
	| "office-industry"
	| "leader"
	| "supervisor"
	| "anonymous";
const CODE: Record<Persona, string | null> = {
	"ent-xinyuan": "chen-guodong",
	"ent-wanjia": "li-wenhua",
	"official-power": "wang-qiang",
	"official-hrss": "wu-qinghua",
	"office-industry": "liu-jianping",
	leader: "lin-zhiqiang", // leads the power company, not 人社 or transport
	supervisor: "luo-xiaodong",
	anonymous: null,
};
const PERSONAS = Object.keys(CODE) as Persona[];

/** Which issues each persona reads on each path; every other marker must be absent. */
const ALL: Key[] = ["A", "B", "C"];
const NONE: Key[] = [];
const byIssue: Record<Persona, Key[]> = {
	"ent-xinyuan": ["A"],
	"ent-wanjia": ["C"],
	"official-power": ["A"],
	"official-hrss": ["B"],
	"office-industry": ALL,
	leader: ALL,
	supervisor: ALL,
	anonymous: NONE,
};
/** The console's working scope: office staff their office, leaders their departments. */
const consoleScope: Record<Persona, Key[]> = {
	"ent-xinyuan": NONE,
	"ent-wanjia": NONE,
	"official-power": ["A"],
	"official-hrss": ["B"],
	"office-industry": ["A", "B"],
	leader: ["A"],
	supervisor: ALL,
	anonymous: NONE,
};
const reports: Record<Persona, Key[]> = {
	...consoleScope,
	"office-industry": ALL,
	leader: ALL,
};
const queue: Record<Persona, Key[]> = {
	...consoleScope,
	"ent-xinyuan": NONE,
	"ent-wanjia": NONE,
};
const mine: Record<Persona, Key[]> = {
	...Object.fromEntries(PERSONAS.map((p) => [p, NONE])),
	"ent-xinyuan": ["A"],
	"ent-wanjia": ["C"],
} as Record<Persona, Key[]>;
const nobody = Object.fromEntries(PERSONAS.map((p) => [p, NONE])) as Record<
	Persona,
	Key[]
>;

async function xlsxText(body: Buffer): Promise<string> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(body as unknown as ArrayBuffer);
	const cells: string[] = [];
	for (const sheet of workbook.worksheets)
		sheet.eachRow((row) =>
			row.eachCell((cell) => {
				cells.push(String(cell.value ?? ""));
			}),
		);
	return cells.join("\n");
}

describe("permission sweep", () => {
	const redis = openRedis(TEST_REDIS);
	let database: TestDatabase;
	let app: FastifyInstance;
	let baseUrl: string;
	const apiKeys: Record<"hotline" | "miniProgram", string> = {
		hotline: "",
		miniProgram: "",
	};
	let apiNumber = "";
	const departmentNames = new Map<string, string>();
	const handle = createMessageHandler({
		directory: createDirectoryCache(),
		locale: "zh-CN",
		bot: { externalIds: ["qinqing-bot"], names: ["亲清助手"] },
	});

	beforeAll(async () => {
		database = await createTestDatabase("postgres");
		const { db } = database;
		await importDemoDirectory(db);
		await seedIssues(db, KEYS.map(spec));
		// On the joint meeting's agenda, so the agenda has something to leak.
		await db
			.update(issues)
			.set({ tier: "joint_meeting", categoryCode: "power" })
			.where(
				inArray(
					issues.number,
					KEYS.map((k) => ISSUES[k].number),
				),
			);
		// Messages a platform refused for good, one per issue: the send failures page names them.
		const issueIds = new Map(
			(
				await db
					.select({ id: issues.id, number: issues.number })
					.from(issues)
					.where(
						inArray(
							issues.number,
							KEYS.map((k) => ISSUES[k].number),
						),
					)
			).map((row) => [row.number, row.id]),
		);
		await db.insert(outbox).values(
			KEYS.map((k) => ({
				dedupeKey: `sweep-refused-${k}`,
				issueId: issueIds.get(ISSUES[k].number) ?? null,
				platform: "playground" as const,
				conversationId: "demo-industry",
				message: {
					conversationId: "demo-industry",
					text: `#${ISSUES[k].number}「${marker(k)} 问题」已由供电公司受理`,
				},
				lastError: "rejected (conversation_not_found): the group was dissolved",
				failedAt: at("03-19 12:00"),
			})),
		);
		for (const d of await db.select().from(departments))
			departmentNames.set(d.code, d.name);
		apiKeys.hotline = (await createApiKey(db, "12345-hotline")).key;
		apiKeys.miniProgram = (await createApiKey(db, "mini-program")).key;

		const directory = createDirectoryCache();
		app = Fastify();
		await app.register(
			createConsoleRoutes({
				db,
				log: silentLog,
				locale: "zh-CN",
				now: () => NOW,
				directory,
				loginThrottle: createLoginThrottle({ redis, prefix: randomPrefix() }),
			}),
			{ prefix: "/console" },
		);
		await app.register(
			createBoardRoutes({
				db,
				log: silentLog,
				locale: "zh-CN",
				now: () => NOW,
			}),
			{ prefix: "/board" },
		);
		await app.register(
			createApiRoutes({
				db,
				log: silentLog,
				locale: "zh-CN",
				directory,
				now: () => NOW,
			}),
			{ prefix: "/api" },
		);
		baseUrl = await app.listen({ port: 0, host: "127.0.0.1" });

		const created = await fetch(`${baseUrl}/api/v1/issues`, {
			method: "POST",
			headers: {
				authorization: `Bearer ${apiKeys.hotline}`,
				"content-type": "application/json",
				"idempotency-key": "sweep-1",
			},
			body: JSON.stringify({
				channel: "hotline_12345",
				enterprise: "xinyuan-machinery",
				title: "MARKDDD 热线",
				text: "企业来电：厂区停电，请供电公司处理",
			}),
		});
		apiNumber = ((await created.json()) as { number: string }).number;
	}, 90_000);

	afterAll(async () => {
		await app?.close();
		await database?.close();
		await forgetTestKeys();
		await redis.quit();
	});

	async function say(
		persona: Persona,
		text: string,
		where: "direct" | "demo-industry",
	): Promise<string> {
		const who = CODE[persona] ?? "stranger-wxid";
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
		return rows
			.filter(
				(r) =>
					r.dedupeKey.startsWith(`inbound-${id}-`) &&
					r.conversationId === message.conversationId,
			)
			.map((r) => (r.message as OutboundMessage).text)
			.join("\n");
	}

	async function web(persona: Persona, path: string): Promise<string> {
		const headers: Record<string, string> = {};
		const code = CODE[persona];
		if (code) {
			const [person] = await database.db
				.select()
				.from(people)
				.where(eq(people.code, code));
			if (!person) throw new Error(`no ${code}`);
			headers.cookie = `qq_console=${await createSession(database.db, person.id, NOW)}`;
		}
		const response = await fetch(`${baseUrl}${path}`, {
			headers,
			redirect: "manual",
		});
		if (path.endsWith(".xlsx") && response.status === 200)
			return xlsxText(Buffer.from(await response.arrayBuffer()));
		return response.text();
	}

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

	const allNumbers = (read: (n: string) => Promise<string>) => async () =>
		(await Promise.all(KEYS.map((k) => read(ISSUES[k].number)))).join("\n");

	/** A read path: what the persona gets back, and which markers they may read there. */
	const PATHS: Array<{
		name: string;
		read: (persona: Persona) => Promise<string>;
		allowed: Record<Persona, Key[]>;
		/** Department names other than one's own must not show (officials' reports). */
		departmentsScoped?: boolean;
	}> = [
		{
			name: "chat #N, direct",
			read: async (p) => {
				const out: string[] = [];
				for (const k of KEYS)
					out.push(await say(p, `#${ISSUES[k].number}`, "direct"));
				return out.join("\n");
			},
			allowed: byIssue,
		},
		{
			name: "chat #N, work group",
			read: async (p) => {
				const out: string[] = [];
				for (const k of KEYS)
					out.push(await say(p, `#${ISSUES[k].number}`, "demo-industry"));
				return out.join("\n");
			},
			allowed: nobody,
		},
		{
			name: "chat 待办, direct",
			read: (p) => say(p, "待办", "direct"),
			allowed: queue,
		},
		{
			name: "chat 待办, work group",
			read: (p) => say(p, "待办", "demo-industry"),
			allowed: nobody,
		},
		{
			name: "chat 我的问题, direct",
			read: (p) => say(p, "我的问题", "direct"),
			allowed: mine,
		},
		{
			name: "chat 我的问题, work group",
			read: (p) => say(p, "我的问题", "demo-industry"),
			allowed: nobody,
		},
		{
			name: "console issue list",
			read: (p) => web(p, "/console/issues"),
			allowed: consoleScope,
		},
		{
			name: "console issue pages",
			read: (p) => allNumbers((n) => web(p, `/console/issues/${n}`))(),
			allowed: consoleScope,
		},
		{
			name: "console agenda",
			read: (p) => web(p, "/console/agenda"),
			allowed: {
				...consoleScope,
				"official-power": NONE,
				"official-hrss": NONE,
			},
		},
		{
			name: "console ledger.xlsx",
			read: (p) => web(p, "/console/ledger.xlsx"),
			allowed: consoleScope,
		},
		{
			name: "console triage",
			read: (p) => web(p, "/console/triage"),
			allowed: nobody,
		},
		{
			name: "console ranking",
			read: (p) => web(p, "/console/ranking?period=2026-03"),
			allowed: nobody,
			departmentsScoped: true,
		},
		...(["", ".md", ".xlsx"] as const).map((ext) => ({
			name: `console briefing${ext || " (HTML)"}`,
			read: (p: Persona) => web(p, `/console/briefing/2026-03${ext}`),
			allowed: reports,
			departmentsScoped: true,
		})),
		// The desk's users, about the issues in their scope (tests/bot/web/security/send-failures-page.test.ts).
		{
			name: "console send failures",
			read: (p) => web(p, "/console/send-failures"),
			allowed: {
				...consoleScope,
				"official-power": NONE,
				"official-hrss": NONE,
			},
		},
		{ name: "board page", read: (p) => web(p, "/board"), allowed: nobody },
		{
			name: "board rows.json",
			read: (p) => web(p, "/board/rows.json"),
			allowed: nobody,
		},
		{ name: "board event stream", read: () => firstEvent(), allowed: nobody },
	];

	const OFFICIAL_DEPARTMENT: Partial<Record<Persona, string>> = {
		"official-power": "power",
		"official-hrss": "hrss",
	};

	it("leaks nothing on any read path to any persona", async () => {
		const leaks: string[] = [];
		const missing: string[] = [];
		let checks = 0;
		for (const path of PATHS)
			for (const persona of PERSONAS) {
				const body = await path.read(persona);
				const allowed = path.allowed[persona];
				for (const key of KEYS) {
					checks += 1;
					const shown = body.includes(marker(key));
					if (shown && !allowed.includes(key))
						leaks.push(`${path.name} · ${persona} · issue ${key}`);
					if (!shown && allowed.includes(key))
						missing.push(`${path.name} · ${persona} · issue ${key}`);
				}
				// The API-registered issue is the hotline's business: no chat group or board names its caller.
				checks += 1;
				if (path.allowed === nobody && body.includes("MARKDDD"))
					leaks.push(`${path.name} · ${persona} · the hotline's issue`);
				if (path.name.startsWith("board") || path.allowed === nobody)
					for (const word of ENTERPRISE_WORDS) {
						checks += 1;
						if (body.includes(word))
							leaks.push(`${path.name} · ${persona} · enterprise ${word}`);
					}
				const own = OFFICIAL_DEPARTMENT[persona];
				if (path.departmentsScoped && own)
					for (const other of ["power", "hrss", "transport", "water"]) {
						if (other === own) continue;
						checks += 1;
						if (body.includes(departmentNames.get(other) ?? "?"))
							leaks.push(`${path.name} · ${persona} · department ${other}`);
					}
			}

		// The API: a key reads the issues it registered, and no other key or caller does.
		const api = async (key: string | null) =>
			(
				await fetch(`${baseUrl}/api/v1/issues/${apiNumber}`, {
					headers: key ? { authorization: `Bearer ${key}` } : {},
				})
			).text();
		checks += 3;
		if (!(await api(apiKeys.hotline)).includes("MARKDDD"))
			missing.push("api · hotline key · its own issue");
		if ((await api(apiKeys.miniProgram)).includes("MARKDDD"))
			leaks.push("api · another key · the hotline's issue");
		if ((await api(null)).includes("MARKDDD")) leaks.push("api · no key");
		for (const k of KEYS) {
			checks += 1;
			if ((await api(apiKeys.hotline)).includes(marker(k)))
				leaks.push(`api · hotline key · chat issue ${k}`);
		}

		console.info(
			`permission sweep: ${PATHS.length + 1} read paths × ${PERSONAS.length} personas, ${checks} checks, ${leaks.length} leaks, ${missing.length} paths that showed less than they should`,
		);
		expect(leaks).toEqual([]);
		expect(missing).toEqual([]);
	}, 120_000);
});
