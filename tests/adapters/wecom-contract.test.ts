import { createWecomAdapter } from "../../adapters/wecom/index.ts";
import {
	type FakeWecom,
	type GroupSend,
	startFakeWecom,
	wecomText,
} from "../support/fake-wecom.ts";
import { type AdapterHarness, runAdapterContract } from "./contract.ts";

const chatid = "wrGROUPINDUSTRY1";
const userA = { externalId: "zhangwei", displayName: "张伟" };
const userB = { externalId: "wangfang", displayName: "王芳" };

function shown(send: GroupSend) {
	const card = send.template_card;
	return {
		text: card
			? [card.main_title?.title, card.sub_title_text].filter(Boolean).join("\n")
			: (send.markdown?.content ?? ""),
		// The AI bot cannot @ anyone.
		mentionedIds: [],
		conversationId: send.chatid,
		...(card ? { buttons: (card.button_list ?? []).map((b) => b.text) } : {}),
	};
}

/** Drives the adapter as WeCom does: callbacks on the long connection in, sends recorded by the fake. */
async function makeHarness(): Promise<AdapterHarness> {
	const fake: FakeWecom = await startFakeWecom();
	const adapter = createWecomAdapter({
		botId: fake.botId,
		botSecret: fake.botSecret,
		botName: "亲清助手",
		wsUrl: fake.wsUrl,
		apiUrl: fake.apiUrl,
		corpId: fake.corpId,
		agentId: fake.agentId,
		agentSecret: fake.agentSecret,
		isGroupChat: async (id) => id === chatid,
	});
	let last: Record<string, unknown> | undefined;
	return {
		adapter,
		ready: async () => {},
		conversationId: chatid,
		userA,
		userB,
		async postAs(author, text, opts = {}) {
			const names = (opts.mentions ?? []).map((m) => `@${m.displayName}`);
			last = wecomText({
				userid: author.externalId,
				chatid,
				text: [...names, text].join(" "),
			});
			fake.pushMessage(last);
		},
		// WeCom gives the bot no message that does not @ it: nothing reaches the connection.
		async postUnmentioned() {},
		async postAsBot(text) {
			await adapter.send({
				platform: "wecom",
				conversationId: chatid,
				text,
				mentions: [],
			});
		},
		async redeliverLast() {
			if (!last) throw new Error("nothing posted yet");
			fake.pushMessage(last);
		},
		async sent() {
			return [
				...fake.groupSends().map(shown),
				...fake.appMessages().map((m) => ({
					text: m.content,
					mentionedIds: [],
					conversationId: m.touser,
				})),
			];
		},
		async close() {
			await adapter.stop();
			await fake.close();
		},
	};
}

runAdapterContract("wecom on the AI bot SDK against a fake WeCom", makeHarness);
