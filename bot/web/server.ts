import Fastify, {
	type FastifyInstance,
	type FastifyPluginAsync,
} from "fastify";
import type { Logger } from "../runtime/logger.ts";

export interface WebMount {
	prefix: string;
	plugin: FastifyPluginAsync;
}

export interface WebServerOptions {
	log: Logger;
	mounts: WebMount[];
	/** Readiness: throws when a dependency the web role needs is down. */
	checkHealth: () => Promise<Record<string, "ok" | string>>;
	/** Behind a reverse proxy: take the client's address from X-Forwarded-For (login limits count by it). */
	trustProxy?: boolean;
}

/** The bot's one web port: playground, health, and later the board, console, API and Slack events. */
export async function createWebServer(
	options: WebServerOptions,
): Promise<FastifyInstance> {
	const app = Fastify({
		logger: false,
		bodyLimit: 1024 * 1024,
		trustProxy: options.trustProxy ?? false,
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
