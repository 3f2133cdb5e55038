import { describe, expect, it } from "vitest";
import {
	cleanText,
	contentOf,
	foldWidth,
	normalizeText,
} from "../../../workflows/intake/normalize-text.ts";

describe("normalizeText", () => {
	it.each([
		["＃１２　受理", "#12 受理"],
		["办结：已处理（见附件）", "办结:已处理(见附件)"],
		["ＡＢＣ－１２３", "ABC-123"],
		["  多个   空格\t\t和制表符  ", "多个 空格 和制表符"],
		["第一行  \n\n\n  第二行", "第一行\n第二行"],
		["零\u200B宽\u200C字\u200D符\uFEFF", "零宽字符"],
		["\u202E反向\u202C \u2067隔离\u2069 \u200F标记", "反向 隔离 标记"],
		["⾦额", "金额"], // Kangxi radical ⾦ (U+2F26) is the ideograph 金
		["ｶﾀｶﾅ", "カタカナ"],
	])("%j → %j", (input, expected) => {
		expect(normalizeText(input)).toBe(expected);
	});

	it("leaves meaningful compatibility characters alone", () => {
		expect(normalizeText("厂房面积 500m²，①号楼…")).toBe(
			"厂房面积 500m²,①号楼…",
		);
	});

	it("handles 10 000 characters of mixed junk", () => {
		const input = "＃１２\u200B\u202E 受理　".repeat(1000);
		const out = normalizeText(input);
		expect(out.startsWith("#12 受理 #12 受理")).toBe(true);
		expect(out).not.toMatch(/[\u200B\u202E\u3000]/);
	});
});

describe("the other forms", () => {
	it("cleanText keeps the writer's punctuation", () => {
		expect(cleanText(" 已处理，\u200B线路已恢复！ ")).toBe(
			"已处理，线路已恢复！",
		);
	});

	it("foldWidth keeps offsets", () => {
		const s = "＃１２　办结：已处理，好";
		expect(foldWidth(s)).toHaveLength(s.length);
		expect(foldWidth(s)).toBe("#12 办结:已处理,好");
	});

	it("contentOf drops emoji, emoticons and punctuation", () => {
		expect(contentOf(normalizeText("好的👍🏻 [抱拳] 收到！！OK"))).toBe(
			"好的收到ok",
		);
		expect(contentOf(normalizeText("👨‍👩‍👧🇨🇳1️⃣"))).toBe("1");
	});
});
