import type { InboundSink } from "../../bot/adapter.ts";
import type { PlaygroundConversation } from "./conversations.ts";
import type { History } from "./history.ts";
import { mintMessageId } from "./history.ts";
import { parsePost } from "./parse-post.ts";
import type { PostOutcome } from "./routes.ts";
import { quoteOf, toInbound } from "./translate.ts";
import type {
	PlaygroundBot,
	PlaygroundDirectory,
	PlaygroundMessage,
} from "./types.ts";

export interface ReceiverContext {
	directory: PlaygroundDirectory;
	bot: PlaygroundBot;
	history: History;
	/** The bot's sink while the adapter is started. */
	sink(): InboundSink | undefined;
}

/** A person posts from the page: check it, show it, and hand it to the bot. */
export function createReceiver(context: ReceiverContext) {
	const { directory, bot, history } = context;

	async function deliver(
		message: PlaygroundMessage,
		conversation: PlaygroundConversation,
	): Promise<PostOutcome> {
		const sink = context.sink();
		if (!sink) {
			return {
				status: 503,
				error: {
					code: "not_started",
					message: "the bot is not listening to the playground yet",
				},
			};
		}
		try {
			await sink(toInbound(message, conversation));
		} catch (error) {
			if (!message.undelivered)
				history.update({ ...message, undelivered: true });
			const text = `the bot could not take the message in: ${String(error)}`;
			return {
				status: 503,
				error: { code: "bot_unavailable", message: text },
				cause: error,
			};
		}
		if (message.undelivered) {
			const { undelivered: _, ...delivered } = message;
			history.update(delivered);
		}
		return { status: 200, messageId: message.id };
	}

	return async function post(
		conversationId: string,
		body: unknown,
	): Promise<PostOutcome> {
		const [people, groups] = await Promise.all([
			directory.listPeople(),
			directory.listGroups(),
		]);
		const parsed = parsePost(body, {
			conversationId,
			people,
			groups,
			bot,
			findMessage: (messageId) => history.find(conversationId, messageId),
		});
		if (!parsed.ok)
			return {
				status: 400,
				error: { code: parsed.code, message: parsed.message },
			};
		if (!context.sink()) {
			return {
				status: 503,
				error: {
					code: "not_started",
					message: "the bot is not listening to the playground yet",
				},
			};
		}

		// The same page message posted again (a retry) is a redelivery: same message, same id.
		const earlier = parsed.clientMessageId
			? history
					.list(conversationId)
					.find(
						(message) =>
							message.clientMessageId === parsed.clientMessageId &&
							message.author.externalId === parsed.author.externalId,
					)
			: undefined;
		if (earlier) return deliver(earlier, parsed.conversation);

		const now = new Date();
		const message: PlaygroundMessage = {
			id: mintMessageId(now),
			conversationId,
			author: {
				externalId: parsed.author.externalId,
				name: parsed.author.name,
				roleLabel: parsed.author.roleLabel,
				isBot: false,
			},
			text: parsed.text,
			mentions: parsed.mentions,
			...(parsed.replyTo ? { replyTo: quoteOf(parsed.replyTo) } : {}),
			...(parsed.clientMessageId
				? { clientMessageId: parsed.clientMessageId }
				: {}),
			sentAt: now.toISOString(),
		};
		history.append(message);
		return deliver(message, parsed.conversation);
	};
}
