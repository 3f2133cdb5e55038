/**
 * Sending through the Web API: post (in the thread the message replies to), update the status card
 * when the message replaces one, and open the direct conversation when the target is a person.
 */
import type { OutboundMessage, SendResult } from "../../bot/messages.ts";
import type { Locale } from "../../bot/texts/catalog.ts";
import { toPlatformError } from "./errors.ts";
import { slackMessageId } from "./ids.ts";
import { renderPost, renderUpdate } from "./render.ts";

/** The Web API methods the adapter calls (Bolt's WebClient has them all). */
export interface SlackApi {
	apiCall(method: string, options?: Record<string, unknown>): Promise<object>;
}

/** A user id (U…, or W… on Enterprise Grid) rather than a channel: send by direct message. */
const USER_ID = /^[UW][A-Z0-9]/;

export function createSlackSender(api: SlackApi, locale: Locale) {
	const directChannels = new Map<string, string>();

	async function call(
		method: string,
		args: Record<string, unknown>,
	): Promise<Record<string, unknown>> {
		try {
			return (await api.apiCall(method, args)) as Record<string, unknown>;
		} catch (error) {
			throw toPlatformError(error, method);
		}
	}

	async function directChannelOf(userId: string): Promise<string> {
		const known = directChannels.get(userId);
		if (known) return known;
		const opened = await call("conversations.open", { users: userId });
		const id = (opened.channel as { id?: string } | undefined)?.id;
		if (!id) throw new Error("Slack conversations.open returned no channel");
		directChannels.set(userId, id);
		return id;
	}

	return async function send(message: OutboundMessage): Promise<SendResult> {
		const update = renderUpdate(message, locale);
		if (update && message.replaces) {
			await call("chat.update", { ...update });
			return { messageId: message.replaces.messageId };
		}
		const channel = USER_ID.test(message.conversationId)
			? await directChannelOf(message.conversationId)
			: message.conversationId;
		const post = renderPost(message, channel, locale);
		const result = await call("chat.postMessage", { ...post });
		const ts = typeof result.ts === "string" ? result.ts : null;
		if (!ts) throw new Error("Slack chat.postMessage returned no ts");
		return {
			messageId: slackMessageId({
				channel: typeof result.channel === "string" ? result.channel : channel,
				ts,
				threadTs: post.thread_ts,
			}),
		};
	};
}
