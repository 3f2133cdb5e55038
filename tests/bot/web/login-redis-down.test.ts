/**
 * The console login while Redis cannot be reached: the failures cannot be counted, so no password is
 * checked, and the page says so politely instead of failing with a 500.
 */
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openRedis } from "../../../bot/pipeline/redis.ts";
import { createLoginThrottle } from "../../../bot/web/console/login-throttle.ts";
import { createConsoleRoutes } from "../../../bot/web/console/routes.ts";
import {
	createTestDatabase,
	type TestDatabase,
} from "../../support/databases.ts";
import { silentLog } from "../../support/pipeline.ts";
import { randomPrefix } from "../../support/redis.ts";

let database: TestDatabase;
let app: FastifyInstance;
// Nothing listens on port 1: every connection is refused.
const unreachable = openRedis(
	{ host: "127.0.0.1", port: 1 },
	{ maxRetriesPerRequest: 1, lazyConnect: true },
);
unreachable.on("error", () => {});

beforeAll(async () => {
	database = await createTestDatabase("pglite");
	app = Fastify();
	await app.register(
		createConsoleRoutes({
			db: database.db,
			log: silentLog,
			locale: "zh-CN",
			loginThrottle: createLoginThrottle({
				redis: unreachable,
				prefix: randomPrefix(),
			}),
		}),
		{ prefix: "/console" },
	);
	await app.ready();
});

afterAll(async () => {
	await app?.close();
	unreachable.disconnect();
	await database?.close();
});

it("refuses a password sign-in with 503 and points to the one-time link", async () => {
	const form = await app.inject({ method: "GET", url: "/console/login" });
	const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
	if (!csrf) throw new Error("no CSRF token on the login page");
	const cookie = form.cookies.map((c) => `${c.name}=${c.value}`).join("; ");

	const answer = await app.inject({
		method: "POST",
		url: "/console/login",
		headers: {
			"content-type": "application/x-www-form-urlencoded",
			cookie,
		},
		payload: new URLSearchParams({
			_csrf: csrf,
			code: "luo-xiaodong",
			password: "guess",
		}).toString(),
	});
	expect(answer.statusCode).toBe(503);
	expect(answer.body).toContain("暂时无法登录");
	expect(answer.body).toContain("「登录」");
});
