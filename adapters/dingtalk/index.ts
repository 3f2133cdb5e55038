/**
 * The DingTalk adapter: an enterprise-internal app's robot behind the ChatAdapter interface.
 * Receives @-messages and card buttons over Stream mode (no public ingress), replies through the
 * session webhook or the robot API, draws issue cards from the deployment's card template, and
 * reaches people by 工作通知. DingTalk's shapes never leave this folder.
 */
import type { ChatAdapter, InboundSink } from "../../bot/adapter.ts";
import type { OutboundMessage, SendResult } from "../../bot/messages.ts";
import type { Logger } from "../../bot/runtime/logger.ts";
import type { Locale } from "../../bot/texts/catalog.ts";
import { DINGTALK_CAPABILITIES } from "./capabilities.ts";
import { createDingtalkHttp, DINGTALK_API_URL } from "./http.ts";
import {
	type CardCallbackData,
	parseCardCallback,
	parseRobotMessage,
	type RobotMessageData,
	sessionWebhookOf,
} from "./parse.ts";
import { createDingtalkSender } from "./send.ts";
import {
	createStreamTransport,
	type DingtalkTransport,
	type StreamCallback,
} from "./stream.ts";

export const TOPIC_ROBOT_MESSAGE = "/v1.0/im/bot/messages/get";
export const TOPIC_CARD_CALLBACK = "/v1.0/card/instances/callback";

export interface DingtalkAdapterOptions {
	/** DINGTALK_APP_KEY (Client ID) and DINGTALK_APP_SECRET (Client Secret) of the internal app. */
	appKey: string;
	appSecret: string;
	/** DINGTALK_ROBOT_CODE; DingTalk's default for an app's robot is the app key. */
	robotCode?: string;
	/** DINGTALK_AGENT_ID: 工作通知 to people; without it, the robot's one-to-one message. */
	agentId?: string;
	/** DINGTALK_CARD_TEMPLATE_ID: issue cards with buttons; without it, cards are text. */
	cardTemplateId?: string;
	/** DINGTALK_API_URL (api.dingtalk.com): token, robot, cards and the stream gateway. */
	apiUrl?: string;
	/** DINGTALK_OAPI_URL (oapi.dingtalk.com): 工作通知. */
	oapiUrl?: string;
	locale?: Locale;
	log?: Logger;
	/** Another way in than DingTalk's Stream gateway (the government edition's, a test's). */
	transport?: DingtalkTransport;
}

export interface DingtalkAdapter extends ChatAdapter {
	readonly platform: "dingtalk";
}

export class DingtalkConfigError extends Error {
	readonly code = "dingtalk_config_invalid";
}

export function createDingtalkAdapter(
	options: DingtalkAdapterOptions,
): DingtalkAdapter {
	if (!options.appKey || !options.appSecret)
		throw new DingtalkConfigError(
			"DingTalk needs DINGTALK_APP_KEY and DINGTALK_APP_SECRET",
		);
	const { log } = options;
	const http = createDingtalkHttp(options);
	const sender = createDingtalkSender(http, {
		robotCode: options.robotCode ?? options.appKey,
		...(options.agentId ? { agentId: options.agentId } : {}),
		...(options.cardTemplateId
			? { cardTemplateId: options.cardTemplateId }
			: {}),
		locale: options.locale ?? "zh-CN",
	});
	const transport =
		options.transport ??
		createStreamTransport({
			clientId: options.appKey,
			clientSecret: options.appSecret,
			apiUrl: (options.apiUrl ?? DINGTALK_API_URL).replace(/\/+$/, ""),
			...(log ? { log } : {}),
		});

	async function take(sink: InboundSink, callback: StreamCallback) {
		if (callback.topic === TOPIC_ROBOT_MESSAGE) {
			const data = callback.data as unknown as RobotMessageData;
			const message = parseRobotMessage(data);
			if (!message) return {};
			const hook = sessionWebhookOf(data, message);
			if (hook) sender.remember(hook);
			await sink(message);
			return {};
		}
		if (callback.topic === TOPIC_CARD_CALLBACK) {
			const message = parseCardCallback(
				callback.data as unknown as CardCallbackData,
				callback.frameId,
			);
			if (message) await sink(message);
			// An empty answer leaves the card as it is; the core updates it through the API.
			return {};
		}
		return {};
	}

	return {
		platform: "dingtalk",
		capabilities: DINGTALK_CAPABILITIES,
		async start(sink: InboundSink) {
			await transport.start({
				onCallback: (callback) => take(sink, callback),
			});
		},
		stop: () => transport.stop(),
		send: (message: OutboundMessage): Promise<SendResult> =>
			sender.send(message),
	};
}
