/**
 * A WeChat work group on wechaty-puppet-mock: the real Wechaty and the real WeChat adapter, with the
 * mock's Mocker playing the WeChat server. Contacts post through the Mocker's own API, and what the
 * bot sent is read from the Mocker's message store.
 */
import { log, types } from "wechaty";
import { mock, PuppetMock } from "wechaty-puppet-mock";
import {
	createWechatAdapter,
	type WechatAdapterOptions,
	type WechatStatus,
} from "../../adapters/wechat/index.ts";
import type {
	AdapterHarness,
	HarnessUser,
	SentOnPlatform,
} from "../adapters/contract.ts";

log.level("silent");

type ContactMock = mock.ContactMock;
type RoomMock = mock.RoomMock;

export const MOCK_LOGIN_QR = "https://login.weixin.qq.com/l/mock-qinqing";

/**
 * PuppetMock drops the mention list Wechaty passes to messageSendText and returns no message id.
 * Real puppets (puppet-service) forward both, so this one does too, through the Mocker's own
 * `say(text, mentions)`.
 */
class MentionAwarePuppetMock extends PuppetMock {
	// Typed as PuppetMock's Promise<void>; the base Puppet interface allows a message id.
	override async messageSendText(
		conversationId: string,
		text: string,
		mentionIdList: string[] = [],
	): Promise<void> {
		if (!this.isLoggedIn) throw new Error("not logged in");
		const mocker = this.mocker;
		const user = mocker.ContactMock.load(this.currentUserId);
		if (mocker.cacheRoomPayload.has(conversationId)) {
			const mentions = mentionIdList.map((id) => mocker.ContactMock.load(id));
			user.say(text, mentions).to(mocker.RoomMock.load(conversationId));
		} else {
			user.say(text).to(mocker.ContactMock.load(conversationId));
		}
		// `say` stores the new message last in the Mocker's store.
		const sentId = [...mocker.cacheMessagePayload.keys()].at(-1);
		return sentId as unknown as undefined;
	}
}

export interface WechatyMockGroup {
	harness: AdapterHarness;
	mocker: mock.Mocker;
	puppet: PuppetMock;
	botContact: ContactMock;
	room: RoomMock;
	/** 张三 and 陈总 (enterprises), 王科长 (人社局), 赵工 (供电公司), 李主任 (service office). */
	members: Record<"zhang" | "chen" | "wang" | "zhao" | "li", ContactMock>;
	statuses: WechatStatus[];
	loginQrs: string[];
	/** Posts a message the way the Mocker's `say` does, with a payload of our choosing. */
	postPayload(
		payload: Partial<PostPayload> & Pick<PostPayload, "talkerId">,
	): string;
}

type PostPayload = {
	id: string;
	talkerId: string;
	roomId?: string;
	listenerId?: string;
	text?: string;
	type: number;
	timestamp: number;
	mentionIdList?: string[];
};

export async function createWechatyMockGroup(
	adapterOptions: Partial<WechatAdapterOptions> = {},
): Promise<WechatyMockGroup> {
	const mocker = new mock.Mocker();
	const puppet = new MentionAwarePuppetMock({ mocker });
	const botContact = mocker.createContact({ name: "亲清助手" });
	const members = {
		zhang: mocker.createContact({ name: "张三" }),
		chen: mocker.createContact({ name: "陈总" }),
		wang: mocker.createContact({ name: "王科长" }),
		zhao: mocker.createContact({ name: "赵工" }),
		li: mocker.createContact({ name: "李主任" }),
	};
	const room = mocker.createRoom({
		topic: "三元区政企服务群",
		memberIdList: [botContact.id, ...Object.values(members).map((c) => c.id)],
	});

	// The "server" shows a QR code, then the bot's account scans it, when the puppet starts.
	mocker.use((m) => {
		m.scan(MOCK_LOGIN_QR, types.ScanStatus.Waiting);
		m.login(botContact);
		return () => {};
	});

	const statuses: WechatStatus[] = [];
	const loginQrs: string[] = [];
	let onLoggedIn: () => void = () => {};
	const loggedIn = new Promise<void>((resolve) => {
		onLoggedIn = resolve;
	});
	const adapter = createWechatAdapter({
		puppet,
		printQr: false,
		onLoginQr: (url) => loginQrs.push(url),
		onStatus: (status) => {
			statuses.push(status);
			if (status.state === "logged_in") onLoggedIn();
		},
		...adapterOptions,
	});

	const byId = new Map(
		[botContact, ...Object.values(members)].map((c) => [c.id, c]),
	);
	const contactOf = (user: HarnessUser): ContactMock => {
		const contact = byId.get(user.externalId);
		if (!contact) throw new Error(`no mock contact ${user.externalId}`);
		return contact;
	};
	const asUser = (contact: ContactMock): HarnessUser => ({
		externalId: contact.id,
		displayName: contact.payload.name,
	});

	const harness: AdapterHarness = {
		adapter,
		ready: () => loggedIn,
		conversationId: room.id,
		userA: asUser(members.zhang),
		userB: asUser(members.wang),
		async postAs(user, text, opts = {}) {
			await loggedIn;
			const mentions = (opts.mentions ?? []).map(contactOf);
			// A WeChat client writes "@name" + U+2005 for each mention and sends their ids.
			const rendered = mentions.map((c) => `@${c.payload.name}\u2005`).join("");
			contactOf(user)
				.say(rendered + text, mentions)
				.to(room);
		},
		async postAsBot(text) {
			await loggedIn;
			botContact.say(text).to(room);
		},
		async redeliverLast() {
			const last = [...mocker.cacheMessagePayload.values()]
				.filter((payload) => payload.talkerId !== botContact.id)
				.at(-1);
			if (!last) throw new Error("nothing to redeliver");
			// What a puppet does when WeChat pushes the same message again.
			puppet.emit("message", { messageId: last.id });
		},
		async sent() {
			return [...mocker.cacheMessagePayload.values()]
				.filter((payload) => payload.talkerId === botContact.id)
				.map(
					(payload): SentOnPlatform => ({
						text: payload.text ?? "",
						mentionedIds:
							"mentionIdList" in payload ? (payload.mentionIdList ?? []) : [],
						conversationId:
							("roomId" in payload && payload.roomId) ||
							("listenerId" in payload && payload.listenerId) ||
							"",
					}),
				);
		},
		async close() {
			await adapter.stop();
		},
	};

	return {
		harness,
		mocker,
		puppet,
		botContact,
		room,
		members,
		statuses,
		loginQrs,
		postPayload(payload) {
			const full = {
				id: `mock-${Math.random().toString(36).slice(2)}`,
				type: types.Message.Text,
				timestamp: Date.now(),
				...payload,
			};
			mocker.MessageMock.create(
				full as Parameters<typeof mocker.MessageMock.create>[0],
			);
			puppet.emit("message", { messageId: full.id });
			return full.id;
		},
	};
}
