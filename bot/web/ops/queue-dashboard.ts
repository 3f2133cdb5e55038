/** Bull Board on the console, for supervisors and administrators (the console checks who). */
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
		const serverAdapter = new FastifyAdapter();
		serverAdapter.setBasePath(basePath);
		createBullBoard({
			queues: queues.queues.map((queue) => new BullMQAdapter(queue)),
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
