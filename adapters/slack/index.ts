/**
 * The Slack adapter: a Bolt app behind the ChatAdapter interface. Slack types never leave this
 * folder. Two connections, by configuration: the HTTP Events API on the bot's own web server
 * (`routes`, mounted at /slack, signed requests), or Socket Mode (an app-level token, no public
 * ingress). Every listener only turns what Slack sent into an InboundMessage for the sink.
 */

import { App, type Receiver, webApi } from "@slack/bolt";
import type { FastifyPluginAsync } from "fastify";
import type { ChatAdapter, InboundSink } from "../../bot/adapter.ts";
import type {
	InboundMessage,
	OutboundMessage,
	SendResult,
} from "../../bot/messages.ts";
import type { Logger } from "../../bot/runtime/logger.ts";
import type { Locale } from "../../bot/texts/catalog.ts";
import { slackText } from "../../bot/texts/slack.ts";
import { toBoltLogger } from "./bolt-logger.ts";
import { SLACK_CAPABILITIES } from "./capabilities.ts";
import { toPlatformError } from "./errors.ts";
import {
	type BlockActionsPayload,
	interpretClick,
	interpretSlashCommand,
	interpretSubmission,
	type SlashCommandPayload,
	type ViewSubmissionPayload,
} from "./interactions.ts";
import { escapeSlackText } from "./markup.ts";
import { COMMAND_MODAL } from "./modals.ts";
import { parseSlackEvent, type SlackMessageEvent } from "./parse.ts";
import { createFastifyReceiver } from "./receiver.ts";
import { createSlackSender } from "./send.ts";
import { createAckAfterHandOffReceiver } from "./socket-receiver.ts";

export type { SlackBlock } from "./blocks.ts";

export interface SlackAdapterOptions {
	/** SLACK_BOT_TOKEN (xoxb-…). */
	botToken: string;
	/** SLACK_SIGNING_SECRET: HTTP mode, events at /slack/events on the bot's web port. */
	signingSecret?: string;
	/** SLACK_APP_TOKEN (xapp-…): Socket Mode, for networks without public ingress. Wins over HTTP. */
	appToken?: string;
	/** SLACK_API_URL: another Web API base, e.g. https://slack-gov.com/api/ (GovSlack) or a test server. */
	apiUrl?: string;
	/** The bot's user id; otherwise learnt from auth.test at start. */
	botUserId?: string;
	locale?: Locale;
	/** App Home: the text of a user's Home tab (their queue), from the core; a short help text when absent. */
	homeText?: (userId: string) => Promise<string>;
	log?: Logger;
	/** HTTP mode: answer Slack with 503 (it redelivers) if handing over takes longer. Default 2500. */
	ackTimeoutMs?: number;
}

export interface SlackAdapter extends ChatAdapter {
	readonly platform: "slack";
	readonly mode: "http" | "socket";
	/** HTTP mode: mount at `/slack` (`POST /slack/events`, `/slack/interactions`, `/slack/commands`). */
	readonly routes?: FastifyPluginAsync;
	/** The bot's own user id, once started. */
	botUserId(): string | undefined;
}

export class SlackConfigError extends Error {
	readonly code = "slack_config_invalid";
}

