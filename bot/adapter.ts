import type { PlatformCapabilities } from "./capabilities.ts";
import type {
	InboundMessage,
	OutboundMessage,
	Platform,
	SendResult,
} from "./messages.ts";

/** What the bot does with a message an adapter received: put it on the inbound queue. */
export type InboundSink = (message: InboundMessage) => Promise<void>;

/** One chat platform. Everything platform-specific stays behind this. */
export interface ChatAdapter {
	readonly platform: Platform;
	/** What the platform lets the bot do; the bot shapes its messages by these (bot/capabilities.ts). */
	readonly capabilities: PlatformCapabilities;
	/** Connects and starts delivering messages to `sink`. Own messages are never delivered. */
	start(sink: InboundSink): Promise<void>;
	stop(): Promise<void>;
	/** Sends one message, rendering its mentions the platform's way. */
	send(message: OutboundMessage): Promise<SendResult>;
}

/** The error an adapter throws when the platform refused (not a network failure): retrying won't help. */
export class PlatformRejectedError extends Error {
	readonly code = "platform_rejected";
	constructor(
		message: string,
		readonly platformCode?: string,
	) {
		super(message);
	}
}

/** The platform asked us to slow down; retry after `retryAfterMs`. */
export class PlatformRateLimitedError extends Error {
	readonly code = "platform_rate_limited";
	constructor(readonly retryAfterMs: number) {
		super(`rate limited, retry after ${retryAfterMs} ms`);
	}
}
