/**
 * The WeChat work group of the end-to-end suites: the Wechaty mock group (tests/support/wechaty-mock.ts)
 * with the people of tests/fixtures/directory/wechat-e2e.yaml added under their directory ids.
 * People post through the Mocker as a WeChat client would; what the bot said is read from the Mocker.
 */
import type { types } from "wechaty";
import type { mock } from "wechaty-puppet-mock";
import type { DatabaseDriver } from "../../db/client.ts";
import {
	E2E_DIRECTORY_FILE,
	startTestBot,
	type TestBot,
} from "../support/bot-harness.ts";
import { waitFor } from "../support/wait.ts";
import {
	createWechatyMockGroup,
	type WechatyMockGroup,
} from "../support/wechaty-mock.ts";

/** Everyone in the fixture directory, by a short handle: WeChat id and name. */
export const PEOPLE = {
	chen: { id: "wxid_e2e_chen_guodong", name: "陈国栋" }, // 鑫元 (enterprise)
	linXiaohong: { id: "wxid_e2e_lin_xiaohong", name: "林晓红" }, // 鑫元 (enterprise)
	huang: { id: "wxid_e2e_huang_zhiming", name: "黄志明" }, // 绿源 (another enterprise)
	shi: { id: "wxid_e2e_shi_lei", name: "施磊" }, // 供电公司 (official)
	wang: { id: "wxid_e2e_wang_qiang", name: "王强" }, // 供电公司 (official)
	he: { id: "wxid_e2e_he_jun", name: "何军" }, // 交通运输局 (official)
	xu: { id: "wxid_e2e_xu_tao", name: "徐涛" }, // 交通运输局 (official)
	liu: { id: "wxid_e2e_liu_jianping", name: "刘建平" }, // 工业企业服务办公室 (office staff)
	lin: { id: "wxid_e2e_lin_zhiqiang", name: "林志强" }, // 副区长 (leader)
	luo: { id: "wxid_e2e_luo_xiaodong", name: "罗晓东" }, // 督查室 (supervisor)
} as const;
export type Who = keyof typeof PEOPLE;

export interface BotSaid {
	id: string;
	text: string;
	mentionIds: string[];
}

export interface WechatRoom {
	group: WechatyMockGroup;
	/** The room's id: the group's conversation id once the bot has bound it by topic. */
	roomId: string;
	/** Someone in the room who is not in the directory. */
	stranger: { id: string; name: string };
	/**
	 * Posts a text as `who`; returns the message id. `mentions` are sent as WeChat's mention list: write
	 * each into the text with `mentionText`, where the writer put it.
	 */
	say(who: Who | "stranger", text: string, mentions?: Who[]): string;
	/** Posts a non-text message (an image, a file) as `who`. */
	send(who: Who, type: types.Message): string;
	/** Pushes an earlier message to the bot again, with the same id (a puppet redelivering it). */
	redeliver(messageId: string): void;
	/** Everything the bot has said in the room, oldest first. */
	botSaid(): BotSaid[];
	/** Waits for the first message the bot says after `after` messages that passes `test`. */
	waitForBot(
		test: (said: BotSaid) => boolean,
		what: string,
		after?: number,
	): Promise<BotSaid>;
}

/** `@name` + U+2005, as a WeChat client writes a mention into the text. */
export function mentionText(who: Who): string {
	return `@${PEOPLE[who].name}\u2005`;
}

export async function createWechatRoom(): Promise<WechatRoom> {
	const group = await createWechatyMockGroup();
	const { mocker, room, botContact } = group;
	const contacts = new Map<string, mock.ContactMock>();
	for (const person of Object.values(PEOPLE)) {
		const contact = mocker.createContact({ id: person.id, name: person.name });
		room.payload.memberIdList.push(contact.id);
		contacts.set(person.id, contact);
	}
	const stranger = {
		id: group.members.zhang.id,
		name: group.members.zhang.payload.name,
	};
	const idOf = (who: Who | "stranger") =>
		who === "stranger" ? stranger.id : PEOPLE[who].id;

	const botSaid = (): BotSaid[] =>
		[...mocker.cacheMessagePayload.values()]
			.filter((payload) => payload.talkerId === botContact.id)
			.map((payload) => ({
				id: payload.id,
				text: payload.text ?? "",
				mentionIds:
					"mentionIdList" in payload ? (payload.mentionIdList ?? []) : [],
			}));

	return {
		group,
		roomId: room.id,
		stranger,
		say(who, text, mentions = []) {
			return group.postPayload({
				talkerId: idOf(who),
				roomId: room.id,
				text,
				mentionIdList: mentions.map((m) => PEOPLE[m].id),
			});
		},
		send(who, type) {
			return group.postPayload({
				talkerId: idOf(who),
				roomId: room.id,
				type,
				text: "",
			});
		},
		redeliver(messageId) {
			group.puppet.emit("message", { messageId });
		},
		botSaid,
		waitForBot(test, what, after = 0) {
			return waitFor(
				() => botSaid().slice(after).find(test),
				`the bot to say ${what}`,
			);
		},
	};
}

/** Posts as `who` and waits for the bot's answer that passes `test`. */
/** The bot with the e2e directory in a fresh mock room, logged in; `env` adds to the defaults. */
export async function startBotInRoom(
	driver: DatabaseDriver,
	env: Record<string, string> = {},
): Promise<{ room: WechatRoom; bot: TestBot }> {
	const room = await createWechatRoom();
	const bot = await startTestBot({
		driver,
		adapters: [room.group.harness.adapter],
		env: {
			DIRECTORY_FILE: E2E_DIRECTORY_FILE,
			WECHATY_NAME: "亲清助手",
			...env,
		},
	});
	await room.group.harness.ready();
	return { room, bot };
}

export async function exchange(
	room: WechatRoom,
	who: Who | "stranger",
	text: string,
	test: (said: BotSaid) => boolean,
	what: string,
	mentions: Who[] = [],
): Promise<{ messageId: string; said: BotSaid }> {
	const after = room.botSaid().length;
	const messageId = room.say(who, text, mentions);
	const said = await room.waitForBot(test, what, after);
	return { messageId, said };
}

export interface RaisedIssue {
	/** 2026-000012 */
	number: string;
	/** 12: what people type after # */
	short: string;
	ack: BotSaid;
	messageId: string;
}

/** An enterprise member raises a problem; the issue's number is read from the bot's acknowledgement. */
export async function raise(
	room: WechatRoom,
	who: Who,
	text: string,
): Promise<RaisedIssue> {
	const { messageId, said } = await exchange(
		room,
		who,
		text,
		(s) => s.text.includes("已登记问题"),
		"an acknowledgement",
	);
	const number = /#(\d{4}-\d{6})/.exec(said.text)?.[1];
	if (!number) throw new Error(`no issue number in: ${said.text}`);
	return {
		number,
		short: String(Number(number.slice(5))),
		ack: said,
		messageId,
	};
}
