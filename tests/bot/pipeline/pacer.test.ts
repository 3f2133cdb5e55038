import { afterAll, describe, expect, it } from "vitest";
import {
	createChatPacer,
	createPacing,
} from "../../../bot/pipeline/chat-pacer.ts";
import { contentFingerprint } from "../../../bot/pipeline/content-fingerprint.ts";
import { inboundJobId, outboundJobId } from "../../../bot/pipeline/job-ids.ts";
import { openRedis } from "../../../bot/pipeline/redis.ts";
import {
	capabilitiesOf,
	PLATFORM_CAPABILITIES,
} from "../../../bot/platform-capabilities.ts";
import { inbound } from "../../support/pipeline.ts";
import {
	forgetTestKeys,
	randomPrefix,
	TEST_REDIS,
} from "../../support/redis.ts";

const redis = openRedis(TEST_REDIS);
afterAll(async () => {
	await forgetTestKeys();
	await redis.quit();
});

describe("per-chat pacing", () => {
	it("spaces messages to one conversation by the minimum interval, and leaves other conversations alone", async () => {
		const pacer = createChatPacer(
			redis,
			randomPrefix(),
			createPacing({ chatIntervalMs: 60_000 }),
		);
		expect(await pacer.acquire("slack", "C1", "1")).toBe(0);
		const wait = await pacer.acquire("slack", "C1", "2");
		expect(wait).toBeGreaterThan(50_000);
		expect(wait).toBeLessThanOrEqual(60_000);
		expect(await pacer.peek("slack", "C1")).toBeGreaterThan(50_000);
		expect(await pacer.acquire("slack", "C2", "3")).toBe(0);
		expect(await pacer.acquire("wechat", "C1", "4")).toBe(0);
	});

	it("caps a WeChat group at N messages per window", async () => {
		const pacing = createPacing({ chatIntervalMs: 1, wechatGroupPerMinute: 3 });
		const pacer = createChatPacer(redis, randomPrefix(), pacing);
		const waits: number[] = [];
		for (const id of ["1", "2", "3", "4"]) {
			let wait = await pacer.acquire("wechat", "room@chatroom", id);
			// Only the 1 ms interval can make us wait here; the window is what we test.
			while (wait > 0 && wait <= 1)
				wait = await pacer.acquire("wechat", "room@chatroom", id);
			waits.push(wait);
		}
		expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
		expect(waits[3]).toBeGreaterThan(50_000);
		// Peeking takes no slot.
		const pacer2 = createChatPacer(redis, randomPrefix(), pacing);
		for (let i = 0; i < 5; i++)
			expect(await pacer2.peek("wechat", "room@chatroom")).toBe(0);
	});
});

describe("pacing by declared rate limits", () => {
	it("paces a group by the platform's per-group limit and a person by its per-person limit", async () => {
		const base = capabilitiesOf("wecom");
		const pacing = createPacing(
			{ chatIntervalMs: 1 },
			{
				...PLATFORM_CAPABILITIES,
				wecom: {
					...base,
					rateLimits: {
						minIntervalMs: 1,
						perGroup: { max: 2, windowMs: 60_000 },
						perPerson: { max: 3, windowMs: 60_000 },
					},
				},
			},
		);
		const pacer = createChatPacer(redis, randomPrefix(), pacing);
		async function taken(id: string, direct: boolean) {
			let wait = await pacer.acquire("wecom", id, randomPrefix(), direct);
			while (wait > 0 && wait <= 1)
				wait = await pacer.acquire("wecom", id, randomPrefix(), direct);
			return wait === 0;
		}
		const group = [];
		for (let i = 0; i < 3; i++) group.push(await taken("wrGROUP", false));
		const person = [];
		for (let i = 0; i < 4; i++) person.push(await taken("wangfang", true));
		expect(group).toEqual([true, true, false]);
		expect(person).toEqual([true, true, true, false]);
	});

	it("takes each platform's declared limits by default (WeCom's group bot: 20 a minute)", () => {
		expect(createPacing().wecom).toMatchObject({
			maxPerWindow: 20,
			windowMs: 60_000,
			direct: { maxPerWindow: 30, windowMs: 60_000 },
		});
		expect(createPacing().slack.maxPerWindow).toBeUndefined();
	});
});

describe("job ids", () => {
	it("are deterministic, contain no colon and are never a bare integer", () => {
		const ids = [
			inboundJobId("slack", "1712345678.000100"),
			inboundJobId("wechat", "wxid:abc:123"),
			inboundJobId("wechat", "42"),
			outboundJobId(42),
		];
		for (const id of ids) {
			expect(id).not.toContain(":");
			expect(id).not.toMatch(/^\d+$/);
		}
		expect(inboundJobId("wechat", "wxid:abc:123")).toBe(ids[1]);
		expect(inboundJobId("slack", "42")).not.toBe(inboundJobId("wechat", "42"));
		expect(inboundJobId("wechat", "a-b")).not.toBe(
			inboundJobId("wechat", "a_b"),
		);
	});
});

describe("content fingerprint", () => {
	it("is the same for the same person, group and text, whatever the spacing and width", () => {
		const a = inbound({ text: "工资 拖欠 ABC" });
		expect(contentFingerprint({ ...a, messageId: "other" })).toBe(
			contentFingerprint(a),
		);
		expect(contentFingerprint({ ...a, text: " 工资　拖欠  ａｂｃ " })).toBe(
			contentFingerprint(a),
		);
		expect(contentFingerprint({ ...a, text: "工资拖欠" })).not.toBe(
			contentFingerprint(a),
		);
		expect(contentFingerprint({ ...a, conversationId: "room-2" })).not.toBe(
			contentFingerprint(a),
		);
		expect(contentFingerprint({ ...a, text: "  " })).toBeNull();
		expect(
			contentFingerprint({
				...a,
				change: { kind: "edited", originalMessageId: "x" },
			}),
		).toBeNull();
	});

	it("differs when the same word replies to a different message (受理 on two issues)", () => {
		const a = inbound({ text: "受理", replyTo: { messageId: "m-issue-12" } });
		const b = {
			...a,
			messageId: "other",
			replyTo: { messageId: "m-issue-13" },
		};
		expect(contentFingerprint(b)).not.toBe(contentFingerprint(a));
		// WeChat quotes carry only the quoted text.
		const q1 = inbound({
			text: "受理",
			replyTo: { quotedText: "#12 工资拖欠" },
		});
		const q2 = { ...q1, replyTo: { quotedText: "#13 道路施工" } };
		expect(contentFingerprint(q2)).not.toBe(contentFingerprint(q1));
		// A redelivery of the same reply is still the same content.
		expect(contentFingerprint({ ...b, messageId: "third" })).toBe(
			contentFingerprint(b),
		);
		expect(contentFingerprint({ ...a, replyTo: undefined })).not.toBe(
			contentFingerprint(a),
		);
	});
});
