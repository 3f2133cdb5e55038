/**
 * 每月对账销号: what changed in a month's ledger, read from the audit log as it stood at the month's
 * end (or now, for the running month): issues new that month, closed off (销号), reopened, and those
 * still open at the end and past their deadline.
 */
import { and, asc, eq, lt, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { departments, enterprises } from "../../db/schema/directory.ts";
import { issueEvents, issues } from "../../db/schema/issues.ts";
import {
	ACTIVE_STATES,
	TERMINAL_STATES,
} from "../lifecycle/transition-table.ts";
import type { ReportPeriod } from "./period.ts";

export interface ReconciliationRow {
	number: string;
	title: string;
	enterprise: string | null;
	leadDepartment: string | null;
	/** What the row is about: registered, closed off, reopened, or the deadline missed. */
	at: Date;
}

export interface Reconciliation {
	period: ReportPeriod;
	/** The end of the month, or now when the month is still running. */
	asOf: Date;
	opened: ReconciliationRow[];
	closedOff: ReconciliationRow[];
	reopened: ReconciliationRow[];
	overdue: ReconciliationRow[];
}

const list = (values: readonly string[]) =>
	sql.join(
		values.map((v) => sql`${v}`),
		sql`, `,
	);

export async function monthlyReconciliation(
	db: DbOrTx,
	period: ReportPeriod,
	options: { now: Date; scope?: SQL },
): Promise<Reconciliation> {
	const asOf = new Date(Math.min(options.now.getTime(), period.to.getTime()));
	const { from } = period;
	const before = sql`${issueEvents.createdAt} < ${asOf}`;
	const inMonth = sql`${issueEvents.createdAt} >= ${from} and ${before}`;
	const terminal = list(TERMINAL_STATES);
	const own = sql`${issueEvents.issueId} = ${issues.id}`;
	const rows = await db
		.select({
			number: issues.number,
			title: issues.title,
			enterprise: enterprises.name,
			leadDepartment: departments.name,
			createdAt: issues.createdAt,
			stateAtEnd: sql<
				string | null
			>`(select ${issueEvents.toState} from ${issueEvents} where ${own} and ${before} and ${issueEvents.toState} is not null order by ${issueEvents.id} desc limit 1)`,
			dueAtEnd: sql<
				string | null
			>`(select ${issueEvents.payload}->>'dueAt' from ${issueEvents} where ${own} and ${before} and ${issueEvents.payload} ? 'dueAt' order by ${issueEvents.id} desc limit 1)`,
			closedOffAt: sql<
				string | null
			>`(select max(${issueEvents.createdAt}) from ${issueEvents} where ${own} and ${inMonth} and ${issueEvents.toState} in (${terminal}) and (${issueEvents.fromState} is null or ${issueEvents.fromState} not in (${terminal})))`,
			reopenedAt: sql<
				string | null
			>`(select max(${issueEvents.createdAt}) from ${issueEvents} where ${own} and ${inMonth} and ${issueEvents.toState} = 'reopened')`,
		})
		.from(issues)
		.leftJoin(enterprises, eq(enterprises.id, issues.enterpriseId))
		.leftJoin(departments, eq(departments.id, issues.leadDepartmentId))
		.where(and(lt(issues.createdAt, asOf), options.scope))
		.orderBy(asc(issues.createdAt), asc(issues.id));

	const result: Reconciliation = {
		period,
		asOf,
		opened: [],
		closedOff: [],
		reopened: [],
		overdue: [],
	};
	const terminalStates = new Set<string>(TERMINAL_STATES);
	const activeStates = new Set<string>(ACTIVE_STATES);
	const date = (value: string | Date | null) =>
		value === null ? null : new Date(value);
	for (const row of rows) {
		const base = {
			number: row.number,
			title: row.title,
			enterprise: row.enterprise,
			leadDepartment: row.leadDepartment,
		};
		if (row.createdAt >= from)
			result.opened.push({ ...base, at: row.createdAt });
		const closedOff = date(row.closedOffAt);
		// Closed off in the month and still closed at its end: a reopened one is not 销号.
		if (closedOff && row.stateAtEnd && terminalStates.has(row.stateAtEnd))
			result.closedOff.push({ ...base, at: closedOff });
		const reopened = date(row.reopenedAt);
		if (reopened) result.reopened.push({ ...base, at: reopened });
		const due = date(row.dueAtEnd);
		if (row.stateAtEnd && activeStates.has(row.stateAtEnd) && due && due < asOf)
			result.overdue.push({ ...base, at: due });
	}
	const byTime = (a: ReconciliationRow, b: ReconciliationRow) =>
		a.at.getTime() - b.at.getTime();
	result.closedOff.sort(byTime);
	result.reopened.sort(byTime);
	result.overdue.sort(byTime);
	return result;
}
