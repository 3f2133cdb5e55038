/**
 * The contract every ChatAdapter passes. An adapter's test calls
 * `runAdapterContract(name, makeHarness)` with a harness that drives the platform (or the platform's
 * own test double) from the outside: users post, the bot's own account posts, the platform
 * redelivers, and we read back what the platform shows the bot sent.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChatAdapter, InboundSink } from "../../bot/adapter.ts";
import type { InboundMessage, IssueCard } from "../../bot/messages.ts";
import { adaptOutbound } from "../../bot/pipeline/outbound-adapt.ts";
import { capabilitiesOf } from "../../bot/platform-capabilities.ts";

export interface HarnessUser {
	externalId: string;
	displayName: string;
}

export interface SentOnPlatform {
	text: string;
	mentionedIds: string[];
	conversationId: string;
	/** The labels of the buttons shown with the message, where the harness can read them. */
	buttons?: string[];
}

/**
 * One fresh platform conversation with two human members and the bot. The suite starts
 * `adapter` with its recorder, waits for `ready()`, and stops it through `close()`.
 */
export interface AdapterHarness {
	adapter: ChatAdapter;
	/** Resolves once the started adapter is connected (logged in) and can send and receive. */
	ready(): Promise<void>;
	/** The group conversation the users post in. */
	conversationId: string;
	/** An enterprise member. */
	userA: HarnessUser;
	/** An official. */
	userB: HarnessUser;
	/** A platform user posts in the conversation, mentioning `mentions` the platform's way. */
	postAs(
		user: HarnessUser,
		text: string,
		opts?: { mentions?: HarnessUser[] },
	): Promise<void>;
	/** The bot's own account posts in the conversation (as if from a phone logged into it). */
	postAsBot(text: string): Promise<void>;
	/** The platform delivers the last user message again, with the same id. */
	redeliverLast(): Promise<void>;
	/** What the platform shows the bot's account sent, oldest first. */
	sent(): Promise<SentOnPlatform[]>;
	/**
	 * A user posts in the group without mentioning the bot. Only for a platform that does not give the
	 * bot such messages: the harness posts as the platform would, and the suite checks nothing arrives.
	 */
	postUnmentioned?(user: HarnessUser, text: string): Promise<void>;
	/** Stops the adapter and releases everything the harness opened. */
	close(): Promise<void>;
}

export interface SinkRecorder {
	sink: InboundSink;
	messages: InboundMessage[];
	/** Waits until a delivered message matches, and returns it. */
	waitFor(
		match: (message: InboundMessage) => boolean,
		what: string,
	): Promise<InboundMessage>;
}

export function createSinkRecorder(): SinkRecorder {
	const messages: InboundMessage[] = [];
	return {
		messages,
		async sink(message) {
			messages.push(message);
		},
		waitFor(match, what) {
			return vi.waitFor(
				() => {
					const found = messages.find(match);
					if (!found) throw new Error(`no inbound message: ${what}`);
					return found;
				},
				{ timeout: 10_000, interval: 10 },
			);
		},
	};
}

