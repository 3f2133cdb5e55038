/**
 * `/console/handed-down`: issues handed down from above (上级交办), registered here the way the API
 * takes them in (api/intake.ts: routed, announced, timers armed), and their report (一案一报告):
 * cause, measures, result, recorded as the issue's retrospective with its audit event. The page
 * lists the ones still missing their report first.
 */
import { asc, eq, exists, not } from "drizzle-orm";
import type { DbOrTx, Tx } from "../../../db/client.ts";
import { enterprises } from "../../../db/schema/directory.ts";
import { retrospectives } from "../../../db/schema/escalation.ts";
import { type Issue, issues } from "../../../db/schema/issues.ts";
import { recordRetrospective } from "../../../workflows/escalation/retrospective.ts";
import type { DirectorySnapshot } from "../../conversation/directory-cache.ts";
import { formatDateTime } from "../../conversation/format.ts";
import type { Locale } from "../../texts/catalog.ts";
import { handedDownText } from "../../texts/handed-down.ts";
import { stateLabel } from "../../texts/lifecycle.ts";
import { createIssueFromApi } from "../api/intake.ts";
import type { DeskForm } from "./desk-actions.ts";
import { type Html, html } from "./html.ts";
import { colourDot } from "./layout.ts";
import { allOf, issueScope, seesEverything, type Viewer } from "./viewer.ts";

export interface HandedDownRow {
	issue: Issue;
	reported: boolean;
}

/** Office staff register for their office's enterprises; supervisors and admins for all. */
export function mayRegisterHandedDown(viewer: Viewer): boolean {
	return (
		seesEverything(viewer) ||
		(viewer.person.roles.includes("office_staff") &&
			viewer.person.officeId !== null)
	);
}

export async function loadHandedDown(
	db: DbOrTx,
	viewer: Viewer,
): Promise<HandedDownRow[]> {
	const reported = exists(
		db
			.select({ one: retrospectives.id })
			.from(retrospectives)
			.where(eq(retrospectives.issueId, issues.id)),
	);
	const rows = await db
		.select({ issue: issues, missing: not(reported) })
		.from(issues)
		.where(allOf(eq(issues.sourceChannel, "superior"), issueScope(viewer)))
		.orderBy(asc(issues.createdAt))
		.limit(500);
	return rows.map((r) => ({ issue: r.issue, reported: !r.missing }));
}

/** The enterprises the viewer may register for. */
export async function registrableEnterprises(
	db: DbOrTx,
	viewer: Viewer,
): Promise<Array<{ code: string; name: string }>> {
	const officeId = viewer.person.officeId;
	return db
		.select({ code: enterprises.code, name: enterprises.name })
		.from(enterprises)
		.where(
			seesEverything(viewer) || officeId === null
				? undefined
				: eq(enterprises.officeId, officeId),
		)
		.orderBy(asc(enterprises.name));
}

const one = (value: string | string[] | undefined) =>
	(Array.isArray(value) ? value[0] : value)?.trim() ?? "";

export type RegisterOutcome =
	| { ok: true; issue: Issue }
	| { ok: false; missing: string[] };

export async function registerHandedDown(
	tx: Tx,
	input: {
		viewer: Viewer;
		directory: DirectorySnapshot;
		locale: Locale;
		form: DeskForm;
		now: Date;
	},
): Promise<RegisterOutcome> {
	const { form, viewer } = input;
	const t = (key: Parameters<typeof handedDownText>[1]) =>
		handedDownText(input.locale, key);
	const fields = {
		enterprise: one(form.enterprise),
		by: one(form.by),
		ref: one(form.ref),
		text: one(form.text),
	};
	const days = one(form.workingDays);
	const workingDays = days === "" ? undefined : Number(days);
	const allowed = await registrableEnterprises(tx, viewer);
	const missing = [
		...(allowed.some((e) => e.code === fields.enterprise)
			? []
			: [t("field_enterprise")]),
		...(fields.by ? [] : [t("field_by")]),
		...(fields.ref ? [] : [t("field_ref")]),
		...(fields.text ? [] : [t("field_text")]),
		...(workingDays === undefined ||
		(Number.isInteger(workingDays) && workingDays >= 1 && workingDays <= 365)
			? []
			: [t("field_working_days")]),
	];
	if (missing.length > 0) return { ok: false, missing };
	const title = one(form.title);
	const result = await createIssueFromApi(
		{
			tx,
			directory: input.directory,
			locale: input.locale,
			now: input.now,
		},
		{
			channel: "superior",
			enterprise: fields.enterprise,
			text: fields.text,
			...(title ? { title: title.slice(0, 100) } : {}),
			handedDown: {
				by: fields.by,
				ref: fields.ref,
				...(workingDays ? { workingDays } : {}),
			},
		},
	);
	if (!result.ok)
		return { ok: false, missing: result.fields.map((f) => f.field) };
	return { ok: true, issue: result.issue };
}

