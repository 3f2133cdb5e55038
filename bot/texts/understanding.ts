/** What the bot says about its own understanding: registering on the office's word, corrections, the triage digest. */
import { defineTexts } from "./catalog.ts";

export const understandingText = defineTexts<
	| "register_usage"
	| "register_not_allowed"
	| "register_unknown_name"
	| "register_no_source"
	| "register_need_enterprise"
	| "register_already"
	| "recategorized"
	| "recategorize_same"
	| "recategorize_unknown"
	| "office_only"
	| "triage_digest"
	| "triage_digest_line"
>({
	"zh-CN": {
		register_usage:
			"代为登记：回复企业的那条消息发「登记」（可加类别，如「登记 用电」），或发「登记 企业名称：问题内容」",
		register_not_allowed: "只有企业服务办公室和部门工作人员可以代为登记问题",
		register_unknown_name: "没有找到名为「{name}」的类别或企业，请核对后再发",
		register_no_source:
			"没有找到您回复的那条消息。可以直接发「登记 企业名称：问题内容」",
		register_need_enterprise:
			"请写明是哪家企业反映的：「登记 企业名称」或「登记 企业名称：问题内容」",
		register_already: "这条消息已登记为问题 #{number}",
		recategorized:
			"已将 #{number} 的类别由「{from}」改为「{to}」，亲清会据此学习。责任单位不变，如需转办请发「#{short} 转办 单位 原因」",
		recategorize_same: "#{number} 的类别已经是「{to}」",
		recategorize_unknown: "没有名为「{name}」的类别。可选：{choices}",
		office_only: "只有企业服务办公室可以这样更正",
		triage_digest:
			"有 {count} 条企业消息亲清拿不准是不是问题，等您判断（群里未作回复）：\n{lines}\n在控制台一键登记或忽略：{url}\n也可以在群里回复那条消息发「登记」",
		triage_digest_line: "· {enterprise}：{text}",
	},
	en: {
		register_usage:
			'To register on an enterprise\'s behalf: reply "register" to its message (optionally with a category: "register power"), or send "register <enterprise>: <the problem>"',
		register_not_allowed:
			"Only the service office and department staff can register issues on an enterprise's behalf",
		register_unknown_name:
			'No category or enterprise is called "{name}"; please check and send again',
		register_no_source:
			'The message you replied to was not found. You can send "register <enterprise>: <the problem>"',
		register_need_enterprise:
			'Please name the enterprise: "register <enterprise>" or "register <enterprise>: <the problem>"',
		register_already: "This message is already issue #{number}",
		recategorized:
			'Issue #{number} is now in "{to}" instead of "{from}"; Qinqing learns from this. The department is unchanged: to hand it over, send "#{short} transfer <department> <reason>"',
		recategorize_same: 'Issue #{number} is already in "{to}"',
		recategorize_unknown:
			'No category is called "{name}". Choose one of: {choices}',
		office_only: "Only the service office can make this correction",
		triage_digest:
			'{count} enterprise messages Qinqing could not tell are problems wait for you (nothing was said in the group):\n{lines}\nRegister or dismiss each in one click: {url}\nOr reply "register" to the message in the group',
		triage_digest_line: "· {enterprise}: {text}",
	},
});
