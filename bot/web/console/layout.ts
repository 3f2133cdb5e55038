/** The console's page frame: navigation, the signed-in person, the logout form. */

import type { Locale } from "../../texts/catalog.ts";
import { consoleText } from "../../texts/console.ts";
import { deskText } from "../../texts/desk.ts";
import { ledgerText } from "../../texts/ledger.ts";
import { roleLabel } from "../../texts/roles.ts";
import { sendFailuresText } from "../../texts/send-failures.ts";
import { triageText } from "../../texts/triage.ts";
import { mayTriage } from "../../understanding/triage-queries.ts";
import { mayUseDesk } from "./desk-actions.ts";
import { type Html, html, raw } from "./html.ts";
import { mayUseQueueDashboard, mayViewAgenda, type Viewer } from "./viewer.ts";

export interface PageContext {
	locale: Locale;
	/** Mount point of the console, e.g. /console. */
	base: string;
	viewer: Viewer | null;
	csrfToken: string;
	/** Current month label for the briefing link. */
	month: string;
}

const STYLE = `
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; color: #1d2330; background: #f4f5f7; font-size: 15px; }
header.top { display: flex; gap: 1.2em; align-items: center; background: #8e1b1b; color: #fff; padding: 0.6em 1.2em; }
header.top a { color: #fff; text-decoration: none; }
header.top .brand { font-weight: bold; font-size: 1.1em; margin-right: 1em; }
header.top .who { margin-left: auto; }
header.top form { display: inline; }
header.top button { background: transparent; color: #fff; border: 1px solid #fff; border-radius: 4px; cursor: pointer; }
main { padding: 1em 1.2em; max-width: 1400px; margin: 0 auto; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.5em; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid #d8dbe2; padding: 0.35em 0.5em; text-align: left; vertical-align: top; }
th { background: #eef0f4; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
form.filters { display: flex; flex-wrap: wrap; gap: 0.6em 1em; align-items: end; background: #fff; padding: 0.8em; border: 1px solid #d8dbe2; margin-bottom: 1em; }
form.filters label { display: flex; flex-direction: column; font-size: 0.85em; gap: 0.2em; }
.dot { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; vertical-align: middle; margin-right: 0.3em; }
.c-green { background: #2e9d4f; } .c-yellow { background: #e6b800; } .c-orange { background: #f07c00; } .c-red { background: #d62020; }
.list-red { color: #b3121b; } .list-yellow { color: #a67c00; } .list-black { color: #000; font-weight: bold; }
.muted { color: #6b7280; } .error { color: #b3121b; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.3em 1em; background: #fff; padding: 0.8em; border: 1px solid #d8dbe2; }
dl.facts dt { color: #6b7280; }
.login { max-width: 360px; margin: 4em auto; background: #fff; padding: 1.5em; border: 1px solid #d8dbe2; }
.login label { display: block; margin: 0.8em 0; } .login input { width: 100%; padding: 0.4em; }
table.agenda td.reason { max-width: 22em; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  header.top, .no-print { display: none !important; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  table { width: 100%; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .dot { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

export function page(ctx: PageContext, title: string, content: Html): string {
	const t = (key: Parameters<typeof consoleText>[1]) =>
		consoleText(ctx.locale, key);
	const viewer = ctx.viewer;
	const nav = viewer
		? html`<a href="${ctx.base}/issues">${t("nav_issues")}</a>
<a href="${ctx.base}/ranking">${t("nav_ranking")}</a>
<a href="${ctx.base}/briefing/${ctx.month}">${t("nav_briefing")}</a>
<a href="${ctx.base}/ledger">${ledgerText(ctx.locale, "nav")}</a>
${mayViewAgenda(viewer) ? html`<a href="${ctx.base}/agenda">${t("nav_agenda")}</a>` : ""}
${mayUseDesk(viewer) ? html`<a href="${ctx.base}/desk">${deskText(ctx.locale, "nav")}</a>` : ""}
${mayTriage(viewer.person) ? html`<a href="${ctx.base}/triage">${triageText(ctx.locale, "nav")}</a>` : ""}
${mayUseDesk(viewer) ? html`<a href="${ctx.base}/send-failures">${sendFailuresText(ctx.locale, "nav")}</a>` : ""}
${mayUseQueueDashboard(viewer.person) ? html`<a href="${ctx.base}/queues/">${t("nav_queues")}</a>` : ""}
<a href="/board">${t("nav_board")}</a>
<span class="who">${consoleText(ctx.locale, "signed_in_as", {
				name: viewer.person.name,
				roles: viewer.person.roles
					.map((r) => roleLabel(ctx.locale, r))
					.join("、"),
			})}</span>
<form method="post" action="${ctx.base}/logout"><input type="hidden" name="_csrf" value="${ctx.csrfToken}"><button type="submit">${t("logout")}</button></form>`
		: "";
	return html`<!doctype html>
<html lang="${ctx.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t("app_name")}</title><style>${raw(STYLE)}</style></head>
<body>
<header class="top"><span class="brand">${t("app_name")}</span>${nav}</header>
<main>
<h1>${title}</h1>
${content}
</main>
</body>
</html>`.value;
}

export function colourDot(locale: Locale, colour: string): Html {
	const key = `colour_${colour}` as Parameters<typeof consoleText>[1];
	return html`<span class="dot c-${colour}"></span>${consoleText(locale, key)}`;
}
