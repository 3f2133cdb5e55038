/** Messages in and out of the pipeline, and a recording fake platform at the network edge. */
import { randomBytes } from "node:crypto";
import type { ChatAdapter, InboundSink } from "../../bot/adapter.ts";
import type {
	InboundMessage,
	OutboundMessage,
	Platform,
	SendResult,
} from "../../bot/messages.ts";
import { capabilitiesOf } from "../../bot/platform-capabilities.ts";
import { createLogger } from "../../bot/runtime/logger.ts";

export const silentLog = createLogger("test", () => {});

export function inbound(
	overrides: Partial<InboundMessage> = {},
): InboundMessage {
	const id = randomBytes(6).toString("hex");
	return {
		platform: "wechat",
		messageId: `msg-${id}`,
		conversationId: "room-1@chatroom",
		direct: false,
		author: { externalId: "wxid_zhang", displayName: "张总", isBot: false },
		text: `用工问题 ${id}`,
		mentions: [],
		attachments: [],
		sentAt: new Date().toISOString(),
		...overrides,
	};
}

export function outbound(
	conversationId: string,
	text: string,
	platform: Platform = "wechat",
): OutboundMessage {
	return { platform, conversationId, text, mentions: [] };
}

export interface SentRecord {
	message: OutboundMessage;
	at: number;
}

/** Our fake platform at the network edge: records what the bot sent, and can be told to fail. */
export interface RecordingAdapter extends ChatAdapter {
	sent: SentRecord[];
	calls: number;
	/** Where the bot asked to receive messages (set by `start`): call it to play a user writing in. */
	sink?: InboundSink;
	/** Return an error to throw it instead of sending. */
	failWith?: (message: OutboundMessage, call: number) => Error | undefined;
}

export function createRecordingAdapter(
	platform: Platform = "wechat",
): RecordingAdapter {
	const adapter: RecordingAdapter = {
		platform,
		capabilities: capabilitiesOf(platform),
		sent: [],
		calls: 0,
		async start(sink: InboundSink) {
			adapter.sink = sink;
		},
		async stop() {
			adapter.sink = undefined;
		},
		async send(message: OutboundMessage): Promise<SendResult> {
			adapter.calls += 1;
			const error = adapter.failWith?.(message, adapter.calls);
			if (error) throw error;
			adapter.sent.push({ message, at: Date.now() });
			return { messageId: `sent-${adapter.sent.length}` };
		},
	};
	return adapter;
}
