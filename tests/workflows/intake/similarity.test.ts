import { describe, expect, it } from "vitest";
import { findSimilarIssue } from "../../../workflows/intake/similar-issue.ts";

const open = [
	{
		id: 1,
		text: "园区门口公交车太少，员工上下班不方便",
		categoryCode: "transport",
		enterpriseId: 10,
	},
	{
		id: 2,
		text: "去年的技改补贴还没有兑现",
		categoryCode: "policy",
		enterpriseId: 11,
	},
	{
		id: 3,
		text: "园区门口红绿灯坏了，车辆进出不方便",
		categoryCode: "transport",
		enterpriseId: 12,
	},
	{
		id: 4,
		text: "人才奖励资金申请后没有下文",
		categoryCode: "policy",
		enterpriseId: 13,
	},
];

describe("one class of things: similar open issues from other enterprises", () => {
	it("links the same problem in other words", () => {
		const match = findSimilarIssue(
			{
				text: "公交班次太少了，园区员工上下班很不方便",
				categoryCode: "transport",
				enterpriseId: 20,
			},
			open,
		);
		expect(match?.issue.id).toBe(1);
		expect(match?.similarity).toBeGreaterThan(0.5);
	});

	it("links 技改补贴 not paid to the open 技改补贴 issue, not to another policy issue", () => {
		expect(
			findSimilarIssue(
				{ text: "技改补贴一直没兑现，请问什么时候发", categoryCode: "policy" },
				open,
			)?.issue.id,
		).toBe(2);
	});

	it("a different problem in the same category is not linked", () => {
		expect(
			findSimilarIssue(
				{ text: "厂区门口道路塌陷，货车进不来", categoryCode: "transport" },
				open,
			),
		).toBeNull();
	});

	it("the same words in another category are not linked", () => {
		expect(
			findSimilarIssue(
				{
					text: "园区门口公交车太少，员工上下班不方便",
					categoryCode: "housing",
				},
				open,
			),
		).toBeNull();
	});

	it("an uncategorised message is never linked", () => {
		expect(
			findSimilarIssue(
				{ text: "园区门口公交车太少，员工上下班不方便", categoryCode: null },
				open,
			),
		).toBeNull();
	});

	it("the same enterprise's own issue is a follow-up, not one class of things", () => {
		const text = "园区门口公交车太少，员工上下班不方便";
		expect(
			findSimilarIssue(
				{ text, categoryCode: "transport", enterpriseId: 10 },
				open,
			),
		).toBeNull();
		expect(
			findSimilarIssue(
				{ text, categoryCode: "transport", enterpriseId: 99 },
				open,
			)?.similarity,
		).toBe(1);
	});

	it("picks the best of several matches", () => {
		const twice = [
			...open,
			{
				id: 5,
				text: "园区公交车太少",
				categoryCode: "transport",
				enterpriseId: 14,
			},
		];
		expect(
			findSimilarIssue(
				{ text: "园区公交车太少，很不方便", categoryCode: "transport" },
				twice,
			)?.issue.id,
		).toBe(5);
	});
});
