/**
 * `/metrics` for Prometheus: issues by state and colour, queue depths, how late the oldest due
 * wake-up is, and messages the platforms refused. Read from Postgres and Redis at scrape time.
 */
import { timingSafeEqual } from "node:crypto";
import { and, count, isNotNull, isNull, lt, min } from "drizzle-orm";
import type { FastifyPluginAsync } from "fastify";
import { Gauge, Registry } from "prom-client";
import type { Db } from "../../../db/client.ts";
import { issues } from "../../../db/schema/issues.ts";
import { outbox } from "../../../db/schema/pipeline.ts";
import type { Logger } from "../../runtime/logger.ts";
import type { QueueSet } from "./queues.ts";

export interface MetricsOptions {
	db: Db;
	log: Logger;
	queues?: QueueSet;
	/** When set, a scrape must send `Authorization: Bearer <token>`. */
	token?: string;
	/** Without a token: true (HOST beyond loopback) answers every scrape 401; false leaves /metrics open. */
	requireToken?: boolean;
	now?: () => Date;
}

const JOB_STATES = [
	"waiting",
	"active",
	"delayed",
	"failed",
	"prioritized",
	"waiting-children",
] as const;

export function createMetricsRegistry(options: MetricsOptions): Registry {
	const { db } = options;
	const now = options.now ?? (() => new Date());
	const registry = new Registry();
	new Gauge({
		name: "qinqing_issues",
		help: "Issues by state and warning colour.",
		labelNames: ["state", "colour"],
		registers: [registry],
		async collect() {
			const rows = await db
				.select({ state: issues.state, colour: issues.colour, n: count() })
				.from(issues)
				.groupBy(issues.state, issues.colour);
			this.reset();
			for (const row of rows)
				this.set({ state: row.state, colour: row.colour }, Number(row.n));
		},
	});
	new Gauge({
		name: "qinqing_queue_jobs",
		help: "BullMQ jobs per queue and state.",
		labelNames: ["queue", "state"],
		registers: [registry],
		async collect() {
			this.reset();
			for (const queue of options.queues?.queues ?? []) {
				try {
					const counts = await queue.getJobCounts(...JOB_STATES);
					for (const state of JOB_STATES)
						this.set({ queue: queue.name, state }, counts[state] ?? 0);
				} catch (error) {
					options.log.warn("queue metrics unavailable", {
						queue: queue.name,
						error: (error as Error).message,
					});
				}
			}
		},
	});
	new Gauge({
		name: "qinqing_wakeup_lateness_seconds",
		help: "How long the oldest escalation wake-up has been due and not handled (0 when none is late).",
		registers: [registry],
		async collect() {
			const at = now();
			const [row] = await db
				.select({ oldest: min(issues.nextWakeAt) })
				.from(issues)
				.where(and(isNotNull(issues.nextWakeAt), lt(issues.nextWakeAt, at)));
			const oldest = row?.oldest ? new Date(row.oldest) : null;
			this.set(oldest ? (at.getTime() - oldest.getTime()) / 1000 : 0);
		},
	});
	new Gauge({
		name: "qinqing_send_failures",
		help: "Outbox messages that failed for good (last_error set, not sent).",
		registers: [registry],
		async collect() {
			const [row] = await db
				.select({ n: count() })
				.from(outbox)
				.where(and(isNotNull(outbox.lastError), isNull(outbox.sentAt)));
			this.set(Number(row?.n ?? 0));
		},
	});
	new Gauge({
		name: "qinqing_outbox_unsent",
		help: "Outbox messages promised and not sent yet.",
		registers: [registry],
		async collect() {
			const [row] = await db
				.select({ n: count() })
				.from(outbox)
				.where(and(isNull(outbox.sentAt), isNull(outbox.lastError)));
			this.set(Number(row?.n ?? 0));
		},
	});
	return registry;
}

export function createMetricsRoutes(
	options: MetricsOptions,
): FastifyPluginAsync {
	const registry = createMetricsRegistry(options);
	const expected = options.token
		? Buffer.from(`Bearer ${options.token}`)
		: null;
	const closed = !expected && options.requireToken === true;
	if (closed)
		options.log.warn(
			"/metrics answers 401: the web server listens beyond loopback and METRICS_TOKEN is not set. Set METRICS_TOKEN (16+ characters) and scrape with Authorization: Bearer <token>.",
		);
	const authorized = (header: string | undefined) => {
		if (closed) return false;
		if (!expected) return true;
		const given = Buffer.from(header ?? "");
		return given.length === expected.length && timingSafeEqual(given, expected);
	};
	return async (app) => {
		app.get("/", async (request, reply) => {
			if (!authorized(request.headers.authorization))
				return reply
					.status(401)
					.header("www-authenticate", 'Bearer realm="qinqing-metrics"')
					.send({
						error: "unauthorized",
						message: closed
							? "set METRICS_TOKEN on the server and send it as Authorization: Bearer <token>"
							: "send the metrics token",
					});
			reply.type(registry.contentType).send(await registry.metrics());
		});
	};
}
