/**
 * The joint meeting's agenda (联席会议议题): open issues raised to the joint meeting or on to the
 * province, each with why it was raised (the latest `tier_raised` event's reason).
 */
import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import {
	categories,
	departments,
	enterprises,
} from "../../db/schema/directory.ts";
import {
	type Colour,
	type IssueState,
	issueCoHandlers,
	issueEvents,
	issues,
	type Tier,
} from "../../db/schema/issues.ts";
import { dayIndexOf } from "../calendar/local-time.ts";
import { OPEN_STATES } from "../lifecycle/transition-table.ts";

export const AGENDA_TIERS = ["joint_meeting", "province"] as const;
export type AgendaTier = (typeof AGENDA_TIERS)[number];

export interface AgendaItem {
	number: string;
	title: string;
	state: IssueState;
	tier: AgendaTier;
	enterprise: string | null;
	/** The category's name, or its code when the category is gone. */
	category: string | null;
	leadDepartment: string | null;
	coHandlers: string[];
	createdAt: Date;
	/** Local (Shanghai) calendar days since the issue was registered. */
	openDays: number;
	raisedAt: Date | null;
	raisedReason: string | null;
	dueAt: Date | null;
	colour: Colour;
}

export type JointMeetingAgenda = Record<AgendaTier, AgendaItem[]>;

export interface AgendaOptions {
	now: Date;
	/** Restricts the issues (the console's viewer scope); undefined means all. */
	scope?: SQL;
}

export async function jointMeetingAgenda(
	db: DbOrTx,
	options: AgendaOptions,
): Promise<JointMeetingAgenda> {
	const filters = [
		inArray(issues.tier, [...AGENDA_TIERS]),
		inArray(issues.state, [...OPEN_STATES]),
	];
	if (options.scope) filters.push(options.scope);
	const rows = await db
		.select({
			id: issues.id,
			number: issues.number,
			title: issues.title,
			state: issues.state,
			tier: issues.tier,
			categoryCode: issues.categoryCode,
			category: categories.name,
			enterprise: enterprises.name,
			leadDepartment: departments.name,
			createdAt: issues.createdAt,
			dueAt: issues.dueAt,
			colour: issues.colour,
		})
		.from(issues)
		.leftJoin(enterprises, eq(enterprises.id, issues.enterpriseId))
		.leftJoin(departments, eq(departments.id, issues.leadDepartmentId))
		.leftJoin(categories, eq(categories.code, issues.categoryCode))
		.where(and(...filters))
		.orderBy(asc(issues.createdAt), asc(issues.id));
	const agenda: JointMeetingAgenda = { joint_meeting: [], province: [] };
	if (rows.length === 0) return agenda;

	const ids = rows.map((r) => r.id);
	const [raises, coRows] = await Promise.all([
		db
			.select({
				issueId: issueEvents.issueId,
				payload: issueEvents.payload,
				createdAt: issueEvents.createdAt,
			})
			.from(issueEvents)
			.where(
				and(
					inArray(issueEvents.issueId, ids),
					eq(issueEvents.kind, "tier_raised"),
				),
			)
			.orderBy(desc(issueEvents.id)),
		db
			.select({ issueId: issueCoHandlers.issueId, name: departments.name })
			.from(issueCoHandlers)
			.innerJoin(departments, eq(departments.id, issueCoHandlers.departmentId))
			.where(inArray(issueCoHandlers.issueId, ids))
			.orderBy(asc(issueCoHandlers.addedAt), asc(departments.id)),
	]);
	const latestRaise = new Map<number, { reason: string | null; at: Date }>();
	for (const event of raises) {
		if (latestRaise.has(event.issueId)) continue;
		const reason = (event.payload as { reason?: unknown } | null)?.reason;
		latestRaise.set(event.issueId, {
			reason: typeof reason === "string" ? reason : null,
			at: event.createdAt,
		});
	}
	const coHandlers = new Map<number, string[]>();
	for (const row of coRows)
		coHandlers.set(row.issueId, [
			...(coHandlers.get(row.issueId) ?? []),
			row.name,
		]);

	const today = dayIndexOf(options.now.getTime());
	for (const row of rows) {
		const tier = row.tier as Tier;
		if (tier !== "joint_meeting" && tier !== "province") continue;
		const raise = latestRaise.get(row.id);
		agenda[tier].push({
			number: row.number,
			title: row.title,
			state: row.state,
			tier,
			enterprise: row.enterprise,
			category: row.category ?? row.categoryCode,
			leadDepartment: row.leadDepartment,
			coHandlers: coHandlers.get(row.id) ?? [],
			createdAt: row.createdAt,
			openDays: Math.max(0, today - dayIndexOf(row.createdAt.getTime())),
			raisedAt: raise?.at ?? null,
			raisedReason: raise?.reason ?? null,
			dueAt: row.dueAt,
			colour: row.colour,
		});
	}
	return agenda;
}
