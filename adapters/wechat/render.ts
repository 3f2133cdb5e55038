/**
 * OutboundMessage → the text WeChat will show. Mentions are not rendered here: Wechaty renders them
 * from the contacts passed to `room.say(text, ...contacts)`. WeChat declares no cards, so the outbox
 * has already turned a card into lines (bot/pipeline/outbound-adapt.ts); one that still reaches the
 * adapter is printed the same way.
 */
import { renderCardText } from "../../bot/card-text.ts";
import type { OutboundMessage } from "../../bot/messages.ts";

export function renderWechatText(message: OutboundMessage): string {
	if (!message.card) return message.text;
	const card = renderCardText(message.card);
	return message.text ? `${message.text}\n\n${card}` : card;
}