/** The one WebClient setup: our base URL, and no retries of its own (the outbound worker retries). */
function clientOptionsOf(options: SlackAdapterOptions) {
	return {
		...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
		retryConfig: { retries: 0 },
		rejectRateLimitedCalls: true,
		timeout: 10_000,
		logger: toBoltLogger(options.log),
	};
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
	const { log } = options;
	const locale = options.locale ?? "zh-CN";
	const mode = options.appToken ? "socket" : "http";
	if (mode === "http" && !options.signingSecret) {
		throw new SlackConfigError(
			"Slack needs SLACK_SIGNING_SECRET (HTTP events at /slack/events) or SLACK_APP_TOKEN (Socket Mode)",
		);
	}
	const clientOptions = clientOptionsOf(options);
	const client = new webApi.WebClient(options.botToken, clientOptions);
	const send = createSlackSender(client, locale);
	const httpReceiver =
		mode === "http"
			? createFastifyReceiver({
					signingSecret: options.signingSecret ?? "",
					ackTimeoutMs: options.ackTimeoutMs,
					...(log ? { log } : {}),
				})
			: null;
	let app: App | null = null;
	let self: { botUserId?: string; botId?: string } = {};

	async function identify(): Promise<void> {
		let answer: Record<string, unknown>;
		try {
			answer = (await client.apiCall("auth.test")) as unknown as Record<
				string,
				unknown
			>;
		} catch (error) {
			throw toPlatformError(error, "auth.test");
		}
		self = {
			botUserId: options.botUserId ?? (answer.user_id as string | undefined),
			botId: answer.bot_id as string | undefined,
		};
	}

	function receiverOf(): Receiver {
		if (httpReceiver) return httpReceiver;
		return createAckAfterHandOffReceiver(
			{
				appToken: options.appToken ?? "",
				logger: toBoltLogger(log),
				installerOptions: { clientOptions: { ...clientOptions } },
			},
			log,
		);
	}

	function listen(bolt: App, sink: InboundSink): void {
		const deliver = async (message: InboundMessage | null) => {
			if (message) await sink(message);
		};
		const onMessage = async ({ event }: { event: unknown }) =>
			deliver(parseSlackEvent(event as SlackMessageEvent, self));
		bolt.event("message", onMessage);
		bolt.event("app_mention", onMessage);

		bolt.action(/^qq-/, async ({ ack, body }) => {
			const outcome = interpretClick(
				body as unknown as BlockActionsPayload,
				locale,
			);
			if (outcome.kind === "message") await deliver(outcome.message);
			await ack();
			if (outcome.kind === "modal") {
				await client
					.apiCall("views.open", {
						trigger_id: outcome.triggerId,
						view: outcome.view,
					})
					.catch((error) =>
						log?.warn("Slack views.open failed", { error: String(error) }),
					);
			}
			if (outcome.kind === "rating_incomplete") {
				await client
					.apiCall("chat.postEphemeral", {
						channel: outcome.channel,
						user: outcome.user,
						text: slackText(locale, "rate_incomplete"),
						...(outcome.threadTs ? { thread_ts: outcome.threadTs } : {}),
					})
					.catch((error) =>
						log?.warn("Slack chat.postEphemeral failed", {
							error: String(error),
						}),
					);
			}
		});

		bolt.view(COMMAND_MODAL, async ({ ack, body }) => {
			await deliver(
				interpretSubmission(body as unknown as ViewSubmissionPayload),
			);
			await ack();
		});

		bolt.command(/.*/, async ({ ack, command }) => {
			await deliver(
				interpretSlashCommand(command as unknown as SlashCommandPayload),
			);
			await ack();
		});

		bolt.event("app_home_opened", async ({ event }) => {
			if (event.tab !== "home") return;
			const text = options.homeText
				? await options.homeText(event.user)
				: slackText(locale, "home_default");
			const blocks = [
				{
					type: "section",
					text: { type: "mrkdwn", text: escapeSlackText(text) },
				},
			];
			await client
				.apiCall("views.publish", {
					user_id: event.user,
					view: { type: "home", blocks },
				})
				.catch((error) =>
					log?.warn("Slack views.publish failed", { error: String(error) }),
				);
		});
	}

	return {
		platform: "slack",
		capabilities: SLACK_CAPABILITIES,
		mode,
		...(httpReceiver ? { routes: httpReceiver.routes } : {}),
		botUserId: () => self.botUserId,
		async start(sink: InboundSink) {
			await identify();
			const bolt = new App({
				token: options.botToken,
				...(self.botUserId ? { botUserId: self.botUserId } : {}),
				...(self.botId ? { botId: self.botId } : {}),
				receiver: receiverOf(),
				clientOptions,
				logger: toBoltLogger(log),
				tokenVerificationEnabled: false,
				convoStore: false,
			});
			// A listener's failure must reach the receiver, so Slack is told to deliver again.
			bolt.error(async (error) => {
				throw error;
			});
			listen(bolt, sink);
			await bolt.start();
			app = bolt;
		},
		async stop() {
			await app?.stop();
			app = null;
		},
		send: (message: OutboundMessage): Promise<SendResult> => send(message),
	};
}