export function runAdapterContract(
	name: string,
	makeHarness: () => Promise<AdapterHarness>,
): void {
	describe(`${name}: adapter contract`, () => {
		let harness: AdapterHarness;
		let inbox: SinkRecorder;

		beforeEach(async () => {
			harness = await makeHarness();
			inbox = createSinkRecorder();
			await harness.adapter.start(inbox.sink);
			await harness.ready();
		});

		afterEach(async () => {
			await harness.close();
		});

		const withText = (text: string) => (message: InboundMessage) =>
			message.text === text;

		it("delivers a user's message with platform, ids, author and text", async () => {
			await harness.postAs(harness.userA, "厂区东侧道路积水，货车进不来");

			const message = await inbox.waitFor(
				withText("厂区东侧道路积水，货车进不来"),
				"userA's message",
			);
			expect(message).toMatchObject({
				platform: harness.adapter.platform,
				conversationId: harness.conversationId,
				direct: false,
				author: { externalId: harness.userA.externalId, isBot: false },
				mentions: [],
				attachments: [],
			});
			expect(message.messageId).toEqual(expect.any(String));
			expect(message.messageId).not.toBe("");
			expect(Number.isNaN(Date.parse(message.sentAt))).toBe(false);
		});

		it("never delivers the bot's own messages", async () => {
			await harness.postAsBot("收到，已转人社局办理");
			await harness.postAs(harness.userA, "谢谢");
			await inbox.waitFor(withText("谢谢"), "the message after the bot's");

			expect((await harness.sent()).map((m) => m.text)).toContain(
				"收到，已转人社局办理",
			);
			expect(inbox.messages.map((m) => m.text)).not.toContain(
				"收到，已转人社局办理",
			);
		});

		it("sends to the conversation an inbound message came from", async () => {
			await harness.postAs(harness.userA, "用电报装进度怎么样了？");
			const inbound = await inbox.waitFor(
				withText("用电报装进度怎么样了？"),
				"the question",
			);

			const result = await harness.adapter.send({
				platform: harness.adapter.platform,
				conversationId: inbound.conversationId,
				text: "已催办供电公司",
				mentions: [],
			});

			expect(result.messageId).toEqual(expect.any(String));
			const sent = await harness.sent();
			expect(sent).toContainEqual(
				expect.objectContaining({
					conversationId: harness.conversationId,
					text: expect.stringContaining("已催办供电公司"),
				}),
			);
		});

		it("declares its capabilities, the same the bot plans its messages by", () => {
			const declared = harness.adapter.capabilities;
			expect(declared).toBe(capabilitiesOf(harness.adapter.platform));
			expect(["by_id", "in_reply_only", "none"]).toContain(
				declared.groupMentions,
			);
			expect(["thread", "quote", "none"]).toContain(declared.replies);
			expect(declared.rateLimits.minIntervalMs).toBeGreaterThan(0);
		});

		const mentionBoth = () =>
			[harness.userA, harness.userB].map((user) => ({
				externalId: user.externalId,
				kind: "user" as const,
				displayName: user.displayName,
			}));

		it("mentions people the way it declares: by id, or by name with a direct message to each", async () => {
			const { message, directMessages } = adaptOutbound(
				{
					platform: harness.adapter.platform,
					conversationId: harness.conversationId,
					text: "请今天内答复",
					mentions: mentionBoth(),
				},
				harness.adapter.capabilities,
			);
			await harness.adapter.send(message);

			const sent = (await harness.sent()).find((m) =>
				m.text.includes("请今天内答复"),
			);
			if (harness.adapter.capabilities.groupMentions === "by_id") {
				expect(directMessages).toEqual([]);
				expect(sent?.mentionedIds.slice().sort()).toEqual(
					[harness.userA.externalId, harness.userB.externalId].sort(),
				);
				return;
			}
			// It cannot mention in the group: names in the text, each person told directly.
			expect(sent?.mentionedIds).toEqual([]);
			expect(sent?.text).toContain(`@${harness.userB.displayName}`);
			expect(directMessages.map((dm) => dm.externalId).sort()).toEqual(
				[harness.userA.externalId, harness.userB.externalId].sort(),
			);
			for (const dm of directMessages)
				await expect(harness.adapter.send(dm.message)).resolves.toEqual({
					messageId: expect.any(String),
				});
		});

		it("shows a card as buttons where it declares cards, else as the commands to type", async () => {
			const card: IssueCard = {
				issueNumber: "2026-000042",
				title: "厂区道路积水",
				state: "dispatched",
				stateLabel: "已派单",
				colour: "green",
				actions: [{ command: "受理", label: "受理" }],
			};
			const { message } = adaptOutbound(
				{
					platform: harness.adapter.platform,
					conversationId: harness.conversationId,
					text: "已登记",
					mentions: [],
					card,
				},
				harness.adapter.capabilities,
			);
			await harness.adapter.send(message);

			const sent = (await harness.sent()).find((m) =>
				m.text.includes("已登记"),
			);
			expect(sent).toBeDefined();
			if (!harness.adapter.capabilities.cardsWithButtons) {
				expect(sent?.text).toContain("#2026-000042 受理");
			} else if (sent?.buttons !== undefined) {
				expect(sent.buttons).toContain("受理");
			}
		});

		it("delivers a user's mentions as data, where the platform gives them", async () => {
			if (!harness.adapter.capabilities.receivesMentionsAsData) return;
			await harness.postAs(harness.userA, "这个归您管吗", {
				mentions: [harness.userB],
			});

			const message = await inbox.waitFor(
				(m) => m.text.includes("这个归您管吗"),
				"the message mentioning userB",
			);
			expect(message.mentions.map((m) => m.externalId)).toEqual([
				harness.userB.externalId,
			]);
		});

		it("is not given group messages that do not mention it, where it declares so", async () => {
			if (harness.adapter.capabilities.receivesUnmentionedGroupMessages) return;
			if (!harness.postUnmentioned)
				throw new Error(
					"a platform that hides unmentioned messages needs postUnmentioned in its harness",
				);
			await harness.postUnmentioned(harness.userA, "大家中午好");
			await harness.postAs(harness.userA, "停电了");
			await inbox.waitFor(withText("停电了"), "the message that mentions it");
			expect(inbox.messages.map((m) => m.text)).not.toContain("大家中午好");
		});

		it("keeps the message id when the platform redelivers a message", async () => {
			await harness.postAs(harness.userA, "招工难，急需50名普工");
			await inbox.waitFor(
				withText("招工难，急需50名普工"),
				"the first delivery",
			);

			await harness.redeliverLast();

			const copies = await vi.waitFor(
				() => {
					const found = inbox.messages.filter(withText("招工难，急需50名普工"));
					if (found.length < 2) throw new Error("no redelivery yet");
					return found;
				},
				{ timeout: 10_000, interval: 10 },
			);
			expect(copies.map((m) => m.messageId)).toEqual([
				copies[0]?.messageId,
				copies[0]?.messageId,
			]);
		});
	});
}
