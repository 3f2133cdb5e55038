/**
 * The desk's pages: the queue of what waits for the office and supervisors, the action forms under
 * an issue, and the confirmation step every action passes through before it runs.
 */
import {
	and,
	asc,
	desc,
	eq,
	inArray,
	isNotNull,
	lt,
	or,
	sql,
} from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { departments } from "../../../db/schema/directory.ts";
import { type Issue, issueEvents, issues } from "../../../db/schema/issues.ts";
import { OPEN_STATES } from "../../../workflows/lifecycle/transition-table.ts";
import type { PendingExtension } from "../../../workflows/lifecycle/types.ts";
import {
	lateMilestoneCondition,
	progressDueCondition,
} from "../../../workflows/reports/cadence.ts";
import { formatDateTime } from "../../conversation/format.ts";
import type { Locale } from "../../texts/catalog.ts";
import { consoleText } from "../../texts/console.ts";
import { deskText } from "../../texts/desk.ts";
import { handedDownText } from "../../texts/handed-down.ts";
import { commandLabel, stateLabel } from "../../texts/lifecycle.ts";
import type { DeskAction, DeskForm } from "./desk-actions.ts";
import { type Html, html } from "./html.ts";
import { colourDot } from "./layout.ts";
import { allOf, issueScope, type Viewer } from "./viewer.ts";

const SECTIONS = [
	"awaiting_dispatch",
	"not_accepted",
	"extensions",
	"review",
	"late",
	"milestones_late",
	"progress_due",
] as const;
type Section = (typeof SECTIONS)[number];

export interface DeskRow {
	issue: Issue;
	department: string | null;
	/** Awaiting dispatch after a 退单: who returned it. */
	returnedBy: string | null;
}

/** The open issues in the viewer's scope that wait for the desk, by section (an issue may be in two). */
export async function loadDesk(
	db: DbOrTx,
	viewer: Viewer,
	now: Date,
): Promise<Record<Section, DeskRow[]>> {
	const lateMilestone = lateMilestoneCondition(now);
	const progressDue = progressDueCondition(now);
	const rows = await db
		.select({
			issue: issues,
			department: departments.name,
			lateMilestone: sql<boolean>`${lateMilestone}`,
			progressDue: sql<boolean>`${progressDue}`,
		})
		.from(issues)
		.leftJoin(departments, eq(departments.id, issues.leadDepartmentId))
		.where(
			allOf(
				inArray(issues.state, [...OPEN_STATES]),
				or(
					inArray(issues.state, ["awaiting_dispatch", "under_review"]),
					isNotNull(issues.pendingExtension),
					eq(issues.colour, "red"),
					lt(issues.dueAt, now),
					and(
						inArray(issues.state, ["dispatched", "reopened"]),
						lt(issues.acceptDueAt, now),
					),
					lateMilestone,
					progressDue,
				),
				issueScope(viewer),
			),
		)
		.orderBy(asc(issues.createdAt))
		.limit(500);
	const returned = await returnedByOf(
		db,
		rows
			.filter((r) => r.issue.state === "awaiting_dispatch")
			.map((r) => r.issue.id),
	);
	const desk: Record<Section, DeskRow[]> = {
		awaiting_dispatch: [],
		not_accepted: [],
		extensions: [],
		review: [],
		late: [],
		milestones_late: [],
		progress_due: [],
	};
	for (const { issue, department, lateMilestone, progressDue } of rows) {
		const row = {
			issue,
			department,
			returnedBy: returned.get(issue.id) ?? null,
		};
		if (issue.state === "awaiting_dispatch") desk.awaiting_dispatch.push(row);
		if (
			(issue.state === "dispatched" || issue.state === "reopened") &&
			issue.acceptedAt === null &&
			issue.acceptDueAt !== null &&
			issue.acceptDueAt < now
		)
			desk.not_accepted.push(row);
		if (issue.pendingExtension !== null) desk.extensions.push(row);
		if (issue.state === "under_review") desk.review.push(row);
		if (issue.colour === "red" || (issue.dueAt !== null && issue.dueAt < now))
			desk.late.push(row);
		if (lateMilestone) desk.milestones_late.push(row);
		if (progressDue) desk.progress_due.push(row);
	}
	return desk;
}

/** Issue id → the department named in its latest 退单. */
async function returnedByOf(
	db: DbOrTx,
	issueIds: number[],
): Promise<Map<number, string>> {
	const found = new Map<number, string>();
	if (issueIds.length === 0) return found;
	const rows = await db
		.select({
			issueId: issueEvents.issueId,
			kind: issueEvents.kind,
			name: departments.name,
		})
		.from(issueEvents)
		.leftJoin(
			departments,
			eq(
				departments.id,
				// The payload's department, as an integer (absent → null → no join).
				sqlDepartmentOf(),
			),
		)
		.where(
			and(
				inArray(issueEvents.issueId, issueIds),
				eq(issueEvents.kind, "returned"),
			),
		)
		.orderBy(desc(issueEvents.id));
	for (const row of rows)
		if (!found.has(row.issueId) && row.name) found.set(row.issueId, row.name);
	return found;
}

