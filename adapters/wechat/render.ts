/**
 * OutboundMessage → the text WeChat will show. Mentions are not rendered here: Wechaty renders them
 * from the contacts passed to `room.say(text, ...contacts)`. WeChat has no cards, so a card becomes
 * plain lines under the text; its words (state label, title) are already localized by the core.
 */
import type { IssueCard, OutboundMessage } from "../../bot/messages.ts";
import { SHANGHAI_OFFSET_MS } from "../../workflows/calendar/local-time.ts";

const COLOUR_MARKS: Record<IssueCard["colour"], string> = {
	green: "🟢",
	yellow: "🟡",
	orange: "🟠",
	red: "🔴",
};

export function renderWechatText(message: OutboundMessage): string {
	if (!message.card) return message.text;
	const card = renderCard(message.card);
	return message.text ? `${message.text}\n\n${card}` : card;
}

export function renderCard(card: IssueCard): string {
	const facts = [
		card.stateLabel,
		card.category,
		card.leadDepartment,
		card.dueAt && formatShanghaiTime(card.dueAt),
	].filter((fact): fact is string => !!fact);
	const lines = [
		`${COLOUR_MARKS[card.colour]} #${card.issueNumber} ${card.title}`,
		facts.join(" · "),
		// No buttons on WeChat: show what to type instead.
		...card.actions.map((action) => `▸ ${action.label}：${action.command}`),
	];
	return lines.join("\n");
}

/** "2024-05-01 17:00" in Asia/Shanghai (UTC+8, no daylight saving). */
export function formatShanghaiTime(iso: string): string {
	const time = new Date(iso);
	if (Number.isNaN(time.getTime())) return iso;
	const shanghai = new Date(time.getTime() + SHANGHAI_OFFSET_MS);
	return shanghai.toISOString().slice(0, 16).replace("T", " ");
}
