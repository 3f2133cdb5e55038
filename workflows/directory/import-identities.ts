/**
 * Platform accounts, matched by (platform, external id). An account missing from the file is deleted:
 * nothing references it, and a departed official's account must stop being recognised. The accounts
 * of people the office claimed in chat (认领) are kept unless the file gives the account to someone.
 */
import { inArray } from "drizzle-orm";
import type { Tx } from "../../db/client.ts";
import {
	type Platform,
	platformIdentities,
} from "../../db/schema/directory.ts";
import { differences } from "./sync-by-code.ts";

export interface IdentityCounts {
	created: number;
	updated: number;
	unchanged: number;
	removed: number;
}

export interface WantedIdentity {
	platform: Platform;
	id: string;
	name?: string | undefined;
	personId: number | null;
	departmentId: number | null;
}

const FIELDS = ["displayName", "personId", "departmentId"] as const;

export async function syncIdentities(
	tx: Tx,
	wanted: readonly WantedIdentity[],
	/** People the office claimed in chat (认领): their accounts are not the file's to delete. */
	claimedPersonIds: ReadonlySet<number> = new Set(),
): Promise<IdentityCounts> {
	const keyOf = (platform: string, externalId: string) =>
		`${platform}\u0000${externalId}`;
	const existing = await tx.select().from(platformIdentities);
	const byKey = new Map(
		existing.map((row) => [keyOf(row.platform, row.externalId), row]),
	);
	const counts: IdentityCounts = {
		created: 0,
		updated: 0,
		unchanged: 0,
		removed: 0,
	};
	const toInsert: (typeof platformIdentities.$inferInsert)[] = [];
	const kept = new Set<number>();

	for (const identity of wanted) {
		const row = {
			platform: identity.platform,
			externalId: identity.id,
			displayName: identity.name ?? null,
			personId: identity.personId,
			departmentId: identity.departmentId,
		};
		const current = byKey.get(keyOf(identity.platform, identity.id));
		if (!current) {
			toInsert.push(row);
			continue;
		}
		kept.add(current.id);
		const changes = differences(current, row, FIELDS);
		if (Object.keys(changes).length === 0) {
			counts.unchanged++;
			continue;
		}
		await tx
			.update(platformIdentities)
			.set(changes)
			.where(inArray(platformIdentities.id, [current.id]));
		counts.updated++;
	}
	if (toInsert.length > 0) await tx.insert(platformIdentities).values(toInsert);
	counts.created = toInsert.length;

	const gone = existing
		.filter(
			(row) =>
				!kept.has(row.id) &&
				!(row.personId !== null && claimedPersonIds.has(row.personId)),
		)
		.map((row) => row.id);
	if (gone.length > 0)
		await tx
			.delete(platformIdentities)
			.where(inArray(platformIdentities.id, gone));
	counts.removed = gone.length;
	return counts;
}
