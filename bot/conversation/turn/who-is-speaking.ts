import {
	findGroupByConversation,
	findPersonByIdentity,
} from "../../../workflows/directory/queries.ts";
import type { Locale } from "../../texts/catalog.ts";
import { LOCALES } from "../../texts/catalog.ts";
import type { Step } from "./context.ts";

/** The group the message was said in and the person who said it; a room the bot does not serve ends here. */
export const whoIsSpeaking: Step = async (turn, next) => {
	const { tx, message, options } = turn;
	const directory = await options.directory.get(tx);
	const group = message.direct
		? null
		: (directory.groupByConversation(
				message.platform,
				message.conversationId,
			) ??
			// A room the snapshot does not know: maybe a group bound by topic, seen for the first time.
			(await findGroupByConversation(
				tx,
				message.platform,
				message.conversationId,
				message.conversationTitle,
			)));
	if (!message.direct && !group) return { outcome: "unknown_conversation" };

	const person =
		directory.personByIdentity(message.platform, message.author.externalId) ??
		// Someone the office claimed a moment ago, before this worker's snapshot was refreshed.
		(await findPersonByIdentity(
			tx,
			message.platform,
			message.author.externalId,
		));
	turn.speaker = {
		directory,
		group,
		person,
		locale: localeOf(person?.locale, options.locale),
	};
	return next();
};

export function localeOf(
	preferred: string | null | undefined,
	fallback: Locale,
): Locale {
	return (LOCALES as readonly string[]).includes(preferred ?? "")
		? (preferred as Locale)
		: fallback;
}
