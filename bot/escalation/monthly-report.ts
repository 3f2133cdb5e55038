/**
 * 一月一通报: once a month, from the first office period of the month's first working day, each
 * enterprise with issues open since before the month began gets a short status of all of them — privately: a direct message to
 * each of its members who has an account, never a post in the work group (where other enterprises
 * read). An enterprise whose members have no account gets nothing; the month is claimed once
 * (enterprise_monthly_reports), so a retry or a second worker sends nothing twice.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
	departments,
	enterprises,
	people,
	platformIdentities,
} from "../../db/schema/directory.ts";
import { type Issue, issues } from "../../db/schema/issues.ts";
import { enterpriseMonthlyReports } from "../../db/schema/plans.ts";
import {
	dayStartMs,
	parseLocalDate,
} from "../../workflows/calendar/local-time.ts";
import type { WorkingCalendar } from "../../workflows/calendar/types.ts";
import { OPEN_STATES } from "../../workflows/lifecycle/transition-table.ts";
import { monthOf } from "../../workflows/reports/period.ts";
import { colourDot, formatDateTime } from "../conversation/format.ts";
import { enqueueOutbound } from "../pipeline/outbox.ts";
import { LOCALES, type Locale } from "../texts/catalog.ts";
import { stateLabel } from "../texts/lifecycle.ts";
import { planText } from "../texts/plans.ts";

/** The first moment of a YYYY-MM month in Shanghai. */
const monthStartOf = (month: string) =>
	new Date(dayStartMs(parseLocalDate(`${month}-01`)));

/** When this month's report is due: the first office opening of the month's first working day. */
export function monthlyReportDueAt(calendar: WorkingCalendar, now: Date): Date {
	const monthStart = monthStartOf(monthOf(now));
	return calendar.nextOfficeOpening(monthStart);
}

/** Sends the month's reports that are due and not yet sent; returns how many enterprises got one. */
export async function sendMonthlyReports(
	db: Db,
	options: { now: Date; calendar: WorkingCalendar; locale: Locale },
): Promise<number> {
	const { now, calendar } = options;
	if (now < monthlyReportDueAt(calendar, now)) return 0;
	const month = monthOf(now);
	const monthStart = monthStartOf(month);
	const pending = await db
		.select({ id: enterprises.id, name: enterprises.name })
		.from(enterprises)
		.where(
			and(
				eq(enterprises.active, true),
				sql`exists (select 1 from ${issues} where ${issues.enterpriseId} = ${enterprises.id} and ${inArray(issues.state, [...OPEN_STATES])} and ${issues.createdAt} < ${monthStart})`,
				sql`not exists (select 1 from ${enterpriseMonthlyReports} where ${enterpriseMonthlyReports.enterpriseId} = ${enterprises.id} and ${enterpriseMonthlyReports.month} = ${month})`,
			),
		)
		.orderBy(asc(enterprises.id));
	let sent = 0;
	for (const enterprise of pending)
		if (await reportOne(db, enterprise, month, options)) sent++;
	return sent;
}

async function reportOne(
	db: Db,
	enterprise: { id: number; name: string },
	month: string,
	options: { now: Date; locale: Locale },
): Promise<boolean> {
	return db.transaction(async (tx) => {
		const open = await tx
			.select({ issue: issues, department: departments.name })
			.from(issues)
			.leftJoin(departments, eq(departments.id, issues.leadDepartmentId))
			.where(
				and(
					eq(issues.enterpriseId, enterprise.id),
					inArray(issues.state, [...OPEN_STATES]),
				),
			)
			.orderBy(asc(issues.id));
		const claimed = await tx
			.insert(enterpriseMonthlyReports)
			.values({
				enterpriseId: enterprise.id,
				month,
				issueCount: open.length,
				sentAt: options.now,
			})
			.onConflictDoNothing()
			.returning({ month: enterpriseMonthlyReports.month });
		if (claimed.length === 0 || open.length === 0) return false;
		const members = await tx
			.select({
				personId: people.id,
				locale: people.locale,
				platform: platformIdentities.platform,
				externalId: platformIdentities.externalId,
			})
			.from(people)
			.innerJoin(platformIdentities, eq(platformIdentities.personId, people.id))
			.where(
				and(
					eq(people.enterpriseId, enterprise.id),
					eq(people.active, true),
					sql`'enterprise_member' = any(${people.roles})`,
				),
			)
			.orderBy(asc(people.id), asc(platformIdentities.id));
		const seen = new Set<number>();
		for (const member of members) {
			if (seen.has(member.personId)) continue;
			seen.add(member.personId);
			const locale = (LOCALES as readonly string[]).includes(
				member.locale ?? "",
			)
				? (member.locale as Locale)
				: options.locale;
			await enqueueOutbound(tx, {
				dedupeKey: `monthly-${enterprise.id}-${month}-p${member.personId}`,
				message: {
					platform: member.platform,
					conversationId: member.externalId,
					text: reportText(locale, enterprise.name, month, open),
					mentions: [],
				},
			});
		}
		return seen.size > 0;
	});
}

function reportText(
	locale: Locale,
	enterprise: string,
	month: string,
	open: Array<{ issue: Issue; department: string | null }>,
): string {
	const lines = open.map(({ issue, department }) =>
		planText(locale, "monthly_line", {
			dot: colourDot(issue.colour),
			number: issue.number,
			title: issue.title,
			state: stateLabel(locale, issue.state),
			department: department ?? "—",
			detail: issue.dueAt
				? locale === "zh-CN"
					? `，期限 ${formatDateTime(locale, issue.dueAt)}`
					: `, due ${formatDateTime(locale, issue.dueAt)}`
				: "",
		}),
	);
	return [
		planText(locale, "monthly_header", {
			month,
			enterprise,
			count: open.length,
		}),
		...lines,
		planText(locale, "monthly_footer"),
	].join("\n");
}
