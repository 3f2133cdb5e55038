/**
 * The WeCom adapter (企业微信 and its editions 政务微信 / 粤政易). Three official routes:
 * - the AI bot (智能机器人) long connection, through WeCom's SDK: group messages that @ the bot come
 *   in, and the bot posts to its groups (markdown, and template cards whose buttons come back as
 *   commands);
 * - application messages (应用消息, cgi-bin/message/send) for direct messages to officials and
 *   leaders;
 * - group-bot webhooks for department groups (`webhook:<name>` conversations), which @ by id.
 * SDK types never leave this folder.
 */
import { randomUUID } from "node:crypto";
import { WSClient, type WsFrame } from "@wecom/aibot-node-sdk";
import type { ChatAdapter, InboundSink } from "../../bot/adapter.ts";
import { renderCardText } from "../../bot/card-text.ts";
import type {
	InboundMessage,
	OutboundMessage,
	SendResult,
} from "../../bot/messages.ts";
import type { Logger } from "../../bot/runtime/logger.ts";
import { WECOM_CAPABILITIES } from "./capabilities.ts";
import { fitsOnCard, wecomTemplateCard } from "./card.ts";
import { createWecomApi, refusal } from "./http.ts";
import {
	parseWecomCardClick,
	parseWecomMessage,
	type WecomCallbackBody,
} from "./parse.ts";

export const DEFAULT_WECOM_API_URL = "https://qyapi.weixin.qq.com";
export const DEFAULT_WECOM_WS_URL = "wss://openws.work.weixin.qq.com";
export const WEBHOOK_PREFIX = "webhook:";

export interface WecomAdapterOptions {
	/** The AI bot's id and secret (智能机器人 → API 模式 → 长连接). */
	botId: string;
	botSecret: string;
	/** The bot's name as people @ it, removed from the text it is given. */
	botName?: string;
	/** The long-connection address; a private deployment shows its own in its admin console. */
	wsUrl?: string;
	/** The server API's address (gettoken, message/send, webhook/send). */
	apiUrl?: string;
	/** For direct messages by application message. */
	corpId?: string;
	agentId?: number;
	agentSecret?: string;
	/** Department groups reached by their group bot: name → webhook key (`webhook:<name>`). */
	webhooks?: Record<string, string>;
	/** The long connection dropped (it reconnects by itself) or is back. */
	onConnection?: (state: "lost" | "back", detail?: string) => void;
	/** Whether a conversation id is one of the bot's groups (the directory's WeCom groups). */
	isGroupChat?: (conversationId: string) => Promise<boolean>;
	/** First wait before offering a message the bot could not take again; doubles up to 30 s. */
	handOffRetryMs?: number;
	/** How long `start` waits for the long connection to be authenticated. */
	connectTimeoutMs?: number;
	heartbeatMs?: number;
	fetch?: typeof fetch;
	log?: Logger;
}

const HAND_OFF_RETRY_CAP_MS = 30_000;

