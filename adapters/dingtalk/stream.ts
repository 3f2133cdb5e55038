/**
 * Receiving from DingTalk: Stream mode through the official `dingtalk-stream` client. The SDK keeps
 * the WebSocket, answers pings and reconnects; we only give it the gateway's address (the SDK
 * hard-codes DingTalk's public one, so the connection-open call is ours, in its official shape) and
 * answer each callback once the bot has taken it: a frame left unanswered is pushed again by
 * DingTalk, so a message the bot could not take is not lost.
 *
 * `DingtalkTransport` is the seam for another way in (the government edition's gateway, a test).
 */
import { DWClient, TOPIC_CARD, TOPIC_ROBOT } from "dingtalk-stream";
import type { Logger } from "../../bot/runtime/logger.ts";

/** One pushed callback: the frame's id (the same on a redelivery) and its JSON data. */
export interface StreamCallback {
	frameId: string;
	topic: string;
	data: Record<string, unknown>;
}

export interface StreamHandlers {
	/** Resolves once the bot has the message; a rejection leaves the frame unanswered. */
	onCallback(callback: StreamCallback): Promise<unknown>;
}

export interface DingtalkTransport {
	start(handlers: StreamHandlers): Promise<void>;
	stop(): Promise<void>;
}

export interface StreamOptions {
	clientId: string;
	clientSecret: string;
	/** Base of the gateway's connection-open endpoint (…/v1.0/gateway/connections/open). */
	apiUrl: string;
	log?: Logger;
}

/** The SDK's client with the connection-open call pointed at our configured gateway. */
class ConfiguredGatewayClient extends DWClient {
	constructor(
		private readonly stream: StreamOptions,
		private readonly fail: (error: unknown) => void,
	) {
		super({
			clientId: stream.clientId,
			clientSecret: stream.clientSecret,
			keepAlive: true,
			ua: "qinqing",
		});
	}

	override async getEndpoint(): Promise<this> {
		const config = this.getConfig();
		let response: Response;
		try {
			response = await fetch(
				`${this.stream.apiUrl}/v1.0/gateway/connections/open`,
				{
					method: "POST",
					headers: {
						"content-type": "application/json",
						accept: "application/json",
					},
					body: JSON.stringify({
						clientId: config.clientId,
						clientSecret: config.clientSecret,
						ua: config.ua,
						subscriptions: config.subscriptions,
					}),
					signal: AbortSignal.timeout(10_000),
				},
			);
		} catch (error) {
			this.fail(error);
			throw error;
		}
		const body = (await response.json().catch(() => ({}))) as {
			endpoint?: string;
			ticket?: string;
			code?: string;
		};
		if (!response.ok || !body.endpoint || !body.ticket) {
			const error = new Error(
				`DingTalk stream gateway refused the connection: HTTP ${response.status} ${body.code ?? ""} (check DINGTALK_APP_KEY / DINGTALK_APP_SECRET, and that the app uses Stream mode)`,
			);
			this.fail(error);
			throw error;
		}
		// The SDK connects to `dw_url`; it has no setter for it.
		(this as unknown as { dw_url: string }).dw_url =
			`${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
		return this;
	}
}

export function createStreamTransport(
	options: StreamOptions,
): DingtalkTransport {
	let client: ConfiguredGatewayClient | null = null;

	return {
		async start(handlers) {
			let lastFailure: unknown = null;
			const sdk = new ConfiguredGatewayClient(options, (error) => {
				lastFailure = error;
			});
			const listen = (message: {
				headers: { messageId: string; topic: string };
				data: string;
			}) => {
				let data: Record<string, unknown>;
				try {
					data = JSON.parse(message.data) as Record<string, unknown>;
				} catch {
					options.log?.warn("DingTalk pushed a frame that is not JSON", {
						topic: message.headers.topic,
					});
					sdk.socketCallBackResponse(message.headers.messageId, {});
					return;
				}
				handlers
					.onCallback({
						frameId: message.headers.messageId,
						topic: message.headers.topic,
						data,
					})
					.then((answer) =>
						sdk.socketCallBackResponse(message.headers.messageId, answer ?? {}),
					)
					.catch((error) =>
						options.log?.warn(
							"DingTalk callback not taken; DingTalk will push it again",
							{ topic: message.headers.topic, error: String(error) },
						),
					);
			};
			sdk.registerCallbackListener(TOPIC_ROBOT, listen);
			sdk.registerCallbackListener(TOPIC_CARD, listen);
			client = sdk;
			await sdk.connect();
			// The SDK would retry on its own; the bot's connector retries instead, and tells the operator.
			if (!sdk.connected) {
				sdk.disconnect();
				client = null;
				throw lastFailure instanceof Error
					? lastFailure
					: new Error("DingTalk stream did not connect");
			}
		},
		async stop() {
			client?.disconnect();
			client = null;
		},
	};
}
