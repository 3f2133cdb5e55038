/** The honest figures' own words: auto-confirmations apart, late done, quarters, 高频事项清单. */
import { defineTexts } from "./catalog.ts";

export const figuresText = defineTexts<
	| "ranking_auto_confirmed"
	| "ranking_auto_confirmed_rate"
	| "ranking_done_late"
	| "ranking_done_late_rate"
	| "definitions"
	| "period_hint"
	| "period_quarter"
	| "quarter_lists"
	| "unranked_note"
	| "section_frequent"
	| "sheet_frequent"
	| "frequent_category"
	| "frequent_area"
	| "frequent_issues"
	| "frequent_open"
	| "frequent_none"
	| "no_category"
	| "no_area"
>({
	"zh-CN": {
		ranking_auto_confirmed: "自动确认",
		ranking_auto_confirmed_rate: "自动确认率",
		ranking_done_late: "超时办成",
		ranking_done_late_rate: "超时办成率",
		definitions:
			"统计口径（详见 docs/figures.md）：本期登记的问题，结果截至期末。转办过的问题按各单位牵头时长分摊，件数可带小数。办结率=办结/受理；办成率=企业确认或评价办成/受理，逾期未评价被系统自动确认的不计入办成，另列自动确认率；超时办成率=超期后才办结的办成件/受理；超时率=超期办结或逾期未办结/受理；满意率=结果评价4分及以上的占比。受理不足 {min} 件的单位不排名、不上榜；没有任何评价的单位不上红榜。",
		period_hint: "期间（YYYY-MM、YYYY-Www 或 YYYY-Qn）",
		period_quarter: "{year}年第{quarter}季度",
		quarter_lists: "季度红黄黑榜",
		unranked_note: "受理不足 {min} 件，不排名",
		section_frequent: "五、高频事项清单",
		sheet_frequent: "高频事项清单",
		frequent_category: "问题类别",
		frequent_area: "所在区域",
		frequent_issues: "件数",
		frequent_open: "未办结",
		frequent_none: "本期没有登记的问题。",
		no_category: "未分类",
		no_area: "未注明区域",
	},
	en: {
		ranking_auto_confirmed: "Auto-confirmed",
		ranking_auto_confirmed_rate: "Auto-confirmed rate",
		ranking_done_late: "Done late",
		ranking_done_late_rate: "Done-late rate",
		definitions:
			"Definitions (see docs/figures.md): issues registered in the period, outcomes as at its end. A transferred issue is shared among the departments that led it by the time each held it, so counts may have decimals. Resolve rate = resolved / received; done rate = confirmed or rated done by the enterprise / received — confirmations by the system after no answer are not done and are shown apart as the auto-confirmed rate; done-late rate = done issues resolved after their deadline / received; overdue rate = resolved late or open past the deadline / received; satisfaction = share of result ratings of 4 or 5. Departments with fewer than {min} issues are neither ranked nor listed; a department without any rating is never on the red list.",
		period_hint: "Period (YYYY-MM, YYYY-Www or YYYY-Qn)",
		period_quarter: "{year} Q{quarter}",
		quarter_lists: "Quarterly lists",
		unranked_note: "fewer than {min} issues, not ranked",
		section_frequent: "5. Most frequent problems",
		sheet_frequent: "Frequent problems",
		frequent_category: "Category",
		frequent_area: "Area",
		frequent_issues: "Issues",
		frequent_open: "Still open",
		frequent_none: "No issue was registered in the period.",
		no_category: "Not categorised",
		no_area: "No area given",
	},
});
