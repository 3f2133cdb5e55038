/**
 * Telling the admins about the bot itself (its WeChat account logged out, logged in again) by direct
 * message on every platform that can still reach them.
 */
import type { DbOrTx } from "../../db/client.ts";
import { PLATFORMS, type Platform } from "../../db/schema/directory.ts";
import { identitiesWithRole } from "../../workflows/directory/queries.ts";
import { enqueueOutbound } from "../pipeline/outbox.ts";

/** The playground has no direct messages; the platform that is down cannot carry its own alert. */
const CANNOT_DM: readonly Platform[] = ["playground"];

export async function alertAdmins(
	db: DbOrTx,
	alert: { key: string; text: string; avoid?: Platform },
): Promise<number> {
	let queued = 0;
	for (const platform of PLATFORMS) {
		if (platform === alert.avoid || CANNOT_DM.includes(platform)) continue;
		for (const identity of await identitiesWithRole(db, platform, "admin")) {
			const id = await enqueueOutbound(db, {
				dedupeKey: `admin-${alert.key}-${identity.id}`,
				message: {
					platform,
					conversationId: identity.externalId,
					text: alert.text,
					mentions: [],
				},
			});
			if (id !== null) queued++;
		}
	}
	return queued;
}
