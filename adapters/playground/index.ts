import type { FastifyPluginAsync } from "fastify";
import {
	type ChatAdapter,
	type InboundSink,
	PlatformRejectedError,
} from "../../bot/adapter.ts";
import type { OutboundMessage, SendResult } from "../../bot/messages.ts";
import { findConversation } from "./conversations.ts";
import type { PlaygroundDemoClock } from "./demo-clock.ts";
import { createHistory, mintMessageId } from "./history.ts";
import { createReceiver } from "./receive.ts";
import { createPlaygroundRoutes } from "./routes.ts";
import { fromOutbound } from "./translate.ts";
import type { PlaygroundBot, PlaygroundDirectory } from "./types.ts";

export type { PlaygroundDemoClock } from "./demo-clock.ts";
export type {
	PlaygroundBot,
	PlaygroundDirectory,
	PlaygroundEvent,
	PlaygroundGroup,
	PlaygroundMessage,
	PlaygroundPerson,
} from "./types.ts";

import { PLAYGROUND_CAPABILITIES } from "./capabilities.ts";

export interface PlaygroundAdapterOptions {
	directory: PlaygroundDirectory;
	/** Messages kept per conversation for the screen (the database keeps the record). */
	historyLimit?: number;
	/** How the bot appears on the page, and the id people use to @ it. */
	bot?: PlaygroundBot;
	/** Interval of the keep-alive comments on the event stream. */
	heartbeatMs?: number;
	/** Shown at the top of the page: that this is a demo where anyone can speak as anyone. */
	notice?: string;
	/** Posts per minute from one address (default 60). */
	postsPerMinute?: number;
	/** Demo mode only (docs/demo.md): the bot's clock, shown with its 快进 button. */
	demoClock?: PlaygroundDemoClock;
}

export interface PlaygroundAdapter extends ChatAdapter {
	readonly platform: "playground";
	/** Mounted by the bot's web server under `/playground`. */
	readonly routes: FastifyPluginAsync;
}

export const DEFAULT_PLAYGROUND_BOT: PlaygroundBot = {
	externalId: "qinqing-bot",
	name: "亲清助手",
};

/** A local web group chat: people post through the page, the bot answers through `send`. */
export function createPlaygroundAdapter(
	options: PlaygroundAdapterOptions,
): PlaygroundAdapter {
	const {
		directory,
		historyLimit = 200,
		bot = DEFAULT_PLAYGROUND_BOT,
		heartbeatMs = 15_000,
	} = options;
	const history = createHistory(historyLimit);
	const streams = new Set<() => void>();
	let sink: InboundSink | undefined;

	const post = createReceiver({ directory, bot, history, sink: () => sink });

	async function send(outbound: OutboundMessage): Promise<SendResult> {
		if (outbound.platform !== "playground") {
			throw new PlatformRejectedError(
				`a ${outbound.platform} message was sent to the playground`,
				"wrong_platform",
			);
		}
		const [people, groups] = await Promise.all([
			directory.listPeople(),
			directory.listGroups(),
		]);
		// A group, or a person's direct chat (leaders' pings, digests, console links).
		if (!findConversation(outbound.conversationId, groups, people)) {
			throw new PlatformRejectedError(
				`unknown playground group or person "${outbound.conversationId}"`,
				"unknown_group",
			);
		}
		const now = new Date();
		const replied = outbound.replyTo
			? history.find(outbound.conversationId, outbound.replyTo.messageId)
			: undefined;
		const context = { now, bot, people, ...(replied ? { replied } : {}) };

		const earlier = outbound.replaces
			? history.find(outbound.conversationId, outbound.replaces.messageId)
			: undefined;
		if (earlier?.author.isBot) {
			const message = fromOutbound(outbound, { ...context, id: earlier.id });
			history.update({
				...message,
				sentAt: earlier.sentAt,
				editedAt: now.toISOString(),
			});
			return { messageId: earlier.id };
		}
		const message = fromOutbound(outbound, {
			...context,
			id: mintMessageId(now),
		});
		history.append(message);
		return { messageId: message.id };
	}

	function closeStreams(): void {
		for (const close of [...streams]) close();
	}

	return {
		platform: "playground",
		capabilities: PLAYGROUND_CAPABILITIES,
		async start(next) {
			sink = next;
		},
		async stop() {
			sink = undefined;
			closeStreams();
		},
		send,
		routes: createPlaygroundRoutes({
			directory,
			bot,
			history,
			streams,
			heartbeatMs,
			notice: options.notice ?? "",
			postsPerMinute: options.postsPerMinute ?? 60,
			post,
			closeStreams,
			...(options.demoClock ? { demoClock: options.demoClock } : {}),
		}),
	};
}
