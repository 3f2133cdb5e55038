/**
 * The directory's platform accounts in memory, answering what `workflows/directory/queries.ts`
 * answers with SQL (same people, same order), so that mentioning a department's officials in an
 * acknowledgement costs no query.
 */
import type {
	DutyRoster,
	Person,
	PersonRole,
	Platform,
	PlatformIdentity,
} from "../../db/schema/directory.ts";
import { departmentMentionTargets } from "../../workflows/directory/duty.ts";

export interface IdentityRow {
	identity: PlatformIdentity;
	/** The active person behind the account; null for a department's collective account. */
	person: Person | null;
}

export interface IdentityIndex {
	/** The department's officials' accounts, then its collective accounts (`identitiesOfDepartment`). */
	identitiesOfDepartment(
		departmentId: number,
		platform: Platform,
	): PlatformIdentity[];
	/**
	 * Whom a group message about the department mentions at `at`: its duty officers, else its shared
	 * account, else its officials (`departmentMentionIdentities`).
	 */
	departmentMentions(
		departmentId: number,
		platform: Platform,
		at: Date,
	): PlatformIdentity[];
	/** Accounts of active people with `role`, optionally of one office or department (`identitiesWithRole`). */
	identitiesWithRole(
		platform: Platform,
		role: PersonRole,
		scope?: { officeId?: number | null; departmentId?: number },
	): PlatformIdentity[];
	/** Whether the active person has an account on the platform. */
	hasAccount(personId: number, platform: Platform): boolean;
}

export function indexIdentities(
	rows: readonly IdentityRow[],
	/** Each department's duty officers (departments.duty). */
	rosters: ReadonlyMap<number, DutyRoster | null> = new Map(),
): IdentityIndex {
	const people = rows
		.filter(
			(row): row is { identity: PlatformIdentity; person: Person } =>
				row.person !== null,
		)
		.sort((a, b) => a.person.id - b.person.id || a.identity.id - b.identity.id);
	const collective = rows
		.filter((row) => row.identity.personId === null)
		.map((row) => row.identity)
		.sort((a, b) => a.id - b.id);

	// The snapshot never changes, so each answer is worked out once (an acknowledgement asks for every issue).
	const answers = new Map<string, readonly PlatformIdentity[]>();
	const remembered = (
		key: string,
		find: () => PlatformIdentity[],
	): PlatformIdentity[] => {
		let found = answers.get(key);
		if (found === undefined) {
			found = find();
			answers.set(key, found);
		}
		return [...found];
	};

	function identitiesWithRole(
		platform: Platform,
		role: PersonRole,
		scope: { officeId?: number | null; departmentId?: number } = {},
	): PlatformIdentity[] {
		return remembered(
			`role ${platform} ${role} ${scope.officeId ?? ""} ${scope.departmentId ?? ""}`,
			() => withRole(platform, role, scope),
		);
	}

	function withRole(
		platform: Platform,
		role: PersonRole,
		scope: { officeId?: number | null; departmentId?: number },
	): PlatformIdentity[] {
		return people
			.filter(
				({ identity, person }) =>
					identity.platform === platform &&
					person.roles.includes(role) &&
					(scope.officeId == null || person.officeId === scope.officeId) &&
					(scope.departmentId === undefined ||
						person.departmentId === scope.departmentId),
			)
			.map((row) => row.identity);
	}

	const collectiveOf = (departmentId: number, platform: Platform) =>
		collective.filter(
			(identity) =>
				identity.platform === platform &&
				identity.departmentId === departmentId,
		);
	const accounts = new Set(
		people.map(({ identity, person }) => `${person.id} ${identity.platform}`),
	);
	return {
		identitiesWithRole,
		hasAccount: (personId, platform) => accounts.has(`${personId} ${platform}`),
		identitiesOfDepartment: (departmentId, platform) =>
			remembered(`department ${platform} ${departmentId}`, () => [
				...withRole(platform, "official", { departmentId }),
				...collectiveOf(departmentId, platform),
			]),
		departmentMentions: (departmentId, platform, at) =>
			departmentMentionTargets({
				roster: rosters.get(departmentId) ?? null,
				at,
				officials: identitiesWithRole(platform, "official", { departmentId }),
				collective: collectiveOf(departmentId, platform),
			}),
	};
}
