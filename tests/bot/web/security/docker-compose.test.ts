/**
 * docker-compose.yml read as Compose reads it (there is no Docker engine here): the service `docker
 * compose up` starts never runs the playground and publishes only on the host's loopback; the demo
 * is a separate, clearly named service that keeps away from the production data.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

interface Service {
	image?: string;
	profiles?: string[];
	environment?: Record<string, string>;
	ports?: Array<string | { host_ip?: string; published?: string | number }>;
	depends_on?: Record<string, unknown>;
}

const compose = parse(
	readFileSync(
		new URL("../../../../docker-compose.yml", import.meta.url),
		"utf8",
	),
	{ merge: true },
) as { services: Record<string, Service> };
const services = compose.services;

/** The host address a published port binds; Compose binds 0.0.0.0 when none is written. */
function hostAddress(
	port: Service["ports"] extends Array<infer P> | undefined ? P : never,
) {
	if (typeof port === "object") return port.host_ip ?? "0.0.0.0";
	const parts = String(port).split(":");
	return parts.length >= 3 ? parts.slice(0, -2).join(":") : "0.0.0.0";
}

describe("docker-compose.yml", () => {
	it("runs the production bot by default, without the playground", () => {
		const bot = services.bot;
		expect(bot).toBeDefined();
		expect(bot?.profiles ?? []).toEqual([]);
		expect(bot?.environment?.PLAYGROUND).toBe("off");
	});

	it("publishes no port of any service on every interface", () => {
		for (const [name, service] of Object.entries(services)) {
			for (const port of service.ports ?? [])
				expect(
					hostAddress(port),
					`${name} publishes ${JSON.stringify(port)}`,
				).toBe("127.0.0.1");
		}
	});

	it("passes the metrics token through, so /metrics can be scraped only with it", () => {
		expect(services.bot?.environment?.METRICS_TOKEN).toMatch(
			/\$\{METRICS_TOKEN/,
		);
	});

	it("keeps the demo as its own service behind the demo profile, on its own data", () => {
		const demo = services["bot-demo"];
		expect(demo?.profiles).toEqual(["demo"]);
		expect(demo?.environment?.PLAYGROUND).toBe("on");
		// Blank overrides a DATABASE_URL in .env: the embedded database under DATA_DIR.
		expect(demo?.environment?.DATABASE_URL ?? "").toBe("");
		expect(demo?.environment?.REDIS_URL).not.toBe(
			services.bot?.environment?.REDIS_URL,
		);
		expect(demo?.depends_on?.postgres).toBeUndefined();
	});
});
