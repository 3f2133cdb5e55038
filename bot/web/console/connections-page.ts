/** /console/connections: the chat platforms' login QR codes, for administrators and office staff. */
import type { Person } from "../../../db/schema/directory.ts";
import type { Locale } from "../../texts/catalog.ts";
import { webSecurityText } from "../../texts/web-security.ts";
import type { LoginCode } from "../platform-status.ts";
import { type Html, html } from "./html.ts";

/** Whoever scans the code logs the bot's account in: only those who run the deployment see it. */
export function maySeeLoginCodes(person: Person): boolean {
	return person.roles.some((r) => r === "admin" || r === "office_staff");
}

export function connectionsPage(locale: Locale, codes: LoginCode[]): Html {
	if (codes.length === 0)
		return html`<p>${webSecurityText(locale, "connections_none")}</p>`;
	return html`${codes.map(
		(code) => html`<section>
<p>${webSecurityText(locale, "connections_scan", { platform: code.platform, since: code.since })}</p>
<pre aria-label="login QR code" style="line-height:1;font-size:10px">${code.art}</pre>
<p><a href="${code.url}" rel="noreferrer">${code.url}</a></p>
</section>`,
	)}`;
}
