/** Texts of the cards drawn by adapters without Slack's blocks (DingTalk, Feishu), and their text fallback. */
import { defineTexts } from "./catalog.ts";

export type ChatCardTextKey =
	| "card_category"
	| "card_department"
	| "card_due"
	| "rate_good"
	| "rate_fair"
	| "rate_poor"
	| "card_commands"
	| "card_input_placeholder";

export const chatCardText = defineTexts<ChatCardTextKey>({
	"zh-CN": {
		card_category: "类别",
		card_department: "牵头单位",
		card_due: "办理期限",
		rate_good: "满意",
		rate_fair: "基本满意",
		rate_poor: "不满意",
		card_commands: "可回复（先 @我）：{commands}",
		card_input_placeholder: "补充内容（办结说明、转给哪个单位、原因）",
	},
	en: {
		card_category: "Category",
		card_department: "Lead department",
		card_due: "Due",
		rate_good: "Satisfied",
		rate_fair: "Fair",
		rate_poor: "Not satisfied",
		card_commands: "Reply (mention me first): {commands}",
		card_input_placeholder:
			"Details (what was done, which department, the reason)",
	},
});