function sqlDepartmentOf() {
	return sql<number>`(${issueEvents.payload}->>'fromDepartmentId')::int`;
}

export function deskPage(
	locale: Locale,
	base: string,
	desk: Record<Section, DeskRow[]>,
	showTriage: boolean,
): Html {
	const t = (key: Parameters<typeof deskText>[1], params = {}) =>
		deskText(locale, key, params);
	const c = (key: Parameters<typeof consoleText>[1]) =>
		consoleText(locale, key);
	const when = (d: Date | null) => (d ? formatDateTime(locale, d) : "—");
	const table = (section: Section, rows: DeskRow[]) =>
		rows.length === 0
			? html`<p class="muted">${t("section_empty")}</p>`
			: html`<table id="desk-${section}"><thead><tr><th>${c("col_number")}</th><th>${c("col_title")}</th><th>${c("col_department")}</th><th>${c("col_state")}</th><th>${c("col_colour")}</th><th>${section === "not_accepted" ? consoleText(locale, "issue_accept_due") : c("col_due")}</th></tr></thead><tbody>${rows.map(
					({ issue, department, returnedBy }) => {
						const pending = issue.pendingExtension as PendingExtension | null;
						return html`<tr data-number="${issue.number}"><td><a href="${base}/issues/${issue.number}">${issue.number}</a></td><td>${issue.title}${
							section === "extensions" && pending
								? html`<br><span class="muted">${t("extension_line", { days: pending.workingDays, reason: pending.reason })}</span>`
								: ""
						}${
							section === "awaiting_dispatch" && returnedBy
								? html`<br><span class="muted">${t("returned_by", { department: returnedBy })}</span>`
								: ""
						}</td><td>${department ?? "—"}</td><td>${stateLabel(locale, issue.state)}</td><td>${colourDot(locale, issue.colour)}</td><td>${when(section === "not_accepted" ? issue.acceptDueAt : issue.dueAt)}</td></tr>`;
					},
				)}</tbody></table>`;
	const titles: Record<Section, Parameters<typeof deskText>[1]> = {
		awaiting_dispatch: "section_awaiting_dispatch",
		not_accepted: "section_not_accepted",
		extensions: "section_extensions",
		review: "section_review",
		late: "section_late",
		milestones_late: "section_milestones_late",
		progress_due: "section_progress_due",
	};
	return html`<p class="muted">${t("intro")}</p>
${showTriage ? html`<p><a href="${base}/triage">${t("triage_link")}</a></p>` : ""}
<p><a href="${base}/handed-down">${handedDownText(locale, "title")}</a></p>
${SECTIONS.map(
	(section) =>
		html`<h2>${t(titles[section])} (${desk[section].length})</h2>${table(section, desk[section])}`,
)}`;
}

export interface ActionFormsInput {
	locale: Locale;
	base: string;
	csrfToken: string;
	issue: Issue;
	actions: DeskAction[];
	departments: Array<{ id: number; name: string }>;
	coDepartmentIds: number[];
}

