import { and, eq, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import {
	departments,
	enterprises,
	type Group,
	groups,
	type Person,
	type Platform,
	people,
	platformIdentities,
	serviceOffices,
} from "../../db/schema/directory.ts";
import type { WorkingCalendar } from "../../workflows/calendar/types.ts";
import { createWorkingCalendar } from "../../workflows/calendar/working-calendar.ts";
import type { DeadlinePolicy } from "../../workflows/deadlines/policy-schema.ts";
import {
	loadCalendarSettings,
	loadDeadlinePolicy,
	loadRoutingRules,
} from "../../workflows/directory/queries.ts";
import type { EscalationPolicy } from "../../workflows/escalation/policy-schema.ts";
import { loadEscalationPolicy } from "../../workflows/escalation/resolve-policy.ts";
import type { RoutingRules } from "../../workflows/intake/routing-types.ts";
import type { IntakeModel } from "../../workflows/understanding/intake-model.ts";
import { type IdentityIndex, indexIdentities } from "./directory-identities.ts";

/**
 * The parts of the directory every message needs, read once and refreshed every 30 s (a directory
 * import takes effect within that), so a message costs no directory queries.
 */
export interface DirectorySnapshot extends IdentityIndex {
	routing: RoutingRules;
	/** The deployment's trained intake model as of now; null: the keyword rules decide. */
	intakeModel(): IntakeModel | null;
	deadlinePolicy: DeadlinePolicy;
	/** The directory's escalation policy, which a new issue copies. */
	escalation: EscalationPolicy;
	calendar: WorkingCalendar;
	departmentName(id: number | null): string | null;
	/** Name or alias → department id. */
	departmentByName(name: string): number | null;
	departmentNames: string[];
	officeName(id: number | null): string | null;
	/** The enterprise's service specialist (暖企专员), when the directory names one. */
	specialistOf(enterpriseId: number | null): number | null;
	categoryName(code: string | null): string | null;
	/** The person behind a platform account (active people only). */
	personByIdentity(platform: Platform, externalId: string): Person | null;
	/** The group bound to a conversation; undefined when the snapshot does not know it (yet). */
	groupByConversation(
		platform: Platform,
		conversationId: string,
	): Group | undefined;
	/** The department's internal group (kind `department`) on a platform, when the directory names one. */
	departmentGroup(departmentId: number, platform: Platform): Group | undefined;
	/**
	 * The chat platforms this deployment is connected to, in order of preference: where people the
	 * group's platform cannot reach are told (a mixed deployment, docs/mixed-deployments.md).
	 */
	platforms: readonly Platform[];
}

export interface DirectoryCache {
	/**
	 * The current snapshot, loaded through `db` when stale. Pass the transaction you are in: on PGlite
	 * a query outside it would wait for it to end.
	 */
	get(db: DbOrTx): Promise<DirectorySnapshot>;
	/** Forget the snapshot (after a directory import). */
	invalidate(): void;
}

export function createDirectoryCache(
	maxAgeMs = 30_000,
	intakeModel: () => IntakeModel | null = () => null,
	/** The deployment's chat platforms (default: only the platform each message is on reaches anyone). */
	platforms: readonly Platform[] = [],
): DirectoryCache {
	let current: { at: number; snapshot: Promise<DirectorySnapshot> } | null =
		null;
	return {
		get(db) {
			if (!current || Date.now() - current.at > maxAgeMs) {
				const snapshot = loadSnapshot(db, intakeModel, platforms);
				current = { at: Date.now(), snapshot };
				snapshot.catch(() => {
					current = null;
				});
			}
			return current.snapshot;
		},
		invalidate() {
			current = null;
		},
	};
}

async function loadSnapshot(
	db: DbOrTx,
	intakeModel: () => IntakeModel | null,
	platforms: readonly Platform[],
): Promise<DirectorySnapshot> {
	// One query at a time: `db` may be a transaction, and a pg client runs one query at a time
	// (node-postgres deprecates queueing several on one client).
	const routing = await loadRoutingRules(db);
	const deadlinePolicy = await loadDeadlinePolicy(db);
	const calendarSettings = await loadCalendarSettings(db);
	const departmentRows = await db
		.select({
			id: departments.id,
			name: departments.name,
			aliases: departments.aliases,
			duty: departments.duty,
		})
		.from(departments)
		.where(eq(departments.active, true));
	const officeRows = await db
		.select({ id: serviceOffices.id, name: serviceOffices.name })
		.from(serviceOffices);
	const identityRows = await db
		.select({ identity: platformIdentities, person: people })
		.from(platformIdentities)
		.leftJoin(
			people,
			and(eq(people.id, platformIdentities.personId), eq(people.active, true)),
		);
	const escalation = await loadEscalationPolicy(db);
	const specialistRows = await db
		.select({ id: enterprises.id, specialist: enterprises.specialistPersonId })
		.from(enterprises)
		.where(isNotNull(enterprises.specialistPersonId));
	const groupRows = await db
		.select()
		.from(groups)
		.where(and(eq(groups.active, true), isNotNull(groups.conversationId)));
	const personByAccount = new Map(
		identityRows.flatMap((row) =>
			row.person
				? [
						[
							`${row.identity.platform}\u0000${row.identity.externalId}`,
							row.person,
						] as const,
					]
				: [],
		),
	);
	const groupByAccount = new Map(
		groupRows.map((group) => [
			`${group.platform}\u0000${group.conversationId}`,
			group,
		]),
	);
	const departmentGroups = new Map<string, Group>();
	for (const group of [...groupRows].sort((a, b) => a.id - b.id))
		if (group.kind === "department" && group.departmentId !== null) {
			const key = `${group.departmentId}\u0000${group.platform}`;
			if (!departmentGroups.has(key)) departmentGroups.set(key, group);
		}
	const byName = new Map<string, number>();
	for (const row of departmentRows) {
		for (const name of [row.name, ...row.aliases]) byName.set(name, row.id);
	}
	const names = new Map(departmentRows.map((row) => [row.id, row.name]));
	const offices = new Map(officeRows.map((row) => [row.id, row.name]));
	const specialists = new Map(
		specialistRows.map((row) => [row.id, row.specialist]),
	);
	const categoryNames = new Map(
		routing.categories.map((c) => [c.code, c.name]),
	);
	return {
		...indexIdentities(
			identityRows,
			new Map(departmentRows.map((row) => [row.id, row.duty])),
		),
		routing,
		intakeModel,
		deadlinePolicy,
		escalation,
		calendar: createWorkingCalendar(calendarSettings),
		departmentName: (id) => (id === null ? null : (names.get(id) ?? null)),
		departmentByName: (name) => byName.get(name.trim()) ?? null,
		departmentNames: [...byName.keys()],
		officeName: (id) => (id === null ? null : (offices.get(id) ?? null)),
		specialistOf: (id) => (id === null ? null : (specialists.get(id) ?? null)),
		categoryName: (code) =>
			code === null ? null : (categoryNames.get(code) ?? code),
		personByIdentity: (platform, externalId) =>
			personByAccount.get(`${platform}\u0000${externalId}`) ?? null,
		groupByConversation: (platform, conversationId) =>
			groupByAccount.get(`${platform}\u0000${conversationId}`),
		departmentGroup: (departmentId, platform) =>
			departmentGroups.get(`${departmentId}\u0000${platform}`),
		platforms,
	};
}
