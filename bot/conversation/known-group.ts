/** Whether a conversation id is one of the directory's groups on a platform (a WeCom chatid, not a userid). */
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { groups, type Platform } from "../../db/schema/directory.ts";

export async function isGroupOf(
	db: DbOrTx,
	platform: Platform,
	conversationId: string,
): Promise<boolean> {
	const [row] = await db
		.select({ id: groups.id })
		.from(groups)
		.where(
			and(
				eq(groups.platform, platform),
				eq(groups.conversationId, conversationId),
			),
		)
		.limit(1);
	return row !== undefined;
}
