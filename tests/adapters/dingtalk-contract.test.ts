import {
	createDingtalkAdapter,
	TOPIC_ROBOT_MESSAGE,
} from "../../adapters/dingtalk/index.ts";
import {
	FAKE_APP_KEY,
	FAKE_APP_SECRET,
	FAKE_ROBOT_USER_ID,
	startFakeDingtalk,
} from "../support/fake-dingtalk.ts";
import { type AdapterHarness, runAdapterContract } from "./contract.ts";

const conversationId = "cidGROUPindustry001==";
const userA = { externalId: "boss0001", displayName: "周老板" };
const userB = { externalId: "powerhead01", displayName: "李电" };

/** Drives the adapter as DingTalk does: frames pushed down the stream, API calls on the fake. */
async function makeHarness(): Promise<AdapterHarness> {
	const fake = await startFakeDingtalk();
	const adapter = createDingtalkAdapter({
		appKey: FAKE_APP_KEY,
		appSecret: FAKE_APP_SECRET,
		apiUrl: fake.url,
		oapiUrl: fake.url,
		cardTemplateId: "qinqing-issue.schema",
	});
	let last: { data: Record<string, unknown>; frameId: string } | undefined;

	return {
		adapter,
		ready: () => fake.connected(),
		conversationId,
		userA,
		userB,
		async postAs(author, text, opts = {}) {
			const data = fake.robotMessage({
				conversationId,
				sender: { staffId: author.externalId, nick: author.displayName },
				text,
				mentions: (opts.mentions ?? []).map((m) => m.externalId),
			});
			last = { data, frameId: fake.push(TOPIC_ROBOT_MESSAGE, data) };
		},
		async postAsBot(text) {
			await adapter.send({
				platform: "dingtalk",
				conversationId,
				text,
				mentions: [],
			});
			// DingTalk does not push a robot its own messages; if it did, this is what it would be.
			fake.push(TOPIC_ROBOT_MESSAGE, {
				...fake.robotMessage({
					conversationId,
					sender: { staffId: "" },
					text,
				}),
				senderId: FAKE_ROBOT_USER_ID,
				senderStaffId: undefined,
			});
		},
		// DingTalk pushes a robot only the group messages that @ it: this one never reaches the stream.
		async postUnmentioned() {},
		async redeliverLast() {
			if (!last) throw new Error("nothing posted yet");
			fake.push(TOPIC_ROBOT_MESSAGE, last.data, last.frameId);
		},
		async sent() {
			return fake.shown().map((m) => ({
				text: m.text,
				mentionedIds: m.mentionedIds,
				conversationId: m.conversationId,
				...(m.card
					? {
							buttons: (
								JSON.parse(m.card.actions ?? "[]") as Array<{ label: string }>
							).map((b) => b.label),
						}
					: {}),
			}));
		},
		async close() {
			await adapter.stop();
			await fake.close();
		},
	};
}

runAdapterContract(
	"dingtalk over Stream mode against a fake DingTalk",
	makeHarness,
);
