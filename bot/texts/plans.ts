/** Texts of plans and milestones, and of the cadence to the enterprise (一月一通报). */
import { defineTexts } from "./catalog.ts";

export const planText = defineTexts<
	| "measures_line"
	| "units_line"
	| "milestone_line"
	| "monthly_header"
	| "monthly_line"
	| "monthly_footer"
>({
	"zh-CN": {
		measures_line: "措施：{measures}",
		units_line: "责任单位：{units}",
		milestone_line: "节点 {position}：{day} {title}{unit}",
		monthly_header:
			"【{month} 问题办理月报】{enterprise}目前有 {count} 个问题在办：",
		monthly_line: "{dot} #{number} {title} — {state}（{department}）{detail}",
		monthly_footer:
			"如有疑问可直接回复，或在群里发「#编号」查看详情。此消息仅发给贵企业。",
	},
	en: {
		measures_line: "Measures: {measures}",
		units_line: "Responsible units: {units}",
		milestone_line: "Milestone {position}: {day} {title}{unit}",
		monthly_header:
			"[{month} status] {enterprise} has {count} issues in progress:",
		monthly_line: "{dot} #{number} {title} — {state} ({department}){detail}",
		monthly_footer:
			'Reply here with any question, or send "#number" in the group for details. This message is sent to your enterprise only.',
	},
});
