/**
 * The turn's error boundary: a person's message that failed every processing attempt (it waits in
 * the failed set for an operator, see inbound-redrive.ts; nothing is lost) is answered once,
 * politely and in that person's language, so nobody waits in silence or sends it again.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../../db/client.ts";
import {
	findGroupByConversation,
	findPersonByIdentity,
} from "../../workflows/directory/queries.ts";
import type { Logger } from "../runtime/logger.ts";
import { LOCALES, type Locale } from "../texts/catalog.ts";
import { replyText } from "../texts/replies.ts";
import type { InboundJobData } from "./inbound-queue.ts";
import { enqueueOutbound } from "./outbox.ts";

/** Postgres is often why the message failed: the answer is tried again for a while (about 10 minutes). */
const TRIES = 12;
const TRY_EVERY_MS = 50_000;

/**
 * Promises the answer; true if it was promised now (false: a bot, an edit, a stranger in a room the
 * bot does not serve, or answered before). `locale` is the deployment's, for whoever has none.
 */
export async function apologizeForUnhandled(
	db: Db,
	message: InboundJobData,
	locale: Locale,
): Promise<boolean> {
	if (message.author.isBot || message.change) return false;
	const person = await findPersonByIdentity(
		db,
		message.platform,
		message.author.externalId,
	);
	// Someone the directory does not know is answered where the bot serves: nobody is turned away.
	if (
		!person &&
		(message.direct ||
			!(await findGroupByConversation(
				db,
				message.platform,
				message.conversationId,
				message.conversationTitle,
			)))
	)
		return false;
	const language = (LOCALES as readonly string[]).includes(person?.locale ?? "")
		? (person?.locale as Locale)
		: locale;
	const id = await enqueueOutbound(db, {
		dedupeKey: `inbound-failed-${message.platform}-${message.messageId}`,
		message: {
			platform: message.platform,
			conversationId: message.conversationId,
			text: replyText(language, "inbound_failed"),
			mentions: [],
			replyTo: { messageId: message.messageId },
		},
	});
	return id !== null;
}

/** The worker's hook: answers in the background, trying again while Postgres is away. */
export function createUnhandledApologies(options: {
	db: Db;
	locale: Locale;
	relay?: { poke(): void };
	log?: Logger;
	tryEveryMs?: number;
}): { apologize(message: InboundJobData): void; close(): void } {
	let closed = false;
	return {
		apologize(message) {
			void (async () => {
				for (let attempt = 1; attempt <= TRIES && !closed; attempt++) {
					try {
						if (
							await apologizeForUnhandled(options.db, message, options.locale)
						)
							options.relay?.poke();
						return;
					} catch (error) {
						options.log?.warn("could not answer an unhandled message yet", {
							messageId: message.messageId,
							attempt,
							error: String(error),
						});
						await sleep(options.tryEveryMs ?? TRY_EVERY_MS, undefined, {
							ref: false,
						});
					}
				}
			})();
		},
		close() {
			closed = true;
		},
	};
}
