/** Resolving the departments a command names: by a mention of an official or a department account, or by name. */
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import {
	type Platform,
	people,
	platformIdentities,
} from "../../db/schema/directory.ts";
import type { ResolveDepartment } from "../../workflows/commands/to-command.ts";
import type { DepartmentRef } from "../../workflows/commands/types.ts";
import type { DirectorySnapshot } from "./directory-cache.ts";

export async function departmentResolver(
	db: DbOrTx,
	directory: DirectorySnapshot,
	platform: Platform,
	refs: readonly DepartmentRef[],
): Promise<ResolveDepartment> {
	const mentioned = refs.flatMap((ref) =>
		ref.mention ? [ref.mention.externalId] : [],
	);
	const byMention = new Map<string, number>();
	if (mentioned.length > 0) {
		const rows = await db
			.select({
				externalId: platformIdentities.externalId,
				own: platformIdentities.departmentId,
				personal: people.departmentId,
			})
			.from(platformIdentities)
			.leftJoin(people, eq(people.id, platformIdentities.personId))
			.where(
				and(
					eq(platformIdentities.platform, platform),
					inArray(platformIdentities.externalId, mentioned),
				),
			);
		for (const row of rows) {
			const id = row.own ?? row.personal;
			if (id !== null) byMention.set(row.externalId, id);
		}
	}
	return (ref) => {
		const viaMention = ref.mention
			? byMention.get(ref.mention.externalId)
			: undefined;
		if (viaMention !== undefined) return viaMention;
		const name = ref.name ?? ref.mention?.displayName;
		return name ? directory.departmentByName(name) : null;
	};
}
