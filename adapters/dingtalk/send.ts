/**
 * Sending to DingTalk. A group reply goes through the session webhook of the conversation's latest
 * message while it is valid, because only that way (and on a card) can a robot @ someone: `at.atUserIds`
 * with `@userid` in the text. Later, the robot API posts the text, and each person it could not @
 * gets a 工作通知 instead. A card goes through the deployment's card template and is updated in
 * place; without a template it is text with its commands. A person (not a `cid…` conversation) is
 * reached by 工作通知 (with DINGTALK_AGENT_ID), else by the robot's one-to-one message.
 */
import { randomUUID } from "node:crypto";
import type {
	Mention,
	OutboundMessage,
	SendResult,
} from "../../bot/messages.ts";
import type { Locale } from "../../bot/texts/catalog.ts";
import { cardAsText } from "../shared/card-actions.ts";
import { cardParamMap, outTrackIdOf } from "./card.ts";
import type { DingtalkHttp } from "./http.ts";
import type { SessionWebhook } from "./parse.ts";

export interface DingtalkSendOptions {
	robotCode: string;
	/** The app's AgentId, for 工作通知; without it a person gets the robot's one-to-one message. */
	agentId?: string;
	/** The card template (DINGTALK_CARD_TEMPLATE_ID); without it cards are sent as text. */
	cardTemplateId?: string;
	locale: Locale;
	/** A session webhook this close to expiry is not used. */
	webhookMarginMs?: number;
}

/** Group conversations have open conversation ids starting with "cid"; anything else is a person. */
export const isGroupConversation = (id: string) => id.startsWith("cid");

function textOf(message: OutboundMessage, locale: Locale): string {
	if (!message.card) return message.text;
	return [message.text, cardAsText(message.card, locale)]
		.filter((part) => part !== "")
		.join("\n\n");
}

/** Users are @'d by id inside the text; DingTalk has no user groups, so those are named. */
function mentionText(mentions: Mention[], byId: boolean): string {
	return mentions
		.map((m) =>
			m.kind === "user" && byId
				? `@${m.externalId}`
				: `@${m.displayName ?? m.externalId}`,
		)
		.join(" ");
}

const usersOf = (mentions: Mention[]) =>
	mentions.filter((m) => m.kind === "user").map((m) => m.externalId);

export function createDingtalkSender(
	http: DingtalkHttp,
	options: DingtalkSendOptions,
) {
	const webhooks = new Map<string, SessionWebhook>();
	const margin = options.webhookMarginMs ?? 60_000;

	function webhookFor(conversationId: string): SessionWebhook | null {
		const hook = webhooks.get(conversationId);
		if (!hook) return null;
		if (hook.expiresAt - margin > Date.now()) return hook;
		webhooks.delete(conversationId);
		return null;
	}

	async function toPerson(userId: string, text: string): Promise<string> {
		if (options.agentId) {
			const answer = await http.oapi(
				"/topapi/message/corpconversation/asyncsend_v2",
				{
					agent_id: Number(options.agentId),
					userid_list: userId,
					msg: { msgtype: "text", text: { content: text } },
				},
			);
			return `notice-${String(answer.task_id ?? randomUUID())}`;
		}
		const answer = await http.api("POST", "/v1.0/robot/oToMessages/batchSend", {
			robotCode: options.robotCode,
			userIds: [userId],
			msgKey: "sampleText",
			msgParam: JSON.stringify({ content: text }),
		});
		return `robot-${String(answer.processQueryKey ?? randomUUID())}`;
	}

	async function card(message: OutboundMessage): Promise<string> {
		if (!message.card || !options.cardTemplateId)
			throw new Error("no card to send");
		const outTrackId = outTrackIdOf(message.conversationId, randomUUID());
		const users = usersOf(message.mentions);
		const lead = [mentionText(message.mentions, true), message.text]
			.filter(Boolean)
			.join(" ");
		await http.api("POST", "/v1.0/card/instances/createAndDeliver", {
			cardTemplateId: options.cardTemplateId,
			outTrackId,
			callbackType: "STREAM",
			cardData: {
				cardParamMap: cardParamMap(message.card, lead, options.locale),
			},
			openSpaceId: `dtv1.card//IM_GROUP.${message.conversationId}`,
			imGroupOpenSpaceModel: { supportForward: true },
			imGroupOpenDeliverModel: {
				robotCode: options.robotCode,
				...(users.length > 0
					? {
							atUserIds: Object.fromEntries(
								message.mentions
									.filter((m) => m.kind === "user")
									.map((m) => [m.externalId, m.displayName ?? m.externalId]),
							),
						}
					: {}),
			},
		});
		return outTrackId;
	}

	async function groupText(message: OutboundMessage): Promise<string> {
		const text = textOf(message, options.locale);
		const hook = webhookFor(message.conversationId);
		if (hook) {
			const users = usersOf(message.mentions);
			const content = [mentionText(message.mentions, true), text]
				.filter(Boolean)
				.join(" ");
			await http.webhook(hook.url, {
				msgtype: "text",
				text: { content },
				at: { atUserIds: users, isAtAll: false },
			});
			return `webhook-${randomUUID()}`;
		}
		const content = [mentionText(message.mentions, false), text]
			.filter(Boolean)
			.join(" ");
		const answer = await http.api("POST", "/v1.0/robot/groupMessages/send", {
			robotCode: options.robotCode,
			openConversationId: message.conversationId,
			msgKey: "sampleText",
			msgParam: JSON.stringify({ content }),
		});
		// The robot API cannot @: whoever should have been @'d hears it directly.
		for (const user of usersOf(message.mentions)) await toPerson(user, text);
		return `robot-${String(answer.processQueryKey ?? randomUUID())}`;
	}

	return {
		/** Remembers where to reply to a conversation, from the latest message in it. */
		remember(hook: SessionWebhook): void {
			webhooks.set(hook.conversationId, hook);
		},
		async send(message: OutboundMessage): Promise<SendResult> {
			if (message.replaces) {
				// Only our cards can change; a text status the platform cannot edit is left as it was.
				if (
					message.card &&
					options.cardTemplateId &&
					message.replaces.messageId.startsWith("qq.")
				) {
					await http.api("PUT", "/v1.0/card/instances", {
						outTrackId: message.replaces.messageId,
						cardData: {
							cardParamMap: cardParamMap(
								message.card,
								message.text,
								options.locale,
							),
						},
						cardUpdateOptions: { updateCardDataByKey: true },
					});
				}
				return { messageId: message.replaces.messageId };
			}
			if (!isGroupConversation(message.conversationId))
				return {
					messageId: await toPerson(
						message.conversationId,
						textOf(message, options.locale),
					),
				};
			if (message.card && options.cardTemplateId)
				return { messageId: await card(message) };
			return { messageId: await groupText(message) };
		},
	};
}
