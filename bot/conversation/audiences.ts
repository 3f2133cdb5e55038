import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import {
	type Platform,
	type PlatformIdentity,
	people,
} from "../../db/schema/directory.ts";
import { type Issue, issueEvents } from "../../db/schema/issues.ts";
import {
	departmentMentionIdentities,
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
 * A department is its official who accepted the issue, or else its duty officers at `at`
 * (首接负责制: workflows/directory/duty.ts), never every official and its duty account together.
 */
export async function mentionsFor(
	db: DbOrTx,
	issue: Issue,
	audiences: readonly NotifyAudience[],
	platform: Platform,
	known?: IdentityIndex,
	at: Date = new Date(),
): Promise<Mention[]> {
	return (
		await audienceIdentities(db, issue, audiences, platform, known, at)
	).map(toMention);
}

/** The accounts behind `mentionsFor`, each once. */
export async function audienceIdentities(
	db: DbOrTx,
	issue: Issue,
	audiences: readonly NotifyAudience[],
	platform: Platform,
	known?: IdentityIndex,
	at: Date = new Date(),
): Promise<PlatformIdentity[]> {
	const identities: PlatformIdentity[] = [];
	for (const audience of audiences)
		identities.push(
			...(await identitiesFor(db, issue, audience, platform, known, at)),
		);
	const seen = new Set<string>();
	return identities.filter(
		(identity) =>
			!seen.has(identity.externalId) && seen.add(identity.externalId),
	);
}

async function identitiesFor(
	db: DbOrTx,
	issue: Issue,
	audience: NotifyAudience,
	platform: Platform,
	known: IdentityIndex | undefined,
	at: Date,
): Promise<PlatformIdentity[]> {
	const ofDepartment = (departmentId: number) =>
		known
			? known.departmentMentions(departmentId, platform, at)
			: departmentMentionIdentities(db, departmentId, platform, at);
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
		case "lead_department": {
			if (issue.leadDepartmentId === null) return [];
			const acceptor = await acceptorIdentity(db, issue, platform);
			return acceptor ? [acceptor] : ofDepartment(issue.leadDepartmentId);
		}
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

/**
 * The account of the official who last accepted the issue, while they are an active official of its
 * lead department: a reopened issue goes back to them; after a transfer the new department's duty
 * officers are mentioned.
 */
export async function acceptorIdentity(
	db: DbOrTx,
	issue: Issue,
	platform: Platform,
): Promise<PlatformIdentity | null> {
	// Just handed to a department (new, dispatched, transferred): nobody there has accepted it yet.
	if (issue.state === "awaiting_dispatch" || issue.state === "dispatched")
		return null;
	const [accepted] = await db
		.select({ personId: issueEvents.actorPersonId })
		.from(issueEvents)
		.where(
			and(eq(issueEvents.issueId, issue.id), eq(issueEvents.kind, "accepted")),
		)
		.orderBy(desc(issueEvents.id))
		.limit(1);
	if (!accepted?.personId) return null;
	const [person] = await db
		.select({ departmentId: people.departmentId, active: people.active })
		.from(people)
		.where(eq(people.id, accepted.personId));
	if (!person?.active || person.departmentId !== issue.leadDepartmentId)
		return null;
	return identityOfPerson(db, accepted.personId, platform);
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
