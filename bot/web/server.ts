import Fastify, {
	type FastifyInstance,
	type FastifyPluginAsync,
} from "fastify";
import type { Logger } from "../runtime/logger.ts";
import { trustProxySetting } from "./trust-proxy.ts";

export interface WebMount {
	prefix: string;
	plugin: FastifyPluginAsync;
}

export interface WebServerOptions {
	log: Logger;
	mounts: WebMount[];
	/** Readiness: throws when a dependency the web role needs is down. */
	checkHealth: () => Promise<Record<string, "ok" | string>>;
	/** TRUST_PROXY (trust-proxy.ts): which X-Forwarded-For hops give the client's address (login limits count by it). */
	trustProxy?: string | number | boolean;
}

/** The bot's one web port: playground, health, and later the board, console, API and Slack events. */
export async function createWebServer(
	options: WebServerOptions,
): Promise<FastifyInstance> {
	const app = Fastify({
		logger: false,
		bodyLimit: 1024 * 1024,
		trustProxy: trustProxySetting(options.trustProxy),
	});
	app.setErrorHandler(
		(error: { statusCode?: number; message?: string }, _request, reply) => {
			const status = error.statusCode ?? 500;
			if (status >= 500)
				options.log.error("web request failed", { error: error.message });
			reply
				.status(status)
				.send({ error: status >= 500 ? "internal error" : error.message });
		},
	);
	app.get("/healthz", async (_request, reply) => {
		const checks = await options.checkHealth();
		const healthy = Object.values(checks).every((v) => v === "ok");
		reply
			.status(healthy ? 200 : 503)
			.send({ status: healthy ? "ok" : "degraded", checks });
	});
	for (const mount of options.mounts) {
		await app.register(mount.plugin, { prefix: mount.prefix });
	}
	return app;
}
