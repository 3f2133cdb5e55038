import { parseSlackMarkup } from "../../adapters/slack/markup.ts";
import { type AdapterHarness, runAdapterContract } from "./contract.ts";
import { nextTs, startSlackTestbed, userMessage } from "./slack-fixture.ts";

const channel = "C0GROUP001";
const userA = { externalId: "U0ENT00001", displayName: "Chen Guodong" };
const userB = { externalId: "U0OFF00001", displayName: "Wang Fang" };

/** Drives the adapter as Slack does: signed event deliveries in, Web API calls on the fake out. */
async function makeHarness(): Promise<AdapterHarness> {
	const bed = await startSlackTestbed();
	let last: Record<string, unknown> | undefined;

	async function deliver(event: Record<string, unknown>, retryNum?: number) {
		const response = await bed.deliverEvent(
			event,
			retryNum === undefined ? {} : { retryNum },
		);
		if (response.status !== 200)
			throw new Error(`delivery answered ${response.status}`);
	}

	return {
		adapter: bed.adapter,
		ready: async () => {},
		conversationId: channel,
		userA,
		userB,
		async postAs(author, text, opts = {}) {
			const mentions = (opts.mentions ?? []).map((m) => `<@${m.externalId}>`);
			last = userMessage({
				channel,
				user: author.externalId,
				text: [...mentions, text].join(" "),
			});
			await deliver(last);
		},
		async postAsBot(text) {
			const sent = await bed.adapter.send({
				platform: "slack",
				conversationId: channel,
				text,
				mentions: [],
			});
			// Slack echoes the bot's own post back as a message event from the bot.
			const ts = sent.messageId.split("/").pop() ?? nextTs();
			await deliver({
				type: "message",
				channel,
				channel_type: "channel",
				user: bed.fake.botUserId,
				bot_id: bed.fake.botId,
				text,
				ts,
				event_ts: ts,
			});
		},
		async redeliverLast() {
			if (!last) throw new Error("nothing posted yet");
			await deliver(last, 1);
		},
		async sent() {
			return bed.fake.posts().map((post) => ({
				text: parseSlackMarkup(post.text).text,
				mentionedIds: [
					...post.text.matchAll(/<(?:@|!subteam\^)([A-Z0-9]+)>/g),
				].map((m) => m[1] ?? ""),
				conversationId: post.channel,
			}));
		},
		close: () => bed.close(),
	};
}

runAdapterContract("slack on bolt against a fake Web API", makeHarness);
