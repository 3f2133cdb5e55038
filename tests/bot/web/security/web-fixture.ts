/**
 * The supervision surfaces as the composition root mounts them (/status, /board, /console with Bull
 * Board, /api, /metrics) on a throwaway database with the demo directory, the shared Redis under a
 * prefix of its own, and a web server on a free loopback port. Sessions are made directly.
 */
import { eq } from "drizzle-orm";
import { createDirectoryCache } from "../../../../bot/conversation/directory-cache.ts";
import { createLogger } from "../../../../bot/runtime/logger.ts";
import { createSession } from "../../../../bot/web/console/auth.ts";
import { SESSION_COOKIE } from "../../../../bot/web/console/routes.ts";
import {
	createSupervision,
	type Supervision,
} from "../../../../bot/web/ops/supervision.ts";
import {
	createPlatformStatus,
	type PlatformStatus,
} from "../../../../bot/web/platform-status.ts";
import { createWebServer } from "../../../../bot/web/server.ts";
import type { Db } from "../../../../db/client.ts";
import { type PersonRole, people } from "../../../../db/schema/directory.ts";
import {
	createTestDatabase,
	type TestDatabase,
} from "../../../support/databases.ts";
import { randomPrefix, TEST_REDIS, wipeRedis } from "../../../support/redis.ts";
import { importDemoDirectory } from "../../../support/reports-fixture.ts";

export interface WebFixture {
	url: string;
	db: Db;
	prefix: string;
	status: PlatformStatus;
	supervision: Supervision;
	logs: string[];
	/** The login form's CSRF token and the cookie that goes with it. */
	loginForm(): Promise<{ csrf: string; cookie: string }>;
	/** A console session cookie (`name=value`) for the person with this code. */
	cookieOf(code: string): Promise<string>;
	/** Gives a person of the demo directory these roles. */
	setRoles(code: string, roles: PersonRole[]): Promise<void>;
	close(): Promise<void>;
}

export interface WebFixtureOptions {
	trustProxy?: boolean | number | string;
	/** The HOST the deployment is configured with (the server itself listens on 127.0.0.1). */
	host?: string;
	metricsToken?: string;
	settings?: Record<string, unknown>;
}

export async function startWebFixture(
	options: WebFixtureOptions = {},
): Promise<WebFixture> {
	const database: TestDatabase = await createTestDatabase("postgres");
	await importDemoDirectory(database.db);
	const prefix = randomPrefix();
	const logs: string[] = [];
	const log = createLogger("web", (line) => logs.push(line));
	const status = createPlatformStatus();
	const supervision = createSupervision({
		db: database.db,
		log,
		locale: "zh-CN",
		directory: createDirectoryCache(),
		connection: TEST_REDIS,
		prefix,
		settings: {
			BOARD_ROTATE_SECONDS: 60,
			BOARD_PAGE_SIZE: 8,
			BOARD_MASK_ENTERPRISES: "on",
			BRIEFING_MONTHLY_CRON: "0 9 1 * *",
			BRIEFING_WEEKLY_CRON: "0 9 * * 1",
			METRICS_TOKEN: options.metricsToken,
			publicUrl: "http://127.0.0.1",
			HOST: options.host ?? "127.0.0.1",
			...options.settings,
		},
		scheduleBriefings: false,
		platformStatus: status,
	});
	await supervision.start();
	const server = await createWebServer({
		log,
		mounts: [
			{ prefix: "/status", plugin: status.routes },
			...supervision.mounts,
		],
		trustProxy: options.trustProxy,
		checkHealth: async () => ({}),
	});
	const url = await server.listen({ port: 0, host: "127.0.0.1" });
	const db = database.db;
	const personId = async (code: string) => {
		const [person] = await db
			.select()
			.from(people)
			.where(eq(people.code, code));
		if (!person) throw new Error(`no ${code} in the demo directory`);
		return person.id;
	};
	return {
		url,
		db,
		prefix,
		status,
		supervision,
		logs,
		async loginForm() {
			const form = await fetch(`${url}/console/login`);
			const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
			if (!csrf) throw new Error("no CSRF token on the login page");
			const cookie = form.headers
				.getSetCookie()
				.map((line) => line.split(";")[0])
				.join("; ");
			return { csrf, cookie };
		},
		async cookieOf(code) {
			return `${SESSION_COOKIE}=${await createSession(db, await personId(code))}`;
		},
		async setRoles(code, roles) {
			await db.update(people).set({ roles }).where(eq(people.code, code));
		},
		async close() {
			await server.close();
			await supervision.close();
			await database.close();
			await wipeRedis(prefix);
		},
	};
}
