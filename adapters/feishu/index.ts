/**
 * The Feishu / Lark adapter: a self-built app's bot behind the ChatAdapter interface, through the
 * official SDK. Events and card buttons arrive over the SDK's long connection (WSClient: no public
 * ingress); messages go out through the IM API, replies in the thread of what they answer. The
 * base URL chooses Feishu (open.feishu.cn) or Lark (open.larksuite.com). Feishu's shapes never
 * leave this folder.
 */
import * as lark from "@larksuiteoapi/node-sdk";
import type { ChatAdapter, InboundSink } from "../../bot/adapter.ts";
import type { OutboundMessage, SendResult } from "../../bot/messages.ts";
import type { Logger } from "../../bot/runtime/logger.ts";
import type { Locale } from "../../bot/texts/catalog.ts";
import { FEISHU_CAPABILITIES } from "./capabilities.ts";
import {
	type CardActionEvent,
	type FeishuSelf,
	type FeishuUserIdType,
	type MessageReceiveEvent,
	parseCardAction,
	parseMessageEvent,
} from "./parse.ts";
import { toSdkLogger } from "./sdk-logger.ts";
import { createFeishuSender, type FeishuMessageApi } from "./send.ts";
import { createTokenCache } from "./token-cache.ts";

export const FEISHU_BASE_URL = "https://open.feishu.cn";
export const LARK_BASE_URL = "https://open.larksuite.com";

export interface FeishuAdapterOptions {
	/** FEISHU_APP_ID (cli_…) and FEISHU_APP_SECRET of the self-built app. */
	appId: string;
	appSecret: string;
	/** FEISHU_BASE_URL: https://open.feishu.cn (default), https://open.larksuite.com (Lark), or a private deployment. */
	baseUrl?: string;
	/** FEISHU_USER_ID_TYPE: which id the directory holds for people (default open_id). */
	idType?: FeishuUserIdType;
	locale?: Locale;
	log?: Logger;
	/** How long start() waits for the long connection (default 15 s). */
	connectTimeoutMs?: number;
}

export interface FeishuAdapter extends ChatAdapter {
	readonly platform: "feishu";
	/** The bot's open_id, once started. */
	botOpenId(): string | undefined;
}

export class FeishuConfigError extends Error {
	readonly code = "feishu_config_invalid";
}

export function createFeishuAdapter(
	options: FeishuAdapterOptions,
): FeishuAdapter {
	if (!/^cli_[0-9a-fA-F]{16}$/.test(options.appId) || !options.appSecret)
		throw new FeishuConfigError(
			"Feishu needs FEISHU_APP_ID (cli_ and 16 hex digits) and FEISHU_APP_SECRET",
		);
	const { log } = options;
	const domain = (options.baseUrl ?? FEISHU_BASE_URL).replace(/\/+$/, "");
	const logger = toSdkLogger(log, options.appSecret);
	const tokens = createTokenCache();
	const client = new lark.Client({
		cache: tokens,
		appId: options.appId,
		appSecret: options.appSecret,
		domain,
		appType: lark.AppType.SelfBuild,
		logger,
		loggerLevel: lark.LoggerLevel.warn,
	});
	const self: FeishuSelf = { idType: options.idType ?? "open_id" };
	const send = createFeishuSender(
		client.im.v1.message as unknown as FeishuMessageApi,
		{
			locale: options.locale ?? "zh-CN",
			idType: self.idType,
			dropToken: tokens.clear,
		},
	);
	let ws: lark.WSClient | null = null;

	async function identify(): Promise<void> {
		const answer = (await client.request({
			method: "GET",
			url: "/open-apis/bot/v3/info",
		})) as { code?: number; bot?: { open_id?: string } };
		if (answer.code !== 0 || !answer.bot?.open_id)
			throw new Error(
				`Feishu bot/v3/info answered ${answer.code}: enable the app's bot and check FEISHU_APP_ID / FEISHU_APP_SECRET`,
			);
		self.botOpenId = answer.bot.open_id;
	}

	function dispatcherFor(sink: InboundSink) {
		return new lark.EventDispatcher({
			logger,
			loggerLevel: lark.LoggerLevel.warn,
		}).register({
			// A rejection reaches Feishu as a failed delivery, and Feishu delivers the event again.
			"im.message.receive_v1": async (data: unknown) => {
				const message = parseMessageEvent(data as MessageReceiveEvent, self);
				if (message) await sink(message);
			},
			"card.action.trigger": async (data: unknown) => {
				const message = parseCardAction(data as CardActionEvent, self);
				if (message) await sink(message);
				return {};
			},
		});
	}

	return {
		platform: "feishu",
		capabilities: FEISHU_CAPABILITIES,
		botOpenId: () => self.botOpenId,
		async start(sink: InboundSink) {
			await identify();
			const timeoutMs = options.connectTimeoutMs ?? 15_000;
			await new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => {
					client2.close({ force: true });
					reject(
						new Error(`Feishu long connection not ready after ${timeoutMs} ms`),
					);
				}, timeoutMs);
				const client2: lark.WSClient = new lark.WSClient({
					appId: options.appId,
					appSecret: options.appSecret,
					domain,
					logger,
					loggerLevel: lark.LoggerLevel.warn,
					autoReconnect: true,
					onReady: () => {
						clearTimeout(timer);
						resolve();
					},
					onError: (error: Error) => {
						clearTimeout(timer);
						client2.close({ force: true });
						reject(
							new Error(`Feishu long connection refused: ${error.message}`),
						);
					},
					onReconnected: () => log?.info("Feishu long connection back"),
				});
				ws = client2;
				void client2.start({ eventDispatcher: dispatcherFor(sink) });
			});
		},
		async stop() {
			ws?.close({ force: true });
			ws = null;
		},
		send: (message: OutboundMessage): Promise<SendResult> => send(message),
	};
}
