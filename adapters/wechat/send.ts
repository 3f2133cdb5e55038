/** Sends one OutboundMessage through a logged-in Wechaty. */
import type { Contact, Room, Wechaty } from "wechaty";
import { PlatformRejectedError } from "../../bot/adapter.ts";
import type { OutboundMessage, SendResult } from "../../bot/messages.ts";
import { renderWechatText } from "./render.ts";

export async function sendWechatMessage(
	bot: Wechaty,
	message: OutboundMessage,
): Promise<SendResult> {
	if (!bot.isLoggedIn) {
		// Not a refusal: the account may log in again, so the caller should retry later.
		throw new Error(
			"WeChat is not logged in: scan the login QR code shown by the gateway",
		);
	}
	const text = renderWechatText(message);
	const conversationId = message.conversationId;

	const room = await findRoom(bot, conversationId);
	if (room) {
		const contacts = await Promise.all(
			message.mentions.map((mention) =>
				findContactOrReject(bot, mention.externalId, "mention"),
			),
		);
		// Wechaty renders "@name" for each contact and sends their ids as the mention list.
		const sent = await room.say(text, ...contacts);
		return { messageId: sent?.id ?? "" };
	}

	const contact = await findContactOrReject(
		bot,
		conversationId,
		"conversation",
	);
	const sent = await contact.say(text);
	return { messageId: sent?.id ?? "" };
}

async function findRoom(bot: Wechaty, id: string): Promise<Room | undefined> {
	// Ask the puppet first: Room.find() reports a miss as a Wechaty "error" event.
	if (!(await succeeds(() => bot.puppet.roomPayload(id)))) return undefined;
	return bot.Room.find({ id });
}

async function findContactOrReject(
	bot: Wechaty,
	id: string,
	role: "conversation" | "mention",
): Promise<Contact> {
	const found =
		(await succeeds(() => bot.puppet.contactPayload(id))) &&
		(await bot.Contact.find({ id }));
	if (found) return found;
	throw role === "conversation"
		? new PlatformRejectedError(
				`no WeChat room or contact with id ${id}: check the group binding`,
				"conversation_not_found",
			)
		: new PlatformRejectedError(
				`cannot mention WeChat contact ${id}: not found, check the directory entry`,
				"mention_not_found",
			);
}

async function succeeds(attempt: () => Promise<unknown>): Promise<boolean> {
	try {
		await attempt();
		return true;
	} catch {
		return false;
	}
}
