import type { DbOrTx } from "../../db/client.ts";
import type { Platform, PlatformIdentity } from "../../db/schema/directory.ts";
import type { Issue } from "../../db/schema/issues.ts";
import {
	identitiesOfDepartment,
	identitiesWithRole,
	identityOfPerson,
} from "../../workflows/directory/queries.ts";
import { coHandlersOf } from "../../workflows/issues/apply-command.ts";
import type { NotifyAudience } from "../../workflows/lifecycle/types.ts";
import type { Mention } from "../messages.ts";
import type { IdentityIndex } from "./directory-identities.ts";

/**
 * The accounts to @-mention for `audiences` of an issue. With `known` (the directory snapshot) the
 * departments' and offices' accounts come from memory; without it, from the database.
 */
export async function mentionsFor(
	db: DbOrTx,
	issue: Issue,
	audiences: readonly NotifyAudience[],
	platform: Platform,
	known?: IdentityIndex,
): Promise<Mention[]> {
	const identities: PlatformIdentity[] = [];
	for (const audience of audiences)
		identities.push(
			...(await identitiesFor(db, issue, audience, platform, known)),
		);
	const seen = new Set<string>();
	return identities
		.filter(
			(identity) =>
				!seen.has(identity.externalId) && seen.add(identity.externalId),
		)
		.map(toMention);
}

async function identitiesFor(
	db: DbOrTx,
	issue: Issue,
	audience: NotifyAudience,
	platform: Platform,
	known: IdentityIndex | undefined,
): Promise<PlatformIdentity[]> {
	const ofDepartment = (departmentId: number) =>
		known
			? known.identitiesOfDepartment(departmentId, platform)
			: identitiesOfDepartment(db, departmentId, platform);
	switch (audience) {
		case "enterprise": {
			if (issue.reporterPersonId === null) return [];
			const reporter = await identityOfPerson(
				db,
				issue.reporterPersonId,
				platform,
			);
			return reporter ? [reporter] : [];
		}
		case "lead_department":
			return issue.leadDepartmentId === null
				? []
				: ofDepartment(issue.leadDepartmentId);
		case "co_departments": {
			const ids = await coHandlersOf(db, issue.id);
			const found: PlatformIdentity[] = [];
			// In turn: `db` may be a transaction, whose client runs one query at a time.
			for (const id of ids) found.push(...(await ofDepartment(id)));
			return found;
		}
		case "office":
			return known
				? known.identitiesWithRole(platform, "office_staff", {
						officeId: issue.officeId,
					})
				: officeStaffIdentities(db, issue.officeId, platform);
		// Leaders and supervisors are told by direct message by the escalation engine, never in the group.
		case "leader":
		case "supervisors":
			return [];
	}
}

/** The office staff of a service office; with no office, every office's staff (the fallback desk). */
export function officeStaffIdentities(
	db: DbOrTx,
	officeId: number | null,
	platform: Platform,
): Promise<PlatformIdentity[]> {
	return identitiesWithRole(db, platform, "office_staff", { officeId });
}

export function toMention(identity: PlatformIdentity): Mention {
	return {
		externalId: identity.externalId,
		kind: identity.personId === null ? "user_group" : "user",
		...(identity.displayName ? { displayName: identity.displayName } : {}),
	};
}
