/** Importing the enterprise owners (specialist, 包保 leader) and the categories' leads by area. */
import { eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client.ts";
import { enterprises } from "../../db/schema/directory.ts";
import type { DirectoryFile } from "./file-schema.ts";
import { differences, type SyncResult } from "./sync-by-code.ts";

/** Area name → department id, areas trimmed as enterprises' areas are. */
export function leadByAreaIds(
	byArea: Record<string, string>,
	idOf: (code: string) => number,
): Record<string, number> {
	return Object.fromEntries(
		Object.entries(byArea).map(([area, code]) => [area.trim(), idOf(code)]),
	);
}

/** People belong to enterprises and enterprises name people: set the owners once both exist. */
export async function syncEnterpriseOwners(
	tx: Tx,
	directory: DirectoryFile,
	firms: SyncResult,
	personId: (code: string | undefined) => number | null,
): Promise<void> {
	const ids = directory.enterprises.flatMap((e) => {
		const id = firms.ids.get(e.code);
		return id === undefined ? [] : [id];
	});
	if (ids.length === 0) return;
	const current = await tx
		.select({
			id: enterprises.id,
			specialistPersonId: enterprises.specialistPersonId,
			baobaoLeaderPersonId: enterprises.baobaoLeaderPersonId,
		})
		.from(enterprises)
		.where(inArray(enterprises.id, ids));
	const byId = new Map(current.map((row) => [row.id, row]));
	for (const e of directory.enterprises) {
		const id = firms.ids.get(e.code);
		if (id === undefined) continue;
		const changes = differences(
			byId.get(id) ?? {},
			{
				specialistPersonId: personId(e.specialist),
				baobaoLeaderPersonId: personId(e.baobaoLeader),
			},
			["specialistPersonId", "baobaoLeaderPersonId"],
		);
		if (Object.keys(changes).length === 0) continue;
		await tx
			.update(enterprises)
			.set({ ...changes, updatedAt: new Date() })
			.where(eq(enterprises.id, id));
		firms.updated.add(e.code);
	}
}
