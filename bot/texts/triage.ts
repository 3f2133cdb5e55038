/** The console's triage page: messages the model was unsure of, and how well it reads the groups. */
import { defineTexts } from "./catalog.ts";

export const triageText = defineTexts<
	| "nav"
	| "title"
	| "intro"
	| "empty"
	| "col_time"
	| "col_enterprise"
	| "col_text"
	| "col_guess"
	| "col_action"
	| "confidence"
	| "promote"
	| "dismiss"
	| "no_category"
	| "promoted"
	| "dismissed"
	| "already_decided"
	| "accuracy_title"
	| "accuracy_none"
	| "accuracy_line"
	| "accuracy_detail"
>({
	"zh-CN": {
		nav: "待定消息",
		title: "待定消息",
		intro:
			"亲清拿不准是不是问题的企业消息。群里没有回复，也没有@任何人。登记后按正常流程受理，并@责任单位；忽略则不作任何回复。每一次判断亲清都会学习。",
		empty: "没有待定的消息。",
		col_time: "时间",
		col_enterprise: "企业 / 反映人",
		col_text: "内容",
		col_guess: "亲清的判断",
		col_action: "处理",
		confidence: "是问题的可能 {problem}%",
		promote: "登记为问题",
		dismiss: "不是问题",
		no_category: "（未分类，由办公室派单）",
		promoted: "已登记为问题 #{number}，已在群里回复企业并@责任单位。",
		dismissed: "已忽略。亲清会记住这类消息不是问题。",
		already_decided: "这条消息已经处理过了。",
		accuracy_title: "近 30 天亲清的准确度（按办公室的更正计算）",
		accuracy_none: "近 30 天还没有可计算的记录。",
		accuracy_line:
			"直接登记 {registered} 件，其中改类别 {recategorized} 件、误登记 {notAProblem} 件；漏登（办公室补登）{missed} 条；待定 {candidates} 条（登记 {promoted}、忽略 {dismissedCount}、未处理 {pending}）。",
		accuracy_detail: "判断正确率 {accuracy}%",
	},
	en: {
		nav: "Triage",
		title: "Messages to triage",
		intro:
			"Enterprise messages Qinqing could not tell are problems. Nothing was said in the group and nobody was mentioned. Registering one opens an issue as usual and mentions the lead department; dismissing it says nothing. Qinqing learns from every decision.",
		empty: "No messages wait for triage.",
		col_time: "Time",
		col_enterprise: "Enterprise / reporter",
		col_text: "Message",
		col_guess: "Qinqing's reading",
		col_action: "Decision",
		confidence: "{problem}% likely a problem",
		promote: "Register as an issue",
		dismiss: "Not a problem",
		no_category: "(no category: the office dispatches)",
		promoted:
			"Registered as issue #{number}; the enterprise was answered in the group and the lead department mentioned.",
		dismissed:
			"Dismissed. Qinqing will remember such messages are not problems.",
		already_decided: "This message was already decided.",
		accuracy_title:
			"Qinqing's accuracy over the last 30 days (by the office's corrections)",
		accuracy_none: "Nothing to measure in the last 30 days yet.",
		accuracy_line:
			"{registered} issues registered by the bot, of which {recategorized} recategorized and {notAProblem} registered in error; {missed} problems missed (registered by the office); {candidates} messages to triage ({promoted} registered, {dismissedCount} dismissed, {pending} waiting).",
		accuracy_detail: "Read right: {accuracy}%",
	},
});
