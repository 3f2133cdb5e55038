/** The triage page: each waiting message with the model's guess, registered or dismissed in one click. */

import { formatDateTime } from "../../conversation/format.ts";
import type { Locale } from "../../texts/catalog.ts";
import { triageText } from "../../texts/triage.ts";
import type {
	AccuracyFigures,
	CandidateRow,
} from "../../understanding/triage-queries.ts";
import { type Html, html } from "./html.ts";

export function triagePage(
	locale: Locale,
	base: string,
	csrfToken: string,
	rows: CandidateRow[],
	categories: { code: string; name: string }[],
	accuracy: AccuracyFigures,
	notice: string | null,
): Html {
	const t = (key: Parameters<typeof triageText>[1], params = {}) =>
		triageText(locale, key, params);
	const options = (selected: string | null) => [
		html`<option value="">${t("no_category")}</option>`,
		...categories.map(
			(c) =>
				html`<option value="${c.code}"${selected === c.code ? html` selected` : ""}>${c.name}</option>`,
		),
	];
	const table =
		rows.length === 0
			? html`<p class="muted">${t("empty")}</p>`
			: html`<table class="triage"><thead><tr><th>${t("col_time")}</th><th>${t("col_enterprise")}</th><th>${t("col_text")}</th><th>${t("col_guess")}</th><th>${t("col_action")}</th></tr></thead><tbody>${rows.map(
					({ candidate, enterprise, reporter }) =>
						html`<tr id="candidate-${candidate.id}"><td>${formatDateTime(locale, candidate.createdAt)}</td><td>${enterprise}<br><span class="muted">${reporter}</span></td><td class="text">${candidate.text}</td><td>${categories.find((c) => c.code === candidate.categoryCode)?.name ?? "—"}<br><span class="muted">${t("confidence", { problem: Math.round(candidate.problemProbability * 100) })}</span></td><td>
<form method="post" action="${base}/triage/${candidate.id}"><input type="hidden" name="_csrf" value="${csrfToken}"><input type="hidden" name="action" value="promote"><select name="category" aria-label="${t("col_guess")}">${options(candidate.categoryCode)}</select> <button type="submit">${t("promote")}</button></form>
<form method="post" action="${base}/triage/${candidate.id}"><input type="hidden" name="_csrf" value="${csrfToken}"><input type="hidden" name="action" value="dismiss"><button type="submit">${t("dismiss")}</button></form>
</td></tr>`,
				)}</tbody></table>`;
	const figures =
		accuracy.registered + accuracy.missed + accuracy.candidates === 0
			? html`<p class="muted">${t("accuracy_none")}</p>`
			: html`<p>${t("accuracy_line", { ...accuracy, dismissedCount: accuracy.dismissed })}</p>${accuracy.accuracy === null ? "" : html`<p><strong>${t("accuracy_detail", { accuracy: accuracy.accuracy })}</strong></p>`}`;
	return html`<h1>${t("title")}</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ""}
<p class="muted">${t("intro")}</p>
${table}
<h2>${t("accuracy_title")}</h2>
${figures}`;
}
