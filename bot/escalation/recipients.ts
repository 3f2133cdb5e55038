/** Who an escalation step's audience role is, for one issue, as platform accounts. */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import {
	departments,
	enterprises,
	type Platform,
	type PlatformIdentity,
	people,
	platformIdentities,
} from "../../db/schema/directory.ts";
import type { Issue } from "../../db/schema/issues.ts";
import {
	identitiesOfDepartment,
	identitiesWithRole,
} from "../../workflows/directory/queries.ts";
import type { AudienceRole } from "../../workflows/escalation/policy-schema.ts";
import { coHandlersOf } from "../../workflows/issues/apply-command.ts";
import {
	acceptorIdentity,
	officeStaffIdentities,
} from "../conversation/audiences.ts";

export interface Recipient {
	identity: PlatformIdentity;
	/** Null for a department's collective account. */
	personId: number | null;
	locale: string | null;
}

export async function recipientsOf(
	db: DbOrTx,
	issue: Issue,
	role: AudienceRole,
	platform: Platform,
): Promise<Recipient[]> {
	const identities = await identitiesFor(db, issue, role, platform);
	const personIds = identities
		.map((i) => i.personId)
		.filter((id): id is number => id !== null);
	const locales = new Map<number, string | null>();
	if (personIds.length > 0) {
		const rows = await db
			.select({ id: people.id, locale: people.locale })
			.from(people)
			.where(inArray(people.id, personIds));
		for (const row of rows) locales.set(row.id, row.locale);
	}
	return identities.map((identity) => ({
		identity,
		personId: identity.personId,
		locale:
			identity.personId === null
				? null
				: (locales.get(identity.personId) ?? null),
	}));
}

async function identitiesFor(
	db: DbOrTx,
	issue: Issue,
	role: AudienceRole,
	platform: Platform,
): Promise<PlatformIdentity[]> {
	switch (role) {
		case "lead_officials": {
			// Once someone accepted, the warning is theirs to act on, not the whole department's.
			if (issue.leadDepartmentId === null) return [];
			const acceptor = await acceptorIdentity(db, issue, platform);
			return acceptor
				? [acceptor]
				: identitiesOfDepartment(db, issue.leadDepartmentId, platform);
		}
		case "co_officials": {
			// One query at a time: `db` is usually a transaction.
			const found: PlatformIdentity[] = [];
			for (const id of await coHandlersOf(db, issue.id))
				found.push(...(await identitiesOfDepartment(db, id, platform)));
			return found;
		}
		case "office":
			return officeStaffIdentities(db, issue.officeId, platform);
		case "leader": {
			if (issue.leadDepartmentId === null) return [];
			const [row] = await db
				.select({ leader: departments.leaderPersonId })
				.from(departments)
				.where(eq(departments.id, issue.leadDepartmentId));
			return identitiesOfPeople(db, row?.leader ? [row.leader] : [], platform);
		}
		case "supervisors":
			return supervisorIdentities(db, platform);
		case "district_head": {
			const rows = await db
				.select({ head: departments.headPersonId })
				.from(departments)
				.where(
					and(eq(departments.kind, "government"), eq(departments.active, true)),
				)
				.orderBy(asc(departments.id));
			const heads = rows
				.map((r) => r.head)
				.filter((id): id is number => id !== null);
			return identitiesOfPeople(db, heads.slice(0, 1), platform);
		}
		case "enterprise":
			return issue.reporterPersonId === null
				? []
				: identitiesOfPeople(db, [issue.reporterPersonId], platform);
		case "reviewers": {
			const supervisors = await supervisorIdentities(db, platform);
			const office = await officeStaffIdentities(db, issue.officeId, platform);
			return [...supervisors, ...office];
		}
		case "specialist":
		case "baobao_leader":
			return identitiesOfPeople(
				db,
				await enterpriseOwners(db, issue.enterpriseId, role),
				platform,
			);
	}
}

/** The enterprise's service specialist or 包保 leader, when the directory names one. */
async function enterpriseOwners(
	db: DbOrTx,
	enterpriseId: number | null,
	role: "specialist" | "baobao_leader",
): Promise<number[]> {
	if (enterpriseId === null) return [];
	const [row] = await db
		.select({
			specialist: enterprises.specialistPersonId,
			baobao: enterprises.baobaoLeaderPersonId,
		})
		.from(enterprises)
		.where(eq(enterprises.id, enterpriseId));
	const id = role === "specialist" ? row?.specialist : row?.baobao;
	return id ? [id] : [];
}

function supervisorIdentities(
	db: DbOrTx,
	platform: Platform,
): Promise<PlatformIdentity[]> {
	return identitiesWithRole(db, platform, "supervisor");
}

async function identitiesOfPeople(
	db: DbOrTx,
	personIds: number[],
	platform: Platform,
): Promise<PlatformIdentity[]> {
	if (personIds.length === 0) return [];
	const rows = await db
		.select({ identity: platformIdentities })
		.from(platformIdentities)
		.innerJoin(people, eq(people.id, platformIdentities.personId))
		.where(
			and(
				eq(platformIdentities.platform, platform),
				eq(people.active, true),
				inArray(people.id, personIds),
			),
		)
		.orderBy(asc(platformIdentities.id));
	const first = new Map<number, PlatformIdentity>();
	for (const { identity } of rows)
		if (identity.personId !== null && !first.has(identity.personId))
			first.set(identity.personId, identity);
	return personIds.flatMap((id) => {
		const identity = first.get(id);
		return identity ? [identity] : [];
	});
}
