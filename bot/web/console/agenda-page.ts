/** The joint meeting agenda (联席会议议题): two printable tables, joint meeting and province. */
import type {
	AgendaItem,
	AgendaTier,
	JointMeetingAgenda,
} from "../../../workflows/reports/joint-meeting-agenda.ts";
import { formatDateTime } from "../../conversation/format.ts";
import type { Locale } from "../../texts/catalog.ts";
import { consoleText } from "../../texts/console.ts";
import { type Html, html } from "./html.ts";
import { colourDot } from "./layout.ts";

const SECTIONS: Array<
	[tier: AgendaTier, key: "agenda_joint_meeting" | "agenda_province"]
> = [
	["joint_meeting", "agenda_joint_meeting"],
	["province", "agenda_province"],
];

export function agendaPage(
	locale: Locale,
	base: string,
	agenda: JointMeetingAgenda,
	now: Date,
): Html {
	const t = (key: Parameters<typeof consoleText>[1], params = {}) =>
		consoleText(locale, key, params);
	const section = (
		tier: AgendaTier,
		key: Parameters<typeof consoleText>[1],
	) => {
		const items = agenda[tier];
		return html`<section class="agenda" id="agenda-${tier}">
<h2>${t(key)} <span class="muted">${t("agenda_count", { count: items.length })}</span></h2>
${items.length === 0 ? html`<p class="muted">${t("agenda_empty")}</p>` : agendaTable(locale, base, items)}
</section>`;
	};
	return html`<p class="no-print"><button type="button" onclick="window.print()">${t("agenda_print")}</button></p>
<p class="muted">${t("agenda_as_of", { time: formatDateTime(locale, now) })}</p>
${SECTIONS.map(([tier, key]) => section(tier, key))}`;
}

function agendaTable(locale: Locale, base: string, items: AgendaItem[]): Html {
	const t = (key: Parameters<typeof consoleText>[1], params = {}) =>
		consoleText(locale, key, params);
	return html`<table class="agenda"><thead><tr><th>${t("col_number")}</th><th>${t("col_enterprise")}</th><th>${t("col_title")}</th><th>${t("col_category")}</th><th>${t("col_department")}</th><th>${t("agenda_col_co_handlers")}</th><th>${t("agenda_col_open")}</th><th>${t("agenda_col_reason")}</th><th>${t("col_due")}</th><th>${t("col_colour")}</th></tr></thead><tbody>${items.map(
		(item) =>
			html`<tr data-number="${item.number}"><td><a href="${base}/issues/${item.number}">${item.number}</a></td><td>${item.enterprise ?? "—"}</td><td>${item.title}</td><td>${item.category ?? "—"}</td><td>${item.leadDepartment ?? "—"}</td><td>${item.coHandlers.length > 0 ? item.coHandlers.join("、") : "—"}</td><td class="num">${t("agenda_open_days", { days: item.openDays })}</td><td class="reason">${item.raisedReason ?? "—"}${item.raisedAt ? html`<br><span class="muted">${formatDateTime(locale, item.raisedAt)}</span>` : ""}</td><td>${item.dueAt ? formatDateTime(locale, item.dueAt) : "—"}</td><td>${colourDot(locale, item.colour)}</td></tr>`,
	)}</tbody></table>`;
}
