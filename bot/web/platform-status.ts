/** /status: the state of each chat connection, and the WeChat login QR code while it waits for a scan. */
import type { FastifyPluginAsync } from "fastify";
import qrcode from "qrcode-terminal";

interface ConnectionStatus {
	state: string;
	detail?: string;
	qr?: { url: string; art: string };
	since: string;
}

export interface PlatformStatus {
	set(platform: string, state: string, detail?: string): void;
	setQr(platform: string, url: string): void;
	routes: FastifyPluginAsync;
}

export function createPlatformStatus(): PlatformStatus {
	const connections = new Map<string, ConnectionStatus>();
	const escapeHtml = (s: string) =>
		s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
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
		routes: async (app) => {
			app.get("/", async (request, reply) => {
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
								? `<pre aria-label="login QR code">${escapeHtml(s.qr.art)}</pre><p><a href="${escapeHtml(s.qr.url)}">${escapeHtml(s.qr.url)}</a></p>`
								: ""
						}<p>since ${escapeHtml(s.since)}</p></section>`,
				);
				reply
					.type("text/html; charset=utf-8")
					.send(
						`<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Qinqing status</title><style>body{font-family:sans-serif;margin:2rem}pre{line-height:1;font-size:10px}</style><h1>Qinqing connections</h1>${rows.join("") || "<p>No chat platform configured (the playground needs no connection).</p>"}`,
					);
			});
		},
	};
}
