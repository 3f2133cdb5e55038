/** The issue list: filters, full-text search (ILIKE on title and text), the viewer's scope. */
import { and, asc, desc, eq, gte, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../../db/client.ts";
import { planPerCall } from "../../../db/preparing-client.ts";
import {
	categories,
	departments,
	enterprises,
} from "../../../db/schema/directory.ts";
import {
	COLOURS,
	ISSUE_STATES,
	issues,
	TIERS,
} from "../../../db/schema/issues.ts";
import {
	dayStartMs,
	parseLocalDate,
} from "../../../workflows/calendar/local-time.ts";
import { formatDateTime } from "../../conversation/format.ts";
import type { Locale } from "../../texts/catalog.ts";
import { consoleText } from "../../texts/console.ts";
import { stateLabel, tierLabel } from "../../texts/lifecycle.ts";
import { type Html, html } from "./html.ts";
import { colourDot } from "./layout.ts";
import { textContains } from "./text-search.ts";
import { allOf, issueScope, type Viewer } from "./viewer.ts";

const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) =>
	z.preprocess(blankToUndefined, schema.optional()).catch(undefined);
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Query string filters; anything malformed is ignored rather than refused. */
export const filterSchema = z.object({
	state: optional(z.enum(ISSUE_STATES)),
	colour: optional(z.enum(COLOURS)),
	department: optional(z.coerce.number().int().positive()),
	category: optional(z.string().max(100)),
	enterprise: optional(z.coerce.number().int().positive()),
	tier: optional(z.enum(TIERS)),
	from: optional(localDate),
	to: optional(localDate),
	q: optional(z.string().trim().min(1).max(100)),
	before: optional(z.coerce.number().int().positive().max(2147483647)),
});
export type IssueFilters = z.infer<typeof filterSchema>;

export const LIST_LIMIT = 200;

const dayStart = (date: string, plusDays = 0) => {
	try {
		return new Date(dayStartMs(parseLocalDate(date) + plusDays));
	} catch {
		return undefined;
	}
};

export async function listIssues(db: DbOrTx, viewer: Viewer, f: IssueFilters) {
	const from = f.from ? dayStart(f.from) : undefined;
	const to = f.to ? dayStart(f.to, 1) : undefined;
	// The page of issues first (an index walk in creation order), then the names for those rows
	// only: joined before the limit, the planner read every enterprise to hash them. The best walk
	// depends on the values (a common word or state: the newest issues; a rare one: its index).
	const page = db
		.select({
			id: issues.id,
			number: issues.number,
			title: issues.title,
			state: issues.state,
			colour: issues.colour,
			tier: issues.tier,
			categoryCode: issues.categoryCode,
			createdAt: issues.createdAt,
			dueAt: issues.dueAt,
			enterpriseId: issues.enterpriseId,
			leadDepartmentId: issues.leadDepartmentId,
		})
		.from(issues)
		.where(
			allOf(
				planPerCall,
				issueScope(viewer),
				f.state ? eq(issues.state, f.state) : undefined,
				f.colour ? eq(issues.colour, f.colour) : undefined,
				f.department ? eq(issues.leadDepartmentId, f.department) : undefined,
				f.category ? eq(issues.categoryCode, f.category) : undefined,
				f.enterprise ? eq(issues.enterpriseId, f.enterprise) : undefined,
				f.tier ? eq(issues.tier, f.tier) : undefined,
				from ? gte(issues.createdAt, from) : undefined,
				to ? lt(issues.createdAt, to) : undefined,
				f.q ? textContains(f.q) : undefined,
				f.before
					? sql`(${issues.createdAt}, ${issues.id}) < (select c.created_at, c.id from ${issues} c where c.id = ${f.before})`
					: undefined,
			),
		)
		.orderBy(desc(issues.createdAt), desc(issues.id))
		.limit(LIST_LIMIT + 1)
		.as("page");
	return db
		.select({
			id: page.id,
			number: page.number,
			title: page.title,
			state: page.state,
			colour: page.colour,
			tier: page.tier,
			categoryCode: page.categoryCode,
			createdAt: page.createdAt,
			dueAt: page.dueAt,
			enterprise: enterprises.name,
			department: departments.name,
		})
		.from(page)
		.leftJoin(enterprises, eq(enterprises.id, page.enterpriseId))
		.leftJoin(departments, eq(departments.id, page.leadDepartmentId))
		.orderBy(desc(page.createdAt), desc(page.id));
}

/**
 * Keyset paging: `before` is the id of the last row shown; the next page starts after it in the
 * list's order. Its creation time is read in the database, which keeps the microseconds a Date loses.
 */
export const cursorOf = (row: { id: number }) => String(row.id);

