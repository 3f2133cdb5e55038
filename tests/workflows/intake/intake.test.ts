import { describe, expect, it } from "vitest";
import type { Attachment } from "../../../bot/messages.ts";
import { classifyMessage } from "../../../workflows/intake/classify-message.ts";
import type {
	CategoryRule,
	RoutingRules,
} from "../../../workflows/intake/routing-types.ts";

const category = (
	code: string,
	name: string,
	keywords: string[],
): CategoryRule => ({
	code,
	name,
	keywords,
	leadDepartmentId: null,
	coDepartmentIds: [],
});

/** A small directory of the categories in docs/domain.md, written for these tests. */
const rules: RoutingRules = {
	categories: [
		category("labour", "用工", [
			"招工",
			"用工",
			"工人",
			"招聘",
			"社保",
			"技术工人",
			"缺工",
		]),
		category("power", "用电", [
			"停电",
			"用电",
			"电力",
			"变压器",
			"增容",
			"电压",
			"电",
		]),
		category("water", "用水", [
			"停水",
			"用水",
			"水压",
			"自来水",
			"供水",
			"排水",
		]),
		category("land", "用地", [
			"用地",
			"土地",
			"厂房",
			"地块",
			"规划",
			"不动产",
		]),
		category("finance", "融资", ["融资", "贷款", "银行", "担保", "资金"]),
		category("approvals", "审批", [
			"审批",
			"许可证",
			"办证",
			"营业执照",
			"环评",
			"施工许可",
		]),
		category("transport", "交通", [
			"公交",
			"交通",
			"道路",
			"班车",
			"红绿灯",
			"货车",
		]),
		category("security", "治安", [
			"治安",
			"偷盗",
			"盗窃",
			"派出所",
			"监控",
			"报警",
		]),
		category("telecom", "通讯", ["信号", "宽带", "5G", "网络", "基站"]),
		category("schooling", "子女入学", [
			"入学",
			"上学",
			"学位",
			"子女",
			"幼儿园",
		]),
		category("housing", "住房", ["住房", "宿舍", "人才公寓", "租房", "公租房"]),
		category("policy", "政策兑现", ["补贴", "奖励", "兑现", "政策", "奖补"]),
	],
	urgencyWords: {
		urgent: ["紧急", "急", "马上", "尽快", "停产"],
		complex: ["多个部门", "历史遗留", "复杂"],
	},
	intake: {
		chatterPhrases: [
			"您好",
			"你好",
			"大家好",
			"好的",
			"好",
			"收到",
			"谢谢",
			"感谢",
			"辛苦了",
			"领导",
			"各位",
			"老师",
			"ok",
		],
		minIssueLength: 6,
		followUpWindowMinutes: 30,
		triageDigestMinutes: 60,
	},
	examples: [],
};

const classify = (text: string, attachments: Attachment[] = []) =>
	classifyMessage({ text, attachments }, rules);

describe("chatter is not an issue", () => {
	it.each([
		["好的👍", "greeting"],
		["收到！", "greeting"],
		["谢谢领导", "greeting"],
		["好的，收到，谢谢各位领导！", "greeting"],
		["ＯＫ", "greeting"],
		["您好[抱拳]", "greeting"],
		["辛苦了🙏🙏", "greeting"],
		["👍👍👍", "emoji_only"],
		["[强][强]", "emoji_only"],
		["", "empty"],
		["。。。", "empty"],
		["明天见", "too_short"],
		["在吗？", "too_short"],
		["\u200B\u200F\u202E", "empty"],
	])("%s → %s", (text, reason) => {
		expect(classify(text)).toEqual({
			kind: "chatter",
			reason,
			confidence: null,
		});
	});

	it("a sticker alone, an image alone", () => {
		expect(classify("", [{ kind: "sticker" }])).toEqual({
			kind: "chatter",
			reason: "sticker",
			confidence: null,
		});
		expect(classify("", [{ kind: "image" }])).toEqual({
			kind: "chatter",
			reason: "attachment_only",
			confidence: null,
		});
		expect(classify("👍", [{ kind: "file", name: "营业执照.pdf" }])).toEqual({
			kind: "chatter",
			reason: "attachment_only",
			confidence: null,
		});
	});

	it("a message with a problem and a photo is an issue", () => {
		expect(
			classify("厂区门口道路塌陷，货车进不来", [{ kind: "image" }]),
		).toMatchObject({
			kind: "issue",
			categoryCode: "transport",
		});
	});
});