export function createWecomAdapter(options: WecomAdapterOptions): ChatAdapter {
	const api = createWecomApi({
		baseUrl: options.apiUrl ?? DEFAULT_WECOM_API_URL,
		...(options.corpId ? { corpId: options.corpId } : {}),
		...(options.agentSecret ? { agentSecret: options.agentSecret } : {}),
		...(options.agentId !== undefined ? { agentId: options.agentId } : {}),
		...(options.fetch ? { fetch: options.fetch } : {}),
	});
	const log = options.log;
	/** Groups seen on the long connection since start. */
	const seenGroups = new Set<string>();
	let client: WSClient | null = null;
	let stopping = false;
	let delivering: Promise<void> = Promise.resolve();

	function deliver(message: InboundMessage | null, sink: InboundSink) {
		if (!message) return;
		if (!message.direct) seenGroups.add(message.conversationId);
		// One at a time, in order; a message the bot could not take is offered again, never dropped.
		delivering = delivering.then(async () => {
			let waitMs = options.handOffRetryMs ?? 500;
			while (!stopping) {
				try {
					await sink(message);
					return;
				} catch (error) {
					log?.warn("could not hand a WeCom message to the bot; retrying", {
						error: String(error),
					});
					await new Promise((resolve) => setTimeout(resolve, waitMs));
					waitMs = Math.min(waitMs * 2, HAND_OFF_RETRY_CAP_MS);
				}
			}
		});
	}

	async function isGroup(conversationId: string): Promise<boolean> {
		if (seenGroups.has(conversationId)) return true;
		return (await options.isGroupChat?.(conversationId)) ?? false;
	}

	async function sendToGroup(
		chatid: string,
		message: OutboundMessage,
	): Promise<SendResult> {
		const ws = client;
		if (!ws?.isConnected)
			throw new Error("WeCom long connection is not connected");
		const ids: string[] = [];
		try {
			// A card's subtitle holds a short text; a longer one goes first, whole, as markdown.
			const textOnCard = message.card !== undefined && fitsOnCard(message.text);
			if (message.text && !textOnCard) {
				const ack = await ws.sendMessage(chatid, {
					msgtype: "markdown",
					markdown: { content: message.text },
				});
				ids.push(ack.headers.req_id);
			}
			if (message.card) {
				const taskId = `qq-${randomUUID()}`;
				await ws.sendMessage(chatid, {
					msgtype: "template_card",
					template_card: wecomTemplateCard(
						message.card,
						textOnCard ? message.text : "",
						taskId,
					),
				});
				ids.push(taskId);
			}
		} catch (error) {
			throw asSendError(error);
		}
		return { messageId: ids[0] ?? "" };
	}

	async function send(message: OutboundMessage): Promise<SendResult> {
		const id = message.conversationId;
		if (id.startsWith(WEBHOOK_PREFIX)) {
			const name = id.slice(WEBHOOK_PREFIX.length);
			const key = options.webhooks?.[name];
			if (!key)
				throw refusal("webhook/send", {
					errcode: 93000,
					errmsg: `no webhook key configured for department group "${name}" (WECOM_WEBHOOKS)`,
				});
			await api.sendWebhookText(
				key,
				withCardLines(message),
				message.mentions
					.filter((mention) => mention.kind === "user")
					.map((mention) => mention.externalId),
			);
			return { messageId: `${id}/${randomUUID()}` };
		}
		if (!message.direct && (await isGroup(id))) return sendToGroup(id, message);
		// A person: an application message, which has no buttons (the card is printed as commands).
		const msgid = await api.sendAppText(id, withCardLines(message));
		return { messageId: msgid || `app/${randomUUID()}` };
	}

	return {
		platform: "wecom",
		capabilities: WECOM_CAPABILITIES,
		async start(sink) {
			stopping = false;
			const ws = new WSClient({
				botId: options.botId,
				secret: options.botSecret,
				...(options.wsUrl ? { wsUrl: options.wsUrl } : {}),
				// Reconnects for ever, backing off to 30 s: the outage shows on /status meanwhile.
				maxReconnectAttempts: -1,
				...(options.heartbeatMs
					? { heartbeatInterval: options.heartbeatMs }
					: {}),
				logger: sdkLogger(log),
			});
			client = ws;
			ws.on("message", (frame: WsFrame<WecomCallbackBody>) => {
				if (frame.body)
					deliver(parseWecomMessage(frame.body, options.botName), sink);
			});
			let lost = false;
			ws.on("disconnected", (reason: string) => {
				lost = true;
				options.onConnection?.("lost", reason);
			});
			ws.on("authenticated", () => {
				if (!lost) return;
				lost = false;
				options.onConnection?.("back");
			});
			ws.on(
				"event.template_card_event",
				(frame: WsFrame<WecomCallbackBody>) => {
					if (frame.body) deliver(parseWecomCardClick(frame.body), sink);
				},
			);
			await new Promise<void>((resolve, reject) => {
				const timer = setTimeout(
					() =>
						reject(
							new Error(
								"WeCom long connection: no answer to the bot's sign-in",
							),
						),
					options.connectTimeoutMs ?? 15_000,
				);
				ws.once("authenticated", () => {
					clearTimeout(timer);
					resolve();
				});
				ws.on("error", (error: Error) => {
					if (/Authentication failed/.test(error.message)) {
						clearTimeout(timer);
						// Wrong bot id or secret: the message names WeCom's code, never the secret.
						reject(
							new Error(`WeCom refused the AI bot's sign-in: ${error.message}`),
						);
					}
				});
				ws.connect();
			});
		},
		async stop() {
			stopping = true;
			const ws = client;
			client = null;
			if (ws) {
				ws.removeAllListeners();
				ws.disconnect();
			}
			await delivering;
		},
		send,
	};
}

/** Text with any card printed as lines (the webhook and application messages have no buttons). */
function withCardLines(message: OutboundMessage): string {
	if (!message.card) return message.text;
	const card = renderCardText(message.card);
	return message.text ? `${message.text}\n\n${card}` : card;
}

/** The SDK rejects a refused send with WeCom's answer frame, not an Error. */
function asSendError(error: unknown): Error {
	if (error instanceof Error) return error;
	const frame = error as { errcode?: number; errmsg?: string };
	if (typeof frame?.errcode === "number")
		return refusal("aibot_send_msg", frame);
	return new Error(String(error));
}

function sdkLogger(log: Logger | undefined) {
	const line =
		(level: "info" | "warn" | "error") =>
		(message: string, ...args: unknown[]) =>
			log?.[level](
				`wecom sdk: ${message}`,
				args.length ? { detail: args.map(String).join(" ") } : undefined,
			);
	return {
		// The SDK logs every frame body at debug: not kept.
		debug: () => {},
		info: line("info"),
		warn: line("warn"),
		error: line("error"),
	};
}
