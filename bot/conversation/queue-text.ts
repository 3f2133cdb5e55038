/** A person's queue as plain text, for surfaces outside a conversation (Slack's App Home). */
import type { Db } from "../../db/client.ts";
import type { Platform } from "../../db/schema/directory.ts";
import type { Locale } from "../texts/catalog.ts";
import { replyText } from "../texts/replies.ts";
import type { DirectoryCache } from "./directory-cache.ts";
import { listText, queueOf } from "./queries.ts";

export function createQueueText(
	db: Db,
	directory: DirectoryCache,
	platform: Platform,
	fallback: Locale,
) {
	return async (externalId: string): Promise<string> => {
		const snapshot = await directory.get(db);
		const person = snapshot.personByIdentity(platform, externalId);
		const locale =
			person?.locale === "en" || person?.locale === "zh-CN"
				? person.locale
				: fallback;
		if (!person) return replyText(locale, "unknown_person");
		return listText(
			locale,
			await queueOf(db, person),
			"queue_header",
			"queue_empty",
		);
	};
}
