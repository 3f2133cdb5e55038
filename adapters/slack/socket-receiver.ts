/**
 * Socket Mode, acknowledged only once the message is kept. Bolt's own SocketModeReceiver lets the
 * App acknowledge an event before any listener runs: a hand-off that then fails (Redis and
 * Postgres both away) loses the message, since Slack never sends an acknowledged envelope again.
 * Here the App's acknowledgement is only noted; the envelope is acknowledged after every listener
 * has finished, and not at all when one failed — Slack then delivers it again.
 */
import { type App, SocketModeReceiver } from "@slack/bolt";
import type { Logger } from "../../bot/runtime/logger.ts";

type SocketModeReceiverOptions = ConstructorParameters<
	typeof SocketModeReceiver
>[0];

interface SlackEventArgs {
	ack: (response?: unknown) => Promise<void>;
	body: Record<string, unknown>;
	retry_num?: number;
	retry_reason?: string;
}

export function createAckAfterHandOffReceiver(
	options: SocketModeReceiverOptions,
	log?: Logger,
): SocketModeReceiver {
	const receiver = new SocketModeReceiver(options);
	let app: App | undefined;
	const init = receiver.init.bind(receiver);
	receiver.init = (bolt: App) => {
		app = bolt;
		init(bolt);
	};
	receiver.client.removeAllListeners("slack_event");
	receiver.client.on("slack_event", async (args: SlackEventArgs) => {
		let acked = false;
		let response: unknown;
		try {
			await app?.processEvent({
				body: args.body,
				ack: async (answer?: unknown) => {
					acked = true;
					response = answer;
				},
				...(args.retry_num !== undefined ? { retryNum: args.retry_num } : {}),
				...(args.retry_reason ? { retryReason: args.retry_reason } : {}),
			});
		} catch (error) {
			log?.error(
				"Slack event not handed over; not acknowledged, so Slack delivers it again",
				{ error: String(error) },
			);
			return;
		}
		if (acked) await args.ack(response);
	});
	return receiver;
}
