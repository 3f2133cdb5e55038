/**
 * Sending through Feishu's IM API with the SDK's client: a reply goes in the thread of the message
 * it answers (reply_in_thread), a new message to the chat, a person (not an `oc_…` chat) by their
 * id, and a status card is patched in place. Feishu's answers become what the outbound worker
 * should do: wait on a rate limit, give up on a refusal, retry anything else.
 */
import {
	PlatformRateLimitedError,
	PlatformRejectedError,
} from "../../bot/adapter.ts";
import type { OutboundMessage, SendResult } from "../../bot/messages.ts";
import type { Locale } from "../../bot/texts/catalog.ts";
import type { FeishuUserIdType } from "./parse.ts";
import { renderContent } from "./render.ts";

/** The calls the sender makes; the SDK's client has them (a test may pass its own). */
export interface FeishuMessageApi {
	create(payload: {
		params: { receive_id_type: string };
		data: { receive_id: string; msg_type: string; content: string };
	}): Promise<FeishuAnswer>;
	reply(payload: {
		path: { message_id: string };
		data: { msg_type: string; content: string; reply_in_thread?: boolean };
	}): Promise<FeishuAnswer>;
	patch(payload: {
		path: { message_id: string };
		data: { content: string };
	}): Promise<FeishuAnswer>;
}

export interface FeishuAnswer {
	code?: number;
	msg?: string;
	data?: { message_id?: string };
}

/** Feishu's codes for "too many requests". */
const THROTTLED = new Set([99991400, 230020, 11232]);
const HINTS: Record<number, string> = {
	230002: "the bot is not in this chat: add it to the group",
	230001: "check the chat id in the directory file",
	99991663: "check FEISHU_APP_ID / FEISHU_APP_SECRET",
	99991672: "grant the app the im:message permissions and publish a version",
};

export const isChat = (id: string) => id.startsWith("oc_");

function failureOf(error: unknown, method: string): Error {
	const e = error as {
		response?: {
			status?: number;
			data?: FeishuAnswer;
			headers?: Record<string, string>;
		};
		message?: string;
	};
	const status = e.response?.status;
	const code = e.response?.data?.code;
	if (status === 429 || (code !== undefined && THROTTLED.has(code))) {
		const reset = Number(e.response?.headers?.["x-ogw-ratelimit-reset"]);
		return new PlatformRateLimitedError(reset > 0 ? reset * 1000 : 1000);
	}
	if (code !== undefined || (status !== undefined && status < 500)) {
		const hint = code !== undefined ? HINTS[code] : undefined;
		return new PlatformRejectedError(
			`Feishu ${method} refused: ${code ?? `HTTP ${status}`} ${e.response?.data?.msg ?? ""}${hint ? ` (${hint})` : ""}`.trim(),
			String(code ?? status),
		);
	}
	return new Error(
		`Feishu ${method} failed: ${e.message ?? String(error)} (is Feishu reachable? check FEISHU_BASE_URL)`,
		{ cause: error },
	);
}

/** Feishu's codes for a tenant token that is no longer valid. */
const STALE_TOKEN = new Set([99991663, 99991664, 99991668, 99991661]);

function codeOf(error: unknown): number | undefined {
	return (error as { response?: { data?: FeishuAnswer } }).response?.data?.code;
}

async function attempt(
	run: () => Promise<FeishuAnswer>,
): Promise<FeishuAnswer> {
	const answer = await run();
	if (answer.code !== undefined && answer.code !== 0)
		throw { response: { status: 200, data: answer } };
	return answer;
}

export function createFeishuSender(
	api: FeishuMessageApi,
	options: {
		locale: Locale;
		idType: FeishuUserIdType;
		/** Forgets the tenant token, so the next call fetches a new one. */
		dropToken?: () => void;
	},
) {
	async function call(
		method: string,
		run: () => Promise<FeishuAnswer>,
	): Promise<FeishuAnswer> {
		try {
			return await attempt(run);
		} catch (error) {
			if (!options.dropToken || !STALE_TOKEN.has(codeOf(error) ?? 0))
				throw failureOf(error, method);
		}
		options.dropToken();
		try {
			return await attempt(run);
		} catch (error) {
			throw failureOf(error, method);
		}
	}

	return async function send(message: OutboundMessage): Promise<SendResult> {
		const rendered = renderContent(message, options.locale);
		if (message.replaces) {
			// Feishu patches cards only; a text status stays as it was (the core also says it in words).
			if (rendered.msg_type === "interactive")
				await call("im.message.patch", () =>
					api.patch({
						path: { message_id: message.replaces?.messageId ?? "" },
						data: { content: rendered.content },
					}),
				);
			return { messageId: message.replaces.messageId };
		}
		const answer =
			message.replyTo && isChat(message.conversationId)
				? await call("im.message.reply", () =>
						api.reply({
							path: { message_id: message.replyTo?.messageId ?? "" },
							data: { ...rendered, reply_in_thread: true },
						}),
					)
				: await call("im.message.create", () =>
						api.create({
							params: {
								receive_id_type: isChat(message.conversationId)
									? "chat_id"
									: options.idType,
							},
							data: { receive_id: message.conversationId, ...rendered },
						}),
					);
		const id = answer.data?.message_id;
		if (!id) throw new Error("Feishu answered without a message_id");
		return { messageId: id };
	};
}