export type ReportOutcome = { ok: true } | { ok: false; missing: string[] };

/** The report (一案一报告): cause, measures and result, as the issue's retrospective. */
export async function writeReport(
	tx: Tx,
	input: {
		viewer: Viewer;
		issue: Issue;
		locale: Locale;
		form: DeskForm;
		now: Date;
	},
): Promise<ReportOutcome> {
	const t = (key: Parameters<typeof handedDownText>[1]) =>
		handedDownText(input.locale, key);
	const cause = one(input.form.cause);
	const measures = one(input.form.measures);
	const result = one(input.form.result);
	const missing = [
		...(cause ? [] : [t("field_cause")]),
		...(measures ? [] : [t("field_measures")]),
		...(result ? [] : [t("field_result")]),
	];
	if (missing.length > 0) return { ok: false, missing };
	await recordRetrospective(tx, {
		issue: input.issue,
		authorPersonId: input.viewer.person.id,
		authorLabel: input.viewer.person.name,
		note: handedDownText(input.locale, "report_note", {
			cause,
			measures,
			result,
		}),
		now: input.now,
	});
	return { ok: true };
}

export function handedDownPage(input: {
	locale: Locale;
	base: string;
	csrfToken: string;
	rows: HandedDownRow[];
	enterprises: Array<{ code: string; name: string }> | null;
	notice: string | null;
}): Html {
	const { locale, base, csrfToken, rows } = input;
	const t = (key: Parameters<typeof handedDownText>[1]) =>
		handedDownText(locale, key);
	const token = html`<input type="hidden" name="_csrf" value="${csrfToken}">`;
	const due = (d: Date | null) => (d ? formatDateTime(locale, d) : "—");
	const table = (id: string, list: HandedDownRow[], withForm: boolean) =>
		list.length === 0
			? html`<p class="muted">${t("none")}</p>`
			: html`<table id="${id}"><tbody>${list.map(
					({ issue, reported }) =>
						html`<tr data-number="${issue.number}"><td><a href="${base}/issues/${issue.number}">${issue.number}</a></td><td>${issue.title}</td><td>${issue.handedDownBy ?? "—"} · ${issue.handedDownRef ?? "—"}</td><td>${stateLabel(locale, issue.state)}</td><td>${colourDot(locale, issue.colour)}</td><td>${due(issue.dueAt)}</td><td>${reported ? t("report_written") : t("report_missing")}</td></tr>${
							withForm
								? html`<tr><td colspan="7"><form method="post" action="${base}/handed-down/${issue.number}/report" class="report">${token}
<label>${t("field_cause")} <textarea name="cause" required></textarea></label>
<label>${t("field_measures")} <textarea name="measures" required></textarea></label>
<label>${t("field_result")} <textarea name="result" required></textarea></label>
<button type="submit">${t("report_button")}</button></form></td></tr>`
								: ""
						}`,
				)}</tbody></table>`;
	const missing = rows.filter((r) => !r.reported);
	const register = input.enterprises
		? html`<h2>${t("register_title")}</h2>
<form method="post" action="${base}/handed-down" id="register-handed-down">${token}
<label>${t("field_enterprise")} <select name="enterprise" required>${input.enterprises.map(
				(e) => html`<option value="${e.code}">${e.name}</option>`,
			)}</select></label>
<label>${t("field_by")} <input name="by" required maxlength="100"></label>
<label>${t("field_ref")} <input name="ref" required maxlength="100"></label>
<label>${t("field_title")} <input name="title" maxlength="100"></label>
<label>${t("field_text")} <textarea name="text" required maxlength="5000"></textarea></label>
<label>${t("field_working_days")} <input name="workingDays" type="number" min="1" max="365"></label>
<button type="submit">${t("register_button")}</button></form>`
		: "";
	return html`<p class="muted">${t("intro")}</p>
${input.notice ? html`<p class="notice">${input.notice}</p>` : ""}
<h2>${t("missing_title")} (${missing.length})</h2>${table("handed-down-missing", missing, true)}
<h2>${t("all_title")} (${rows.length})</h2>${table("handed-down-all", rows, false)}
${register}`;
}
