import { describe, expect, it } from "vitest";
import {
	parseWechatMessage,
	type WechatMessageFields,
} from "../../adapters/wechat/parse.ts";
import { renderWechatText } from "../../adapters/wechat/render.ts";

// Fields as extract.ts pulls them from a puppet-service room message.
const roomText: WechatMessageFields = {
	id: "7305916383829274881",
	type: "Text",
	text: "",
	roomId: "25183925693@chatroom",
	roomTopic: "三元区工业企业服务群",
	talkerId: "wxid_zhangsan01",
	talkerName: "张三-华兴机械",
	self: { id: "wxid_qinqingbot", name: "亲清助手", roomAlias: "企服小助手" },
	mentions: [],
	sentAtMs: Date.UTC(2024, 3, 8, 1, 30),
};

const parse = (fields: Partial<WechatMessageFields>) =>
	parseWechatMessage({ ...roomText, ...fields });

describe("parseWechatMessage", () => {
	it("maps a room message to the group, its author and the time", () => {
		expect(parse({ text: "您好" })).toEqual({
			platform: "wechat",
			messageId: "7305916383829274881",
			conversationId: "25183925693@chatroom",
			conversationTitle: "三元区工业企业服务群",
			direct: false,
			author: {
				externalId: "wxid_zhangsan01",
				displayName: "张三-华兴机械",
				isBot: false,
			},
			text: "您好",
			mentions: [],
			attachments: [],
			sentAt: "2024-04-08T01:30:00.000Z",
		});
	});

	it("uses the talker as the conversation of a direct message", () => {
		const message = parse({
			roomId: undefined,
			roomTopic: undefined,
			text: "在吗",
		});
		expect(message.direct).toBe(true);
		expect(message.conversationId).toBe("wxid_zhangsan01");
		expect(message.conversationTitle).toBeUndefined();
	});

	it("removes the bot's mention by its room nickname or its name, wherever it stands", () => {
		const bot = {
			id: "wxid_qinqingbot",
			name: "亲清助手",
			roomAlias: "企服小助手",
		};
		expect(
			parse({ text: "@企服小助手\u2005用工缺口50人", mentions: [bot] }).text,
		).toBe("用工缺口50人");
		expect(
			parse({ text: "用工缺口50人 @亲清助手", mentions: [bot] }).text,
		).toBe("用工缺口50人");
		expect(
			parse({ text: "问一下@亲清助手\u2005用地指标", mentions: [bot] }).text,
		).toBe("问一下用地指标");
	});

	it("keeps other mentions in the text and lists every mention as data", () => {
		const message = parse({
			text: "@企服小助手\u2005@王科长\u2005@赵工\u2005停电了",
			mentions: [
				{ id: "wxid_qinqingbot", name: "亲清助手", roomAlias: "企服小助手" },
				{ id: "wxid_wang", name: "王建国", roomAlias: "王科长" },
				{ id: "wxid_zhao", name: "赵工" },
			],
		});
		expect(message.text).toBe("@王科长\u2005@赵工\u2005停电了");
		expect(message.mentions).toEqual([
			{
				externalId: "wxid_qinqingbot",
				kind: "user",
				displayName: "企服小助手",
			},
			{ externalId: "wxid_wang", kind: "user", displayName: "王科长" },
			{ externalId: "wxid_zhao", kind: "user", displayName: "赵工" },
		]);
	});

	it("leaves text without a bot mention exactly as written, invisible characters included", () => {
		const text = "\u200b 厂区\u202e积水 ";
		expect(parse({ text }).text).toBe(text);
	});

	it("does not treat a name with regex characters as a pattern", () => {
		const self = { id: "wxid_qinqingbot", name: "亲清(测试)+" };
		expect(
			parse({ self, text: "@亲清(测试)+\u2005你好", mentions: [self] }).text,
		).toBe("你好");
		expect(parse({ self, text: "@亲清测试\u2005你好" }).text).toBe(
			"@亲清测试\u2005你好",
		);
	});

	it("splits a quote reply, with either colon, and strips the bot mention from the reply", () => {
		const message = parse({
			text: "「王科长：请问是哪个园区？」\n- - - - - - - - - - - - - - -\n@企服小助手\u2005经开区二期",
		});
		expect(message.text).toBe("经开区二期");
		expect(message.replyTo).toEqual({ quotedText: "请问是哪个园区？" });

		expect(
			parse({
				text: "「Wang:which park?」\n- - - - - - - - - - - - - - -\nphase two",
			}).replyTo,
		).toEqual({ quotedText: "which park?" });
	});

	it("keeps a multi-line quote whole", () => {
		const message = parse({
			text: "「李主任：1. 营业执照\n2. 用地红线图」\n- - - - - - - - - - - - - - -\n都准备好了",
		});
		expect(message.replyTo?.quotedText).toBe("1. 营业执照\n2. 用地红线图");
		expect(message.text).toBe("都准备好了");
	});

	it("leaves text that only looks like a quote alone", () => {
		const text = "「通知」今天下午三点开会";
		expect(parse({ text }).text).toBe(text);
		expect(parse({ text }).replyTo).toBeUndefined();
	});

	it.each([
		["Image", "image"],
		["Attachment", "file"],
		["Audio", "audio"],
		["Video", "video"],
		["Emoticon", "sticker"],
		["Url", "link"],
		["MiniProgram", "other"],
		["Unknown", "other"],
	] as const)("turns a %s message into a %s placeholder", (type, kind) => {
		const message = parse({ type, text: '<msg><img cdnurl="…"/></msg>' });
		expect(message.text).toBe("");
		expect(message.attachments).toEqual([{ kind }]);
	});

	it("turns a recall into a deletion of the original message", () => {
		const message = parse({ type: "Recalled", text: "7305916383829274000" });
		expect(message.change).toEqual({
			kind: "deleted",
			originalMessageId: "7305916383829274000",
		});
		expect(message.text).toBe("");
	});
});

describe("renderWechatText", () => {
	const base = {
		platform: "wechat" as const,
		conversationId: "25183925693@chatroom",
		mentions: [],
	};

	it("sends the text as it is when there is no card", () => {
		expect(renderWechatText({ ...base, text: "收到" })).toBe("收到");
	});

	it("renders a card alone, leaving out the facts it does not have", () => {
		expect(
			renderWechatText({
				...base,
				text: "",
				card: {
					issueNumber: "SY-0003",
					title: "Power outage",
					state: "overdue",
					stateLabel: "Overdue",
					colour: "red",
					category: "Power",
					dueAt: "2024-04-30T16:30:00.000Z",
					actions: [],
				},
			}),
		).toBe("🔴 #SY-0003 Power outage\nOverdue · Power · 2024-05-01 00:30");
	});
});
