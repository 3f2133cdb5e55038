/**
 * The WeChat mock room of tests/e2e/wechat-room.ts with the fault directory's extra enterprise
 * members in it, as a ChatDriver.
 */
import type { WechatRoom } from "../e2e/wechat-room.ts";
import { createWechatRoom } from "../e2e/wechat-room.ts";
import { FAULT_ENTERPRISE_MEMBERS } from "./fast-directory.ts";
import type { ChatDriver } from "./scenario.ts";

export interface WechatDriver extends ChatDriver {
	room: WechatRoom;
}

export async function createWechatDriver(): Promise<WechatDriver> {
	const room = await createWechatRoom();
	const { mocker } = room.group;
	for (const member of FAULT_ENTERPRISE_MEMBERS) {
		const contact = mocker.createContact({ id: member.id, name: member.name });
		room.group.room.payload.memberIdList.push(contact.id);
	}
	return {
		room,
		platform: "wechat",
		async say(authorId, text) {
			return room.group.postPayload({
				talkerId: authorId,
				roomId: room.roomId,
				text,
				mentionIdList: [],
			});
		},
		async sayAgain(messageId) {
			const first = mocker.cacheMessagePayload.get(messageId);
			if (!first) throw new Error(`no message ${messageId}`);
			return room.group.postPayload({
				talkerId: first.talkerId,
				roomId: room.roomId,
				text: first.text ?? "",
				mentionIdList: [],
			});
		},
		async botSaid() {
			return room.botSaid().map((said) => said.text);
		},
	};
}
