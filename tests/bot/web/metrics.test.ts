import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLogger } from "../../../bot/runtime/logger.ts";
import { createMetricsRoutes } from "../../../bot/web/ops/metrics.ts";
import { createWebServer } from "../../../bot/web/server.ts";
import { describeEachDriver } from "../../support/databases.ts";

const TOKEN = "scrape-token-0123456789";

describeEachDriver("/metrics with a token", (database) => {
	let app: FastifyInstance;

	beforeAll(async () => {
		const log = createLogger("test", () => {});
		app = await createWebServer({
			log,
			checkHealth: async () => ({}),
			mounts: [
				{
					prefix: "/metrics",
					plugin: createMetricsRoutes({ db: database().db, log, token: TOKEN }),
				},
			],
		});
	});
	afterAll(async () => {
		await app?.close();
	});

	const scrape = (authorization?: string) =>
		app.inject({
			method: "GET",
			url: "/metrics",
			headers: authorization ? { authorization } : {},
		});

	it("refuses a scrape without the token or with another, and serves one with it", async () => {
		for (const header of [undefined, "Bearer wrong", `Bearer ${TOKEN}x`]) {
			const refused = await scrape(header);
			expect(refused.statusCode).toBe(401);
			expect(refused.body).not.toContain("qinqing_");
		}
		const served = await scrape(`Bearer ${TOKEN}`);
		expect(served.statusCode).toBe(200);
		expect(served.body).toContain("qinqing_outbox_unsent 0");
	});
});
