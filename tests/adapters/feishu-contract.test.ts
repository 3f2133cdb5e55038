import { createFeishuAdapter } from "../../adapters/feishu/index.ts";
import {
	FAKE_FEISHU_APP_ID,
	FAKE_FEISHU_APP_SECRET,
	FAKE_FEISHU_BOT,
	startFakeFeishu,
} from "../support/fake-feishu.ts";
import { type AdapterHarness, runAdapterContract } from "./contract.ts";

const chatId = "oc_groupindustry00000000000001";
const userA = {
	externalId: "ou_boss000000000000000000000001",
	displayName: "周老板",
};
const userB = {
	externalId: "ou_power00000000000000000000001",
	displayName: "李电",
};

/** Drives the adapter as Feishu does: protobuf event frames down the long connection, IM API calls on the fake. */
async function makeHarness(): Promise<AdapterHarness> {
	const fake = await startFakeFeishu();
	const adapter = createFeishuAdapter({
		appId: FAKE_FEISHU_APP_ID,
		appSecret: FAKE_FEISHU_APP_SECRET,
		baseUrl: fake.url,
	});
	let last: { event: Record<string, unknown>; eventId: string } | undefined;

	return {
		adapter,
		ready: () => fake.connected(),
		conversationId: chatId,
		userA,
		userB,
		async postAs(author, text, opts = {}) {
			const event = fake.messageEvent({
				chatId,
				sender: author.externalId,
				text,
				mentions: (opts.mentions ?? []).map((m) => ({
					id: m.externalId,
					name: m.displayName,
				})),
			});
			last = { event, eventId: fake.pushEvent("im.message.receive_v1", event) };
		},
		async postAsBot(text) {
			await adapter.send({
				platform: "feishu",
				conversationId: chatId,
				text,
				mentions: [],
			});
			// Feishu does not deliver a bot its own messages; if it did, this is what it would be.
			fake.pushEvent(
				"im.message.receive_v1",
				fake.messageEvent({
					chatId,
					sender: FAKE_FEISHU_BOT,
					text,
					senderType: "app",
				}),
			);
		},
		// With the default permission a bot is given only the group messages that @ it.
		async postUnmentioned() {},
		async redeliverLast() {
			if (!last) throw new Error("nothing posted yet");
			fake.pushEvent("im.message.receive_v1", last.event, last.eventId);
		},
		async sent() {
			return fake.shown().map((m) => ({
				text: m.text,
				mentionedIds: m.mentionedIds,
				conversationId: m.conversationId,
				...(m.buttons ? { buttons: m.buttons.map((b) => b.label) } : {}),
			}));
		},
		async close() {
			await adapter.stop();
			await fake.close();
		},
	};
}

runAdapterContract(
	"feishu over the SDK's long connection against a fake Feishu",
	makeHarness,
);