describe("each category is recognised from a realistic message", () => {
	it.each([
		["我们公司最近招工难，缺少技术工人，希望人社局帮忙对接", "labour"],
		["厂区这周已经停电三次了，变压器容量不够，申请增容", "power"],
		["园区自来水水压太低，三楼车间用水不正常", "water"],
		["扩建厂房的用地指标什么时候能批下来？地块规划还没调整", "land"],
		["企业流动资金紧张，想申请贷款，银行要求担保", "finance"],
		["施工许可证审批已经提交一个月了还没结果", "approvals"],
		["园区门口公交车太少，员工上下班不方便", "transport"],
		["最近厂区晚上发生两次盗窃，希望派出所加强巡逻", "security"],
		["厂区5G信号很差，宽带也经常断", "telecom"],
		["外地员工子女入学问题，孩子上学找不到学位", "schooling"],
		["新招的大学生没有宿舍，能否申请人才公寓", "housing"],
		["去年的技改补贴还没有兑现，请问什么时候发放", "policy"],
	])("%s → %s", (text, code) => {
		expect(classify(text)).toMatchObject({ kind: "issue", categoryCode: code });
	});

	it("reports the keywords it matched, as written in the rules", () => {
		expect(classify("厂区这周已经停电三次了，变压器容量不够")).toMatchObject({
			matchedKeywords: ["停电", "变压器"],
		});
	});

	it("a one-character keyword counts only as a word: 电话 is not 用电", () => {
		expect(classify("打了好几次电话都没人接，事情一直没人管")).toMatchObject({
			kind: "issue",
			categoryCode: null,
			matchedKeywords: [],
		});
	});

	it("ties go to the category listed first", () => {
		// 用工 and 住房 score one word each.
		expect(classify("工人反映住房条件差")).toMatchObject({
			categoryCode: "labour",
		});
	});

	it("full-width and zero-width characters do not hide keywords", () => {
		expect(classify("厂区５Ｇ信\u200B号很差，影响生产")).toMatchObject({
			categoryCode: "telecom",
		});
	});
});

describe("urgency", () => {
	it.each([
		["厂区突然停电，生产线全部停产，请尽快处理", "urgent"],
		["厂房用地涉及历史遗留问题，需要多个部门协调", "complex"],
		["历史遗留的用地问题，现在工地停产了，很急", "urgent"],
		["去年的技改补贴还没有兑现，请问什么时候发放", "normal"],
		["不急，想咨询一下技改补贴的申报时间", "normal"],
	])("%s → %s", (text, urgency) => {
		expect(classify(text)).toMatchObject({ kind: "issue", urgency });
	});
});

describe("title", () => {
	it("is the first sentence, skipping a greeting, with the writer's punctuation", () => {
		expect(
			classify("领导好！厂区这周停电三次了。变压器容量不够。"),
		).toMatchObject({ title: "厂区这周停电三次了" });
		expect(
			classify("您好\n园区门口公交车太少，员工上下班不方便"),
		).toMatchObject({
			title: "园区门口公交车太少，员工上下班不方便",
		});
	});

	it("leaves out a greeting set off by a comma (各位领导好，…)", () => {
		expect(
			classify("各位领导好，我们厂区这周三次停电，生产线停产"),
		).toMatchObject({ title: "我们厂区这周三次停电，生产线停产" });
		expect(classify("王局您好, 厂区门口道路塌陷，货车进不来")).toMatchObject({
			title: "厂区门口道路塌陷，货车进不来",
		});
		expect(classify("大家好～园区路灯坏了一个月了")).toMatchObject({
			title: "园区路灯坏了一个月了",
		});
		expect(classify("信号不好，厂区5G基站经常断网")).toMatchObject({
			title: "信号不好，厂区5G基站经常断网",
		});
	});

	it("is cut to 30 characters with an ellipsis", () => {
		const result = classify(
			`${"我们厂区门口的道路年久失修坑洼不平".repeat(4)}。`,
		);
		expect(result.kind === "issue" && result.title).toBe(
			`${"我们厂区门口的道路年久失修坑洼不平".repeat(2).slice(0, 30)}…`,
		);
	});
});

describe("hostile input", () => {
	it("a 10 000-character message is classified, with a short title", () => {
		const text = "厂区停电影响生产，".repeat(1112);
		expect(text.length).toBeGreaterThanOrEqual(10_000);
		const result = classify(text);
		expect(result).toMatchObject({ kind: "issue", categoryCode: "power" });
		expect(
			result.kind === "issue" && Array.from(result.title).length,
		).toBeLessThanOrEqual(31);
	});

	it("10 000 emoji are emoji only", () => {
		expect(classify("😀".repeat(10_000))).toEqual({
			kind: "chatter",
			reason: "emoji_only",
			confidence: null,
		});
	});

	it("right-to-left overrides and isolates are ignored", () => {
		expect(classify("\u202E收到\u202C")).toEqual({
			kind: "chatter",
			reason: "greeting",
			confidence: null,
		});
		expect(classify("\u2067厂区停电\u2069，变压器容量不够")).toMatchObject({
			categoryCode: "power",
			title: "厂区停电，变压器容量不够",
		});
	});

	it("emoji inside a problem do not stop it being one", () => {
		expect(classify("😭😭厂区又停电了，变压器容量不够😭")).toMatchObject({
			kind: "issue",
			categoryCode: "power",
		});
	});
});
