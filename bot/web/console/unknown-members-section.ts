/** The triage page's members to claim: each unknown member's kept message, claimed in one click. */
import { formatDateTime } from "../../conversation/format.ts";
import type { Locale } from "../../texts/catalog.ts";
import { triageText } from "../../texts/triage.ts";
import { unknownMemberText } from "../../texts/unknown-members.ts";
import type { UnknownMemberRow } from "../../understanding/unknown-members.ts";
import { type Html, html } from "./html.ts";

export function unknownMembersSection(
	locale: Locale,
	base: string,
	csrfToken: string,
	rows: UnknownMemberRow[],
	enterprises: { id: number; name: string }[],
): Html {
	const t = (key: Parameters<typeof unknownMemberText>[1], params = {}) =>
		unknownMemberText(locale, key, params);
	const choices = [
		html`<option value="">—</option>`,
		...enterprises.map((e) => html`<option value="${e.id}">${e.name}</option>`),
	];
	const table =
		rows.length === 0
			? html`<p class="muted">${t("console_empty")}</p>`
			: html`<table class="triage"><thead><tr><th>${triageText(locale, "col_time")}</th><th>${t("col_person")}</th><th>${triageText(locale, "col_text")}</th><th>${t("col_enterprise")}</th></tr></thead><tbody>${rows.map(
					({ report, group }) =>
						html`<tr id="unknown-${report.id}"><td>${formatDateTime(locale, report.createdAt)}</td><td>${report.authorName ?? report.authorExternalId}<br><span class="muted">${group}</span></td><td class="text">${report.text}</td><td>
<form method="post" action="${base}/triage/unknown/${report.id}"><input type="hidden" name="_csrf" value="${csrfToken}"><select name="enterprise" aria-label="${t("col_enterprise")}" required>${choices}</select> <button type="submit">${t("console_claim")}</button></form>
</td></tr>`,
				)}</tbody></table>`;
	return html`<h2 id="unknown-members">${t("console_title")}</h2>
<p class="muted">${t("console_intro")}</p>
${table}`;
}
