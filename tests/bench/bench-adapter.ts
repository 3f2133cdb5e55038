/** The network edge we do not own: a chat platform that records when the bot sent each message. */
import { performance } from "node:perf_hooks";
import type { ChatAdapter, InboundSink } from "../../bot/adapter.ts";
import type { OutboundMessage, SendResult } from "../../bot/messages.ts";
import { PLATFORM_CAPABILITIES } from "../../bot/platform-capabilities.ts";

export interface BenchAdapter extends ChatAdapter {
	/** The bot's sink, once started. */
	sink(): InboundSink;
	/** performance.now() of each send, by the inbound message id it answers. */
	readonly sentAt: Map<string, number>;
	sendCount(): number;
}

export function createBenchAdapter(): BenchAdapter {
	let sink: InboundSink | undefined;
	const sentAt = new Map<string, number>();
	let sent = 0;
	return {
		platform: "playground",
		capabilities: PLATFORM_CAPABILITIES.playground,
		sentAt,
		async start(next) {
			sink = next;
		},
		async stop() {
			sink = undefined;
		},
		sink() {
			if (!sink) throw new Error("the bench adapter is not started");
			return sink;
		},
		sendCount: () => sent,
		async send(message: OutboundMessage): Promise<SendResult> {
			const at = performance.now();
			sent += 1;
			const answers = message.replyTo?.messageId;
			if (answers && !sentAt.has(answers)) sentAt.set(answers, at);
			return { messageId: `bench-out-${sent}` };
		},
	};
}
