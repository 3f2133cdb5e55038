/**
 * 问题清单/台账: every issue in a viewer's scope, with its state, dates, department, deadline, colour
 * and 销号 date (the date it was struck off: it reached done, closed or withdrawn and stayed there).
 * Read in batches by id so an export of any size is streamed, never held in memory.
 */
import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import {
	categories,
	departments,
	enterprises,
} from "../../db/schema/directory.ts";
import {
	type Colour,
	type IssueState,
	issues,
	type Tier,
} from "../../db/schema/issues.ts";
import { TERMINAL_STATES } from "../lifecycle/transition-table.ts";

export interface LedgerRow {
	id: number;
	number: string;
	title: string;
	enterprise: string | null;
	area: string | null;
	category: string | null;
	leadDepartment: string | null;
	state: IssueState;
	tier: Tier;
	colour: Colour;
	createdAt: Date;
	dispatchedAt: Date | null;
	acceptedAt: Date | null;
	dueAt: Date | null;
	resolvedAt: Date | null;
	/** 销号: when it was closed off; null while it is open (a reopened issue is open again). */
	closedOffAt: Date | null;
	transferCount: number;
	reopenCount: number;
}

const TERMINAL = new Set<string>(TERMINAL_STATES);

export async function* ledgerRows(
	db: DbOrTx,
	options: { scope?: SQL; batchSize?: number } = {},
): AsyncGenerator<LedgerRow[]> {
	const batchSize = options.batchSize ?? 1000;
	let after = 0;
	for (;;) {
		// The batch of issues first (by id, on the primary key), then the names for those rows only:
		// joined before the limit, the planner hashed every enterprise for each batch.
		const batch = db
			.select({
				id: issues.id,
				number: issues.number,
				title: issues.title,
				enterpriseId: issues.enterpriseId,
				leadDepartmentId: issues.leadDepartmentId,
				categoryCode: issues.categoryCode,
				state: issues.state,
				tier: issues.tier,
				colour: issues.colour,
				createdAt: issues.createdAt,
				dispatchedAt: issues.dispatchedAt,
				acceptedAt: issues.acceptedAt,
				dueAt: issues.dueAt,
				resolvedAt: issues.resolvedAt,
				closedAt: issues.closedAt,
				transferCount: issues.transferCount,
				reopenCount: issues.reopenCount,
			})
			.from(issues)
			.where(and(gt(issues.id, after), options.scope))
			.orderBy(asc(issues.id))
			.limit(batchSize)
			.as("batch");
		const rows = await db
			.select({
				id: batch.id,
				number: batch.number,
				title: batch.title,
				enterprise: enterprises.name,
				area: enterprises.area,
				category: categories.name,
				categoryCode: batch.categoryCode,
				leadDepartment: departments.name,
				state: batch.state,
				tier: batch.tier,
				colour: batch.colour,
				createdAt: batch.createdAt,
				dispatchedAt: batch.dispatchedAt,
				acceptedAt: batch.acceptedAt,
				dueAt: batch.dueAt,
				resolvedAt: batch.resolvedAt,
				closedAt: batch.closedAt,
				transferCount: batch.transferCount,
				reopenCount: batch.reopenCount,
			})
			.from(batch)
			.leftJoin(enterprises, eq(enterprises.id, batch.enterpriseId))
			.leftJoin(departments, eq(departments.id, batch.leadDepartmentId))
			.leftJoin(categories, eq(categories.code, batch.categoryCode))
			.orderBy(asc(batch.id));
		if (rows.length === 0) return;
		yield rows.map(({ categoryCode, closedAt, ...row }) => ({
			...row,
			category: row.category ?? categoryCode,
			closedOffAt: TERMINAL.has(row.state) ? closedAt : null,
		}));
		after = rows[rows.length - 1]?.id ?? after;
		if (rows.length < batchSize) return;
	}
}