export async function filterChoices(db: DbOrTx) {
	const [departmentRows, categoryRows, enterpriseRows] = await Promise.all([
		db
			.select({ id: departments.id, name: departments.name })
			.from(departments)
			.where(
				and(eq(departments.active, true), eq(departments.kind, "department")),
			)
			.orderBy(asc(departments.id)),
		db
			.select({ code: categories.code, name: categories.name })
			.from(categories)
			.where(eq(categories.active, true))
			.orderBy(asc(categories.id)),
		db
			.select({ id: enterprises.id, name: enterprises.name })
			.from(enterprises)
			.where(eq(enterprises.active, true))
			.orderBy(asc(enterprises.id)),
	]);
	return { departmentRows, categoryRows, enterpriseRows };
}

type Rows = Awaited<ReturnType<typeof listIssues>>;

/** The same filters, starting after the last row shown. */
function nextPageQuery(f: IssueFilters, shown: Rows): string {
	const last = shown[shown.length - 1];
	const query = new URLSearchParams();
	for (const [key, value] of Object.entries(f))
		if (value !== undefined && key !== "before") query.set(key, String(value));
	if (last) query.set("before", cursorOf(last));
	return query.toString();
}
type Choices = Awaited<ReturnType<typeof filterChoices>>;

function select(
	name: string,
	label: string,
	any: string,
	current: unknown,
	options: Array<[value: string | number, label: string]>,
): Html {
	return html`<label>${label}<select name="${name}"><option value="">${any}</option>${options.map(
		([value, text]) =>
			html`<option value="${value}"${String(current) === String(value) ? html` selected` : ""}>${text}</option>`,
	)}</select></label>`;
}

export function issueListView(
	locale: Locale,
	base: string,
	f: IssueFilters,
	rows: Rows,
	choices: Choices,
): Html {
	const t = (key: Parameters<typeof consoleText>[1], params = {}) =>
		consoleText(locale, key, params);
	const any = t("filter_any");
	const categoryName = new Map(
		choices.categoryRows.map((c) => [c.code, c.name]),
	);
	const shown = rows.slice(0, LIST_LIMIT);
	return html`<form class="filters" method="get" action="${base}/issues">
<label>${t("filter_search")}<input type="search" name="q" value="${f.q ?? ""}"></label>
${select(
	"state",
	t("filter_state"),
	any,
	f.state,
	ISSUE_STATES.map((s) => [s, stateLabel(locale, s)]),
)}
${select(
	"colour",
	t("filter_colour"),
	any,
	f.colour,
	COLOURS.map((c) => [c, t(`colour_${c}`)]),
)}
${select(
	"department",
	t("filter_department"),
	any,
	f.department,
	choices.departmentRows.map((d) => [d.id, d.name]),
)}
${select(
	"category",
	t("filter_category"),
	any,
	f.category,
	choices.categoryRows.map((c) => [c.code, c.name]),
)}
${select(
	"enterprise",
	t("filter_enterprise"),
	any,
	f.enterprise,
	choices.enterpriseRows.map((e) => [e.id, e.name]),
)}
${select(
	"tier",
	t("filter_tier"),
	any,
	f.tier,
	TIERS.map((tier) => [tier, tierLabel(locale, tier)]),
)}
<label>${t("filter_from")}<input type="date" name="from" value="${f.from ?? ""}"></label>
<label>${t("filter_to")}<input type="date" name="to" value="${f.to ?? ""}"></label>
<button type="submit">${t("filter_apply")}</button>
</form>
<p class="muted" id="issue-count">${t("list_count", { count: shown.length })}${rows.length > LIST_LIMIT ? html` — ${t("list_more", { limit: LIST_LIMIT })} <a id="next-page" href="${base}/issues?${nextPageQuery(f, shown)}">${t("list_next")}</a>` : ""}</p>
${
	shown.length === 0
		? html`<p>${t("list_empty")}</p>`
		: html`<table id="issues"><thead><tr><th>${t("col_number")}</th><th>${t("col_title")}</th><th>${t("col_enterprise")}</th><th>${t("col_category")}</th><th>${t("col_department")}</th><th>${t("col_state")}</th><th>${t("col_colour")}</th><th>${t("col_tier")}</th><th>${t("col_created")}</th><th>${t("col_due")}</th></tr></thead><tbody>${shown.map(
				(r) =>
					html`<tr><td><a href="${base}/issues/${r.number}">${r.number}</a></td><td>${r.title}</td><td>${r.enterprise ?? "—"}</td><td>${r.categoryCode ? (categoryName.get(r.categoryCode) ?? r.categoryCode) : "—"}</td><td>${r.department ?? "—"}</td><td>${stateLabel(locale, r.state)}</td><td>${colourDot(locale, r.colour)}</td><td>${tierLabel(locale, r.tier)}</td><td>${formatDateTime(locale, r.createdAt)}</td><td>${r.dueAt ? formatDateTime(locale, r.dueAt) : "—"}</td></tr>`,
			)}</tbody></table>`
}`;
}
