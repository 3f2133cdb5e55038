import { describe, expect, it } from "vitest";
import type { PlatformCapabilities } from "../../../bot/capabilities.ts";
import type { OutboundMessage } from "../../../bot/messages.ts";
import { adaptOutbound } from "../../../bot/pipeline/outbound-adapt.ts";
import { capabilitiesOf } from "../../../bot/platform-capabilities.ts";

const everything = capabilitiesOf("playground");
const limited: PlatformCapabilities = {
	...everything,
	groupMentions: "none",
	replies: "none",
	cardsWithButtons: false,
	editsSentMessages: false,
};

const message: OutboundMessage = {
	platform: "playground",
	conversationId: "group-1",
	text: "请人社局受理",
	mentions: [
		{ externalId: "O-wang", kind: "user", displayName: "王芳" },
		{ externalId: "D-hr", kind: "user_group", displayName: "人社局" },
	],
	replyTo: { messageId: "m-1" },
	quotes: "招工难，急需50名普工，请政府帮忙对接劳务市场",
	card: {
		issueNumber: "2026-000012",
		title: "招工难",
		state: "dispatched",
		stateLabel: "已派单",
		colour: "green",
		actions: [{ command: "受理", label: "受理" }],
	},
	replaces: { messageId: "m-0" },
};

describe("a message shaped to what its platform declares", () => {
	it("is left as it is where the platform can do everything", () => {
		expect(adaptOutbound(message, everything)).toEqual({
			message,
			directMessages: [],
		});
	});

	it("degrades: card to commands, thread to quote, edit to a new post, mentions to names and direct messages", () => {
		const { message: group, directMessages } = adaptOutbound(message, limited);
		expect(group.card).toBeUndefined();
		expect(group.replaces).toBeUndefined();
		expect(group.mentions).toEqual([]);
		expect(group.text).toBe(
			"@王芳 @人社局 「招工难，急需50名普工，请政府帮忙对接劳务市场」\n请人社局受理\n\n🟢 #2026-000012 招工难\n已派单\n▸ 受理：#2026-000012 受理",
		);
		// Only a person can be written to; a department's handle cannot.
		expect(directMessages).toEqual([
			{
				externalId: "O-wang",
				message: {
					platform: "playground",
					conversationId: "O-wang",
					text: "「招工难，急需50名普工，请政府帮忙对接劳务市场」\n请人社局受理\n\n🟢 #2026-000012 招工难\n已派单\n▸ 受理：#2026-000012 受理",
					mentions: [],
					direct: true,
				},
			},
		]);
	});

	it("mentions by id on the route that can, even where the platform's groups cannot", () => {
		const webhook = {
			...limited,
			mentionsByIdWhereConversationStartsWith: "webhook:",
		};
		const { message: group, directMessages } = adaptOutbound(
			{ ...message, conversationId: "webhook:renshe" },
			webhook,
		);
		expect(group.mentions).toHaveLength(2);
		expect(directMessages).toEqual([]);
	});

	it("mentions inside a reply only where that is all the platform allows", () => {
		const inReply = { ...everything, groupMentions: "in_reply_only" as const };
		const { replyTo: _, ...topLevel } = message;
		expect(adaptOutbound(message, inReply).directMessages).toEqual([]);
		expect(
			adaptOutbound(topLevel, inReply).directMessages.map(
				(dm) => dm.externalId,
			),
		).toEqual(["O-wang"]);
	});
});
