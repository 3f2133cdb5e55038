/**
 * Bull Board on the console, for administrators only (the console checks who), and read-only: a job
 * added, retried or promoted by hand would be taken as a real chat message (an enterprise's rating,
 * a confirmation), so nothing can be changed through it.
 */
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import type { FastifyPluginAsync } from "fastify";
import type { QueueSet } from "./queues.ts";

/** Register under the path given as `basePath` (the full path, e.g. /console/queues). */
export function createQueueDashboard(
	queues: QueueSet,
	basePath: string,
): FastifyPluginAsync {
	return async (app) => {
		// Bull Board refuses its own write routes on read-only queues; this also covers any write
		// route a later version adds. Only reading methods pass.
		app.addHook("onRequest", async (request, reply) => {
			if (request.method !== "GET" && request.method !== "HEAD")
				return reply.status(405).header("allow", "GET, HEAD").send({
					error: "read_only",
					message: "the queue dashboard is read-only",
				});
		});
		const serverAdapter = new FastifyAdapter();
		serverAdapter.setBasePath(basePath);
		createBullBoard({
			queues: queues.queues.map(
				(queue) => new BullMQAdapter(queue, { readOnlyMode: true }),
			),
			// @bull-board/fastify 9.10.1 pins its own @bull-board/api 9.10.1 beside our 9.10.2: same shape,
			// separate declarations. Aligning the two versions in package.json removes this cast.
			serverAdapter: serverAdapter as unknown as Parameters<
				typeof createBullBoard
			>[0]["serverAdapter"],
			options: { uiConfig: { boardTitle: "Qinqing queues" } },
		});
		await app.register(serverAdapter.registerPlugin());
	};
}
