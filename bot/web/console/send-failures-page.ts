/**
 * The list of messages a platform refused for good (bot/pipeline/send-failures.ts): every one for the
 * admins, those about the issues they may read for the desk's users.
 */
import { formatDateTime } from "../../conversation/format.ts";
import type { PermanentSendFailure } from "../../pipeline/send-failures.ts";
import type { Locale } from "../../texts/catalog.ts";
import { sendFailuresText } from "../../texts/send-failures.ts";
import { type Html, html } from "./html.ts";

export function sendFailuresPage(
	locale: Locale,
	base: string,
	rows: ReadonlyArray<PermanentSendFailure & { groupName: string | null }>,
): Html {
	const t = (key: Parameters<typeof sendFailuresText>[1]) =>
		sendFailuresText(locale, key);
	const table =
		rows.length === 0
			? html`<p class="muted">${t("empty")}</p>`
			: html`<table class="send-failures"><thead><tr><th>${t("col_time")}</th><th>${t("col_where")}</th><th>${t("col_reason")}</th><th>${t("col_issue")}</th><th>${t("col_text")}</th></tr></thead><tbody>${rows.map(
					(row) =>
						html`<tr><td>${formatDateTime(locale, row.failedAt)}</td><td>${row.platform}<br>${row.groupName ?? html`<span class="muted">${row.conversationId}</span>`}</td><td>${row.code ?? row.reason}</td><td>${row.issueNumber ? html`<a href="${base}/issues/${row.issueNumber}">#${row.issueNumber}</a>` : "—"}</td><td class="text">${row.text}</td></tr>`,
				)}</tbody></table>`;
	return html`<h1>${t("title")}</h1>
<p class="muted">${t("intro")}</p>
${table}`;
}
