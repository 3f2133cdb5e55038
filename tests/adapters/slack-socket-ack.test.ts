/**
 * Socket Mode: Slack is told a message arrived only once it is kept. The envelope comes in through
 * the Socket Mode client (the WebSocket edge, played here by emitting its event); Bolt runs for real.
 */
import { App } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { createAckAfterHandOffReceiver } from "../../adapters/slack/socket-receiver.ts";
import { silentLog } from "../support/pipeline.ts";

function envelope(text: string) {
	return {
		type: "event_callback",
		team_id: "T1",
		api_app_id: "A1",
		event_id: `Ev${Math.random()}`,
		event_time: 1,
		event: {
			type: "message",
			channel: "C1",
			user: "U1",
			text,
			ts: "1712345678.000100",
			channel_type: "channel",
		},
	};
}

async function deliver(handOff: () => Promise<void>) {
	const receiver = createAckAfterHandOffReceiver(
		{ appToken: "xapp-test" },
		silentLog,
	);
	const app = new App({
		token: "xoxb-test",
		botUserId: "UBOT",
		botId: "BBOT",
		receiver,
		tokenVerificationEnabled: false,
		convoStore: false,
	});
	app.error(async (error) => {
		throw error;
	});
	const order: string[] = [];
	app.event("message", async () => {
		await handOff();
		order.push("kept");
	});
	const acks: unknown[] = [];
	const listeners = receiver.client.listeners("slack_event");
	for (const listener of listeners)
		await listener({
			body: envelope("停电了"),
			retry_num: 0,
			ack: async (response?: unknown) => {
				order.push("acked");
				acks.push(response);
			},
		});
	return { order, acks };
}

describe("Slack Socket Mode acknowledgement", () => {
	it("acknowledges after the message was handed over", async () => {
		const { order } = await deliver(async () => {
			await new Promise((resolve) => setTimeout(resolve, 50));
		});
		expect(order).toEqual(["kept", "acked"]);
	});

	it("does not acknowledge when the hand-off failed, so Slack delivers it again", async () => {
		const { order } = await deliver(async () => {
			throw new Error("Redis and Postgres are both away");
		});
		expect(order).toEqual([]);
	});
});
