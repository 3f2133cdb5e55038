/**
 * `/`: the front page. Links only — it reads nothing from the database, so it shows nothing a
 * visitor could not already reach. The playground is listed only where it is mounted.
 */
import type { FastifyPluginAsync } from "fastify";
import type { Locale } from "../texts/catalog.ts";
import { frontDoorText } from "../texts/front-door.ts";
import { html, raw } from "./console/html.ts";

export interface FrontDoorOptions {
	locale: Locale;
	/** Whether this process serves the playground (PLAYGROUND and the gateway role). */
	playground: boolean;
}

/** Where the pages are mounted (bot/app.ts, bot/web/ops/supervision.ts). */
export const FRONT_DOOR_LINKS = {
	playground: "/playground/",
	board: "/board/",
	console: "/console/",
	status: "/status/",
	api: "/api/docs/",
} as const;

const STYLE = `
body { margin: 0; font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; color: #1d2330; background: #f4f5f7; }
header { background: #8e1b1b; color: #fff; padding: 1.2em 1.5em; }
header h1 { margin: 0; font-size: 1.6em; }
header p { margin: 0.4em 0 0; max-width: 46em; line-height: 1.5; }
main { max-width: 52em; margin: 1.5em auto; padding: 0 1.5em; display: grid; gap: 0.8em; }
a.door { display: block; background: #fff; border: 1px solid #d8dbe2; border-left: 5px solid #8e1b1b; padding: 0.8em 1em; text-decoration: none; color: inherit; }
a.door:hover, a.door:focus { border-color: #8e1b1b; }
a.door strong { display: block; font-size: 1.15em; color: #8e1b1b; }
a.door span { color: #4b5563; }
`;

export function frontDoorPage(options: FrontDoorOptions): string {
	const t = (key: Parameters<typeof frontDoorText>[1]) =>
		frontDoorText(options.locale, key);
	const doors = (
		[
			options.playground ? "playground" : null,
			"board",
			"console",
			"status",
			"api",
		] as const
	).filter((door) => door !== null);
	const links = doors.map(
		(door) =>
			html`<a class="door" id="door-${door}" href="${FRONT_DOOR_LINKS[door]}"><strong>${t(door)}</strong><span>${t(`${door}_about`)}</span></a>`,
	);
	return html`<!doctype html>
<html lang="${options.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t("page_title")}</title><style>${raw(STYLE)}</style></head>
<body>
<header><h1>${t("heading")}</h1><p>${t("intro")}</p></header>
<main>${links}</main>
</body>
</html>`.toString();
}

export function createFrontDoorRoutes(
	options: FrontDoorOptions,
): FastifyPluginAsync {
	const body = frontDoorPage(options);
	return async (app) => {
		app.get("/", async (_request, reply) => {
			reply.type("text/html; charset=utf-8").send(body);
		});
	};
}
