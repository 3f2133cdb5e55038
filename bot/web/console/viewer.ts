/** Who is looking at the console, and which issues they may see. */
import { and, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { departments, type Person } from "../../../db/schema/directory.ts";
import { issueCoHandlers, issues } from "../../../db/schema/issues.ts";

export interface Viewer {
	person: Person;
	/** Departments whose leader in charge (分管领导) this person is. */
	leaderOf: number[];
}

export async function loadViewer(db: DbOrTx, person: Person): Promise<Viewer> {
	const led = await db
		.select({ id: departments.id })
		.from(departments)
		.where(eq(departments.leaderPersonId, person.id));
	return { person, leaderOf: led.map((d) => d.id) };
}

/** Enterprise members use the chat, not the console. */
export function mayUseConsole(person: Person): boolean {
	return person.roles.some((role) => role !== "enterprise_member");
}

/** Bull Board shows every queued message: administrators only. */
export function mayUseQueueDashboard(person: Person): boolean {
	return person.roles.includes("admin");
}

export function seesEverything(viewer: Viewer): boolean {
	return viewer.person.roles.some((r) => r === "supervisor" || r === "admin");
}

/** The joint meeting agenda is the chair's office's: office staff, leaders, supervisors and admins. */
export function mayViewAgenda(viewer: Viewer): boolean {
	return (
		viewer.leaderOf.length > 0 ||
		viewer.person.roles.some(
			(r) =>
				r === "office_staff" ||
				r === "leader" ||
				r === "supervisor" ||
				r === "admin",
		)
	);
}

/**
 * What of the ranking and the briefing a viewer may read. The office, leaders, supervisors and admins
 * answer for the whole district and read it all. An official reads their own department's row (with
 * its rank), the district's totals and their department's late issues: how the others fare is for
 * the chair's office to publish, not for one department to read off another. Anyone else: nothing.
 */
export type ReportScope =
	| { kind: "district" }
	| { kind: "department"; departmentId: number }
	| { kind: "none" };

export function reportScope(viewer: Viewer): ReportScope {
	const { person } = viewer;
	if (
		viewer.leaderOf.length > 0 ||
		person.roles.some(
			(r) =>
				r === "office_staff" ||
				r === "leader" ||
				r === "supervisor" ||
				r === "admin",
		)
	)
		return { kind: "district" };
	if (person.roles.includes("official") && person.departmentId !== null)
		return { kind: "department", departmentId: person.departmentId };
	return { kind: "none" };
}

/**
 * The issues a viewer may see: supervisors and admins all; officials their department's (lead or
 * co-handling); office staff their office's; leaders the departments they are in charge of.
 * Undefined means no restriction.
 */
export function issueScope(viewer: Viewer): SQL | undefined {
	if (seesEverything(viewer)) return undefined;
	const { person } = viewer;
	const parts: SQL[] = [];
	if (person.roles.includes("official") && person.departmentId !== null) {
		const department = person.departmentId;
		parts.push(
			eq(issues.leadDepartmentId, department),
			// One array of ids, read once, rather than a test per row: the planner can then combine
			// both parts as bitmaps and sort the department's few issues instead of walking the
			// whole ledger in creation order until the page fills (docs/scale.md).
			sql`${issues.id} = any(array(select ${issueCoHandlers.issueId} from ${issueCoHandlers} where ${issueCoHandlers.departmentId} = ${department}))`,
		);
	}
	if (person.roles.includes("office_staff") && person.officeId !== null)
		parts.push(eq(issues.officeId, person.officeId));
	if (viewer.leaderOf.length > 0)
		parts.push(inArray(issues.leadDepartmentId, viewer.leaderOf));
	return parts.length > 0 ? or(...parts) : sql`false`;
}

/** `and` that ignores missing parts. */
export function allOf(...parts: Array<SQL | undefined>): SQL | undefined {
	const present = parts.filter((p): p is SQL => p !== undefined);
	return present.length === 0 ? undefined : and(...present);
}
