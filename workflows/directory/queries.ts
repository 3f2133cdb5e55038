/** What the bot reads from the directory. Only active rows count. */
import { and, arrayContains, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import {
	categories,
	departments,
	type Group,
	groups,
	type Person,
	type PersonRole,
	type Platform,
	type PlatformIdentity,
	people,
	platformIdentities,
	settings,
} from "../../db/schema/directory.ts";
import {
	type CalendarSettings,
	calendarSettingsSchema,
	DEFAULT_DEADLINE_POLICY,
	type DeadlinePolicy,
	deadlinePolicySchema,
} from "../deadlines/policy-schema.ts";
import type { RoutingRules } from "../intake/routing-types.ts";
import { departmentMentionTargets } from "./duty.ts";
import { intakeSettingsSchema, urgencyWordsSchema } from "./file-schema.ts";
import { SETTINGS_KEYS } from "./settings-keys.ts";

async function readSetting(db: DbOrTx, key: string): Promise<unknown> {
	const [row] = await db
		.select({ value: settings.value })
		.from(settings)
		.where(eq(settings.key, key));
	return row?.value;
}

export async function loadRoutingRules(db: DbOrTx): Promise<RoutingRules> {
	const rows = await db
		.select({
			code: categories.code,
			name: categories.name,
			keywords: categories.keywords,
			leadDepartmentId: categories.leadDepartmentId,
			coDepartmentIds: categories.coDepartmentIds,
			leadByArea: categories.leadByArea,
		})
		.from(categories)
		.where(eq(categories.active, true))
		.orderBy(asc(categories.id));
	const stored = ((await readSetting(db, SETTINGS_KEYS.routing)) ??
		{}) as Record<string, unknown>;
	return {
		categories: rows,
		urgencyWords: urgencyWordsSchema.parse(stored.urgencyWords ?? {}),
		intake: intakeSettingsSchema.parse(stored.intake ?? {}),
		examples: Array.isArray(stored.examples)
			? (stored.examples as RoutingRules["examples"])
			: [],
	};
}

/** The imported policy, or `DEFAULT_DEADLINE_POLICY` before any import. */
export async function loadDeadlinePolicy(db: DbOrTx): Promise<DeadlinePolicy> {
	const stored = await readSetting(db, SETTINGS_KEYS.deadlinePolicy);
	return stored === undefined
		? DEFAULT_DEADLINE_POLICY
		: deadlinePolicySchema.parse(stored);
}

export async function loadCalendarSettings(
	db: DbOrTx,
): Promise<CalendarSettings> {
	return calendarSettingsSchema.parse(
		(await readSetting(db, SETTINGS_KEYS.calendar)) ?? {},
	);
}

/** The file's `escalation` section as written; undefined when it has none. */
export async function loadEscalationSettings(db: DbOrTx): Promise<unknown> {
	return readSetting(db, SETTINGS_KEYS.escalation);
}

export async function findPersonByIdentity(
	db: DbOrTx,
	platform: Platform,
	externalId: string,
): Promise<Person | null> {
	const [row] = await db
		.select({ person: people })
		.from(platformIdentities)
		.innerJoin(people, eq(people.id, platformIdentities.personId))
		.where(
			and(
				eq(platformIdentities.platform, platform),
				eq(platformIdentities.externalId, externalId),
				eq(people.active, true),
			),
		);
	return row?.person ?? null;
}

/**
 * The group of a conversation. A group known only by its room topic is bound to the conversation the
 * first time it is seen, so later lookups (and a renamed room) find it by id.
 */
export async function findGroupByConversation(
	db: DbOrTx,
	platform: Platform,
	conversationId: string,
	roomTopic?: string,
): Promise<Group | null> {
	const byId = async () => {
		const [row] = await db
			.select()
			.from(groups)
			.where(
				and(
					eq(groups.platform, platform),
					eq(groups.conversationId, conversationId),
					eq(groups.active, true),
				),
			);
		return row ?? null;
	};
	const found = await byId();
	if (found || roomTopic === undefined) return found;
	const [candidate] = await db
		.select({ id: groups.id })
		.from(groups)
		.where(
			and(
				eq(groups.platform, platform),
				eq(groups.roomTopic, roomTopic),
				isNull(groups.conversationId),
				eq(groups.active, true),
			),
		)
		.orderBy(asc(groups.id))
		.limit(1);
	// No unbound group by that topic: none, or another transaction has just bound it to this room
	// (after our first look), which a second look sees.
	if (!candidate) return byId();
	// The conditional update lets exactly one of two concurrent first sightings bind the group.
	const [bound] = await db
		.update(groups)
		.set({ conversationId, updatedAt: new Date() })
		.where(and(eq(groups.id, candidate.id), isNull(groups.conversationId)))
		.returning();
	return bound ?? (await byId());
}

/** Whom to @-mention for a department: its officials' accounts, then its collective account if any. */
export async function identitiesOfDepartment(
	db: DbOrTx,
	departmentId: number,
	platform: Platform,
): Promise<PlatformIdentity[]> {
	const officials = await identitiesWithRole(db, platform, "official", {
		departmentId,
	});
	const collective = await db
		.select()
		.from(platformIdentities)
		.where(
			and(
				eq(platformIdentities.platform, platform),
				eq(platformIdentities.departmentId, departmentId),
				isNull(platformIdentities.personId),
			),
		)
		.orderBy(asc(platformIdentities.id));
	return [...officials, ...collective];
}

/**
 * Whom a group message about a department mentions at `at` (首接负责制): its duty officers on duty
 * then, else its shared duty account, else every official (workflows/directory/duty.ts).
 */
export async function departmentMentionIdentities(
	db: DbOrTx,
	departmentId: number,
	platform: Platform,
	at: Date,
): Promise<PlatformIdentity[]> {
	const [department] = await db
		.select({ duty: departments.duty })
		.from(departments)
		.where(eq(departments.id, departmentId));
	const all = await identitiesOfDepartment(db, departmentId, platform);
	return departmentMentionTargets({
		roster: department?.duty ?? null,
		at,
		officials: all.filter((identity) => identity.personId !== null),
		collective: all.filter((identity) => identity.personId === null),
	});
}

export async function identityOfPerson(
	db: DbOrTx,
	personId: number,
	platform: Platform,
): Promise<PlatformIdentity | null> {
	const [row] = await db
		.select()
		.from(platformIdentities)
		.where(
			and(
				eq(platformIdentities.personId, personId),
				eq(platformIdentities.platform, platform),
			),
		)
		.orderBy(asc(platformIdentities.id))
		.limit(1);
	return row ?? null;
}

/**
 * The platform accounts of active people with a role, optionally only those of one office or one
 * department (no office given for office staff: every office's — the fallback desk).
 */
export async function identitiesWithRole(
	db: DbOrTx,
	platform: Platform,
	role: PersonRole,
	scope: { officeId?: number | null; departmentId?: number } = {},
): Promise<PlatformIdentity[]> {
	const rows = await db
		.select({ identity: platformIdentities })
		.from(platformIdentities)
		.innerJoin(people, eq(people.id, platformIdentities.personId))
		.where(
			and(
				eq(platformIdentities.platform, platform),
				eq(people.active, true),
				arrayContains(people.roles, [role]),
				scope.officeId == null
					? undefined
					: eq(people.officeId, scope.officeId),
				scope.departmentId === undefined
					? undefined
					: eq(people.departmentId, scope.departmentId),
			),
		)
		.orderBy(asc(people.id), asc(platformIdentities.id));
	return rows.map((row) => row.identity);
}