/** One small form per action the person may take; each leads to the confirmation step. */
export function actionForms(input: ActionFormsInput): Html {
	const { locale, base, csrfToken, issue, actions } = input;
	const t = (key: Parameters<typeof deskText>[1], params = {}) =>
		deskText(locale, key, params);
	const others = input.departments.filter(
		(d) => d.id !== issue.leadDepartmentId,
	);
	const select = (label: string, list: Array<{ id: number; name: string }>) =>
		html`<label>${label} <select name="department" aria-label="${label}" required><option value="">${t("choose")}</option>${list.map(
			(d) => html`<option value="${d.id}">${d.name}</option>`,
		)}</select></label>`;
	const textField = (name: string, label: string, required: boolean) =>
		html`<label>${label} <input name="${name}" ${required ? html`required` : ""} size="40"></label>`;
	const fields = (action: DeskAction): Html => {
		switch (action) {
			case "dispatch":
				return html`${select(t("field_department"), input.departments)}
<fieldset><legend>${t("field_co_departments")}</legend>${input.departments.map(
					(d) =>
						html`<label class="co"><input type="checkbox" name="co" value="${d.id}"${input.coDepartmentIds.includes(d.id) ? html` checked` : ""}> ${d.name}</label> `,
				)}</fieldset>`;
			case "transfer":
				return html`${select(t("field_department"), others)} ${textField("reason", t("field_reason"), true)}`;
			case "add_co_handler":
				return select(
					t("field_department"),
					others.filter((d) => !input.coDepartmentIds.includes(d.id)),
				);
			case "remove_co_handler":
				return select(
					t("field_department"),
					input.departments.filter((d) => input.coDepartmentIds.includes(d.id)),
				);
			case "approve_extension":
				return textField("note", t("field_note"), false);
			case "set_plan":
				return html`<label>${t("field_plan")}<br><textarea name="plan" rows="5" cols="60" required placeholder="${t("plan_placeholder")}"></textarea></label>`;
			case "complete_milestone":
				return html`<label>${t("field_milestone")} <input name="position" type="number" min="1" max="99" size="3" required></label> ${textField("note", t("field_note"), false)}`;
			case "decide_review":
				return html`<fieldset><legend>${t("field_outcome")}</legend>${(
					["should_do", "can_do", "refusal_stands"] as const
				).map(
					(o) =>
						html`<label><input type="radio" name="outcome" value="${o}" required> ${t(`outcome_${o}`)}</label> `,
				)}</fieldset>
${textField("note", t("field_note"), true)}
<label>${t("field_working_days")} <input name="workingDays" type="number" min="1" max="60" size="4"></label>
${textField("alternative", t("field_alternative"), false)}`;
			default:
				return textField("reason", t("field_reason"), true);
		}
	};
	if (actions.length === 0)
		return html`<h2>${t("actions_title")}</h2><p class="muted">${t("actions_none")}</p>`;
	return html`<h2>${t("actions_title")}</h2>
<div id="desk-actions">${actions.map(
		(action) =>
			html`<form method="post" action="${base}/issues/${issue.number}/act" class="desk-action" data-action="${action}">
<input type="hidden" name="_csrf" value="${csrfToken}">
<input type="hidden" name="action" value="${action}">
<input type="hidden" name="version" value="${issue.version}">
<strong>${commandLabel(locale, action)}</strong> ${fields(action)}
<button type="submit" name="step" value="review">${commandLabel(locale, action)}</button>
</form>`,
	)}</div>`;
}

/** The confirmation step: what will happen, in words, and the same form again with `confirm`. */
export function confirmPage(input: {
	locale: Locale;
	base: string;
	csrfToken: string;
	issue: Issue;
	action: DeskAction;
	form: DeskForm;
	details: Array<[string, string]>;
}): Html {
	const { locale, base, issue, action } = input;
	const t = (key: Parameters<typeof deskText>[1], params = {}) =>
		deskText(locale, key, params);
	const hidden = Object.entries(input.form).flatMap(([name, value]) =>
		name === "_csrf" || name === "step"
			? []
			: (Array.isArray(value) ? value : [value ?? ""]).map(
					(v) => html`<input type="hidden" name="${name}" value="${v}">`,
				),
	);
	return html`<p id="confirm-question"><strong>${t("confirm_question", {
		number: issue.number,
		title: issue.title,
		action: commandLabel(locale, action),
	})}</strong></p>
<dl class="facts" id="confirm-details">${input.details.map(
		([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`,
	)}</dl>
<form method="post" action="${base}/issues/${issue.number}/act" id="confirm-form">
<input type="hidden" name="_csrf" value="${input.csrfToken}">
${hidden}
<input type="hidden" name="step" value="confirm">
<button type="submit">${t("confirm_button")}</button>
<a href="${base}/issues/${issue.number}">${t("cancel")}</a>
</form>`;
}

/** The confirmation's lines: the form's values in words (department names, not ids). */
export function confirmDetails(
	locale: Locale,
	form: DeskForm,
	departmentName: (id: number) => string | null,
): Array<[string, string]> {
	const t = (key: Parameters<typeof deskText>[1]) => deskText(locale, key);
	const value = (name: string) => {
		const v = form[name];
		return (Array.isArray(v) ? v.join(",") : (v ?? "")).trim();
	};
	const lines: Array<[string, string]> = [];
	const department = departmentName(Number(value("department")));
	if (department) lines.push([t("field_department"), department]);
	const co = (Array.isArray(form.co) ? form.co : form.co ? [form.co] : [])
		.map((id) => departmentName(Number(id)))
		.filter((name): name is string => name !== null);
	if (co.length > 0) lines.push([t("field_co_departments"), co.join("、")]);
	const outcome = value("outcome");
	if (
		outcome === "should_do" ||
		outcome === "can_do" ||
		outcome === "refusal_stands"
	)
		lines.push([t("field_outcome"), t(`outcome_${outcome}`)]);
	for (const [name, key] of [
		["reason", "field_reason"],
		["note", "field_note"],
		["workingDays", "field_working_days"],
		["alternative", "field_alternative"],
		["plan", "field_plan"],
		["position", "field_milestone"],
	] as const)
		if (value(name)) lines.push([t(key), value(name)]);
	return lines;
}

export const deskNotice = (kind: "done" | "refused", text: string): Html =>
	html`<p class="notice ${kind === "refused" ? "error" : ""}" role="status" id="desk-notice">${text}</p>`;
