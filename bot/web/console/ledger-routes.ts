/**
 * `/console/ledger`: the monthly reconciliation (每月对账销号) and `/console/ledger.xlsx`, the whole
 * ledger of the viewer's issues (issueScope: an official sees their department's only).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Db } from "../../../db/client.ts";
import { ledgerRows } from "../../../workflows/reports/ledger.ts";
import { monthOf, parsePeriod } from "../../../workflows/reports/period.ts";
import {
	monthlyReconciliation,
	type Reconciliation,
	type ReconciliationRow,
} from "../../../workflows/reports/reconciliation.ts";
import type { Locale } from "../../texts/catalog.ts";
import { ledgerText } from "../../texts/ledger.ts";
import { type Html, html } from "./html.ts";
import { type PageContext, page } from "./layout.ts";
import { ledgerTime, ledgerXlsx } from "./ledger-xlsx.ts";
import { issueScope, type Viewer } from "./viewer.ts";

export interface LedgerRouteOptions {
	db: Db;
	locale: Locale;
	now: () => Date;
	viewerOf: (request: FastifyRequest) => Viewer;
	context: (request: FastifyRequest, reply: FastifyReply) => PageContext;
}

export function registerLedgerRoutes(
	app: FastifyInstance,
	options: LedgerRouteOptions,
): void {
	const { db, locale, now } = options;
	const base = app.prefix;

	app.get("/ledger.xlsx", async (request, reply) => {
		const scope = issueScope(options.viewerOf(request));
		return reply
			.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
			.header("cache-control", "no-store")
			.header(
				"content-disposition",
				`attachment; filename="ledger-${monthOf(now())}.xlsx"`,
			)
			.send(ledgerXlsx(locale, ledgerRows(db, { scope })));
	});

	app.get<{ Querystring: { month?: string } }>(
		"/ledger",
		async (request, reply) => {
			const requested = parsePeriod(request.query.month ?? "");
			const period =
				requested?.kind === "month" ? requested : parsePeriod(monthOf(now()));
			if (!period) throw new Error("the current month is not a period");
			const reconciliation = await monthlyReconciliation(db, period, {
				now: now(),
				scope: issueScope(options.viewerOf(request)),
			});
			return reply
				.type("text/html; charset=utf-8")
				.header("cache-control", "no-store")
				.send(
					page(
						options.context(request, reply),
						ledgerText(locale, "title"),
						reconciliationView(locale, base, reconciliation),
					),
				);
		},
	);
}

function reconciliationView(
	locale: Locale,
	base: string,
	r: Reconciliation,
): Html {
	const t = (key: Parameters<typeof ledgerText>[1]) => ledgerText(locale, key);
	const section = (
		id: string,
		key: Parameters<typeof ledgerText>[1],
		rows: ReconciliationRow[],
	) =>
		html`<h2>${t(key)}（${rows.length}）</h2>${
			rows.length === 0
				? html`<p class="muted">${t("none")}</p>`
				: html`<table id="${id}"><thead><tr><th>${t("col_number")}</th><th>${t("col_title")}</th><th>${t("col_enterprise")}</th><th>${t("col_department")}</th><th>${t("col_at")}</th></tr></thead><tbody>${rows.map(
						(row) =>
							html`<tr><td><a href="${base}/issues/${row.number}">${row.number}</a></td><td>${row.title}</td><td>${row.enterprise ?? "—"}</td><td>${row.leadDepartment ?? "—"}</td><td>${ledgerTime(row.at)}</td></tr>`,
					)}</tbody></table>`
		}`;
	return html`<form class="filters" method="get" action="${base}/ledger">
<label>${t("month")}<input name="month" value="${r.period.label}" pattern="\\d{4}-\\d{2}"></label>
<button type="submit">${t("show")}</button>
<a id="ledger-download" href="${base}/ledger.xlsx">${t("download")}</a>
</form>
${section("ledger-opened", "opened", r.opened)}
${section("ledger-closed-off", "closed_off", r.closedOff)}
${section("ledger-reopened", "reopened", r.reopened)}
${section("ledger-overdue", "overdue", r.overdue)}`;
}
