/**
 * /status: the state of each chat connection, for anyone. The WeChat login QR code logs the bot's
 * account in for whoever scans it, so it is not here: the console shows it to administrators and
 * office staff (`loginCodes`, /console/connections).
 */
import type { FastifyPluginAsync } from "fastify";
import qrcode from "qrcode-terminal";
import type { Locale } from "../texts/catalog.ts";
import { webSecurityText } from "../texts/web-security.ts";

interface ConnectionStatus {
	state: string;
	detail?: string;
	qr?: { url: string; art: string };
	since: string;
}

/** A connection waiting for a scan: the code's URL and its drawing. */
export interface LoginCode {
	platform: string;
	url: string;
	art: string;
	since: string;
}

export interface PlatformStatus {
	set(platform: string, state: string, detail?: string): void;
	setQr(platform: string, url: string): void;
	/** The login codes waiting for a scan: only for signed-in administrators and office staff. */
	loginCodes(): LoginCode[];
	routes: FastifyPluginAsync;
}

export interface PlatformStatusOptions {
	locale?: Locale;
	/** Where the console shows the login codes. */
	consolePath?: string;
}

export function createPlatformStatus(
	options: PlatformStatusOptions = {},
): PlatformStatus {
	const locale = options.locale ?? "zh-CN";
	const consolePath = options.consolePath ?? "/console/connections";
	const connections = new Map<string, ConnectionStatus>();
	const escapeHtml = (s: string) =>
		s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
	return {
		set(platform, state, detail) {
			const previous = connections.get(platform);
			connections.set(platform, {
				state,
				...(detail ? { detail } : {}),
				...(state === "scanning" && previous?.qr ? { qr: previous.qr } : {}),
				since: new Date().toISOString(),
			});
		},
		setQr(platform, url) {
			qrcode.generate(url, { small: true }, (art: string) => {
				connections.set(platform, {
					state: "scanning",
					qr: { url, art },
					since: new Date().toISOString(),
				});
			});
		},
		loginCodes() {
			return [...connections.entries()].flatMap(([platform, s]) =>
				s.qr ? [{ platform, ...s.qr, since: s.since }] : [],
			);
		},
		routes: async (app) => {
			app.get("/", async (request, reply) => {
				reply.header("cache-control", "no-store");
				const entries = [...connections.entries()];
				if (!String(request.headers.accept ?? "").includes("text/html")) {
					return Object.fromEntries(
						entries.map(([p, s]) => [
							p,
							{ state: s.state, detail: s.detail, since: s.since },
						]),
					);
				}
				const rows = entries.map(
					([platform, s]) =>
						`<section><h2>${escapeHtml(platform)}: ${escapeHtml(s.state)}</h2>${s.detail ? `<p>${escapeHtml(s.detail)}</p>` : ""}${
							s.qr
								? `<p>${escapeHtml(webSecurityText(locale, "status_qr_in_console", { url: "" }))}<a href="${escapeHtml(consolePath)}">${escapeHtml(consolePath)}</a></p>`
								: ""
						}<p>since ${escapeHtml(s.since)}</p></section>`,
				);
				reply
					.type("text/html; charset=utf-8")
					.send(
						`<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Qinqing status</title><style>body{font-family:sans-serif;margin:2rem}</style><h1>Qinqing connections</h1>${rows.join("") || "<p>No chat platform configured (the playground needs no connection).</p>"}`,
					);
			});
		},
	};
}
