/** One issue: its facts, the whole audit trail, ratings and the timers still pending. */
import { aliasedTable, and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import {
	departments,
	enterprises,
	people,
} from "../../../db/schema/directory.ts";
import {
	escalationSteps,
	issueCoHandlers,
	issues,
	ratings,
} from "../../../db/schema/issues.ts";
import { getIssueTimeline } from "../../../workflows/issues/timeline.ts";
import type { PendingExtension } from "../../../workflows/lifecycle/types.ts";
import { formatDateTime } from "../../conversation/format.ts";
import type { Locale } from "../../texts/catalog.ts";
import { consoleText } from "../../texts/console.ts";
import { stateLabel, tierLabel } from "../../texts/lifecycle.ts";
import { eventLabel } from "../../texts/timeline.ts";
import { type Html, html } from "./html.ts";
import { colourDot } from "./layout.ts";
import { allOf, issueScope, type Viewer } from "./viewer.ts";

/** The issue and everything around it, or null when it does not exist or the viewer may not see it. */
export async function loadIssuePage(
	db: DbOrTx,
	viewer: Viewer,
	number: string,
) {
	const reporter = aliasedTable(people, "reporter");
	const [row] = await db
		.select({
			issue: issues,
			enterprise: enterprises.name,
			department: departments.name,
			reporter: reporter.name,
		})
		.from(issues)
		.leftJoin(enterprises, eq(enterprises.id, issues.enterpriseId))
		.leftJoin(departments, eq(departments.id, issues.leadDepartmentId))
		.leftJoin(reporter, eq(reporter.id, issues.reporterPersonId))
		.where(allOf(eq(issues.number, number), issueScope(viewer)));
	if (!row) return null;
	const id = row.issue.id;
	const [timeline, ratingRows, steps, coHandlers] = await Promise.all([
		getIssueTimeline(db, id),
		db
			.select()
			.from(ratings)
			.where(eq(ratings.issueId, id))
			.orderBy(asc(ratings.id)),
		db
			.select()
			.from(escalationSteps)
			.where(eq(escalationSteps.issueId, id))
			.orderBy(asc(escalationSteps.doneAt)),
		db
			.select({ name: departments.name })
			.from(issueCoHandlers)
			.innerJoin(
				departments,
				and(eq(departments.id, issueCoHandlers.departmentId)),
			)
			.where(eq(issueCoHandlers.issueId, id)),
	]);
	return { ...row, timeline, ratingRows, steps, coHandlers };
}

type IssuePage = NonNullable<Awaited<ReturnType<typeof loadIssuePage>>>;

export function issuePageView(locale: Locale, data: IssuePage): Html {
	const t = (key: Parameters<typeof consoleText>[1], params = {}) =>
		consoleText(locale, key, params);
	const { issue } = data;
	const when = (d: Date | null) => (d ? formatDateTime(locale, d) : "—");
	const pending = issue.pendingExtension as PendingExtension | null;
	return html`<dl class="facts" id="facts">
<dt>${t("col_title")}</dt><dd>${issue.title}</dd>
<dt>${t("col_enterprise")}</dt><dd>${data.enterprise ?? "—"}</dd>
<dt>${t("issue_reporter")}</dt><dd>${data.reporter ?? "—"}</dd>
<dt>${t("issue_channel")}</dt><dd>${issue.sourceChannel}</dd>
<dt>${t("col_department")}</dt><dd>${data.department ?? "—"}</dd>
<dt>${t("issue_co_handlers")}</dt><dd>${data.coHandlers.map((c) => c.name).join("、") || "—"}</dd>
<dt>${t("col_state")}</dt><dd>${stateLabel(locale, issue.state)}</dd>
<dt>${t("col_colour")}</dt><dd>${colourDot(locale, issue.colour)}</dd>
<dt>${t("col_tier")}</dt><dd>${tierLabel(locale, issue.tier)}</dd>
<dt>${t("col_created")}</dt><dd>${when(issue.createdAt)}</dd>
<dt>${t("issue_accept_due")}</dt><dd>${when(issue.acceptDueAt)}</dd>
<dt>${t("col_due")}</dt><dd>${when(issue.dueAt)}</dd>
</dl>
<h2>${t("issue_body")}</h2>
<p style="white-space: pre-wrap">${issue.body}</p>
<h2>${t("issue_timers")}</h2>
<dl class="facts" id="timers">
<dt>${t("timer_next_wake")}</dt><dd>${issue.nextWakeAt ? when(issue.nextWakeAt) : t("timer_none")}</dd>
<dt>${t("timer_generation")}</dt><dd>${issue.wakeGeneration}</dd>
<dt>${t("timer_steps")}</dt><dd>${
		data.steps.length === 0
			? "—"
			: data.steps.map((s) => html`<div>${s.stepKey} · ${when(s.doneAt)}</div>`)
	}</dd>
${pending ? html`<dt></dt><dd>${t("timer_pending_extension", { days: pending.workingDays, reason: pending.reason })}</dd>` : ""}
</dl>
<h2>${t("issue_ratings")}</h2>
${
	data.ratingRows.length === 0
		? html`<p class="muted">${t("ratings_none")}</p>`
		: html`<ul id="ratings">${data.ratingRows.map(
				(r) =>
					html`<li>${when(r.createdAt)} — ${t("rating_line", { plan: r.plan, process: r.process, result: r.result })}${r.comment ? html` — ${r.comment}` : ""}</li>`,
			)}</ul>`
}
<h2>${t("issue_timeline")}</h2>
<table id="timeline"><thead><tr><th>${t("col_created")}</th><th>${t("timeline_actor")}</th><th></th><th>${t("col_state")}</th></tr></thead><tbody>${data.timeline.map(
		(e) =>
			html`<tr><td>${when(e.createdAt)}</td><td>${e.actorLabel}</td><td>${eventLabel(locale, e)}</td><td>${e.toState && e.toState !== e.fromState ? stateLabel(locale, e.toState as typeof issue.state) : ""}</td></tr>`,
	)}</tbody></table>`;
}
