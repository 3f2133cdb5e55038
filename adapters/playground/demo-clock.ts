/**
 * The playground's demo clock (demo mode only, docs/demo.md): `GET /api/demo-clock` says the bot's
 * time, `POST /api/demo-clock/advance` moves it one working day forward. Without a demo clock these
 * routes are not registered (404) and the page shows no button.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { createRateLimit } from "../../bot/web/rate-limit.ts";

export interface PlaygroundDemoClock {
	now(): Date;
	/** Moves the bot's time to the next working day; returns the new time. */
	advance(): Promise<Date>;
	/** The button's text (快进 1 个工作日). */
	label: string;
	/** The time as the page shows it ("演示时间：…"). */
	describe(at: Date): string;
}

const escapeHtml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The header's part of the page: the demo time and the button (empty without a demo clock). */
export function demoClockMarkup(
	clock: PlaygroundDemoClock | undefined,
): string {
	if (!clock) return "";
	return `<div class="demo-clock"><span id="demo-clock-time">${escapeHtml(clock.describe(clock.now()))}</span><button type="button" id="demo-clock-advance">${escapeHtml(clock.label)}</button></div>`;
}

/**
 * Refused unless sent by the page itself: a JSON body (a cross-site form cannot send one without
 * the browser asking first) and, when the browser names an origin, this server's.
 */
function fromThePage(request: FastifyRequest): boolean {
	const type = request.headers["content-type"] ?? "";
	if (!type.startsWith("application/json")) return false;
	const origin = request.headers.origin;
	if (!origin) return true;
	try {
		return new URL(origin).host === request.headers.host;
	} catch {
		return false;
	}
}

export function registerDemoClockRoutes(
	app: FastifyInstance,
	clock: PlaygroundDemoClock,
): void {
	const shown = (at: Date) => ({
		now: at.toISOString(),
		text: clock.describe(at),
	});
	app.get("/api/demo-clock", async () => shown(clock.now()));
	app.post(
		"/api/demo-clock/advance",
		{ onRequest: createRateLimit({ perMinute: 60 }) },
		async (request, reply) => {
			if (!fromThePage(request))
				return reply.code(403).send({
					error: {
						code: "not_from_the_page",
						message: "send a JSON body from the playground page",
					},
				});
			return shown(await clock.advance());
		},
	);
}
