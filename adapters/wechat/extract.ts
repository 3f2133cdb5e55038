/** The only place that reads a Wechaty Message: it pulls out the plain fields parse.ts works on. */

import type { Contact, Message, Room } from "wechaty";
import { types } from "wechaty";
import type { WechatMentionFields, WechatMessageFields } from "./parse.ts";

export async function extractWechatMessage(
	message: Message,
	self: Contact,
): Promise<WechatMessageFields> {
	const room = message.room();
	const talker = message.talker();
	const [roomTopic, talkerName, selfFields, mentions] = await Promise.all([
		room?.topic(),
		displayName(talker, room),
		mentionFields(self, room),
		message
			.mentionList()
			.then((list) =>
				Promise.all(list.map((contact) => mentionFields(contact, room))),
			),
	]);
	return {
		id: message.id,
		type: types.Message[message.type()] ?? "Unknown",
		text: message.text(),
		...(room && { roomId: room.id, roomTopic }),
		talkerId: talker.id,
		...(talkerName && { talkerName }),
		self: selfFields,
		mentions,
		sentAtMs: message.date().getTime(),
		raw: message.payload,
	};
}

async function mentionFields(
	contact: Contact,
	room: Room | undefined,
): Promise<WechatMentionFields> {
	const roomAlias = await room?.alias(contact);
	const name = contact.name();
	return {
		id: contact.id,
		...(name && { name }),
		...(roomAlias && { roomAlias }),
	};
}

async function displayName(
	contact: Contact,
	room: Room | undefined,
): Promise<string | undefined> {
	return (await room?.alias(contact)) || contact.name() || undefined;
}
