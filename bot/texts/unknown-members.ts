/**
 * A problem from a group member the directory does not know: the one reply they get, the office's
 * question, the answers to 认领, and the console's section for it. Nothing here shames the person.
 */
import { defineTexts } from "./catalog.ts";

export const unknownMemberText = defineTexts<
	| "kept_reply"
	| "office_question"
	| "claim_usage"
	| "claim_not_allowed"
	| "claim_no_report"
	| "claim_unknown_enterprise"
	| "claimed"
	| "claimed_issue"
	| "console_title"
	| "console_intro"
	| "console_empty"
	| "col_person"
	| "col_group"
	| "col_enterprise"
	| "console_claim"
	| "console_claimed"
	| "console_already"
	| "console_need_enterprise"
>({
	"zh-CN": {
		kept_reply:
			"您好，您的消息已收到并转给企业服务办公室，他们核实后会尽快与您联系并跟进处理。",
		office_question:
			"「{group}」里有一位服务名单上还没有的成员「{name}」反映：\n{text}\n请告诉我他是哪家企业的：在群里回复「认领 @{name} 企业名称」，或在工作台一键认领：{url}\n认领后这条消息按原时间登记为问题，他以后的消息直接受理。",
		claim_usage:
			"认领未登记的成员：「认领 @姓名 企业名称」，如「认领 @张三 鑫达机械」",
		claim_not_allowed: "只有企业服务办公室可以认领未登记的成员",
		claim_no_report: "没有找到「{name}」待认领的消息。",
		claim_unknown_enterprise:
			"没有找到名为「{name}」的企业（或有多家同名），请写全称后再发",
		claimed:
			"已将「{name}」登记为「{enterprise}」的成员，以后的消息将直接受理。",
		claimed_issue:
			"已将「{name}」登记为「{enterprise}」的成员，其反映的问题已登记为 {numbers}（按原发送时间计时），以后的消息将直接受理。",
		console_title: "待认领的成员",
		console_intro:
			"群里服务名单上还没有的成员反映的问题。选择企业并认领后，消息按原发送时间登记为问题，此人加入名单，以后的消息直接受理。",
		console_empty: "没有待认领的成员。",
		col_person: "反映人",
		col_group: "群",
		col_enterprise: "企业",
		console_claim: "认领并登记",
		console_claimed: "已认领「{name}」为「{enterprise}」的成员。{issues}",
		console_already: "这位成员的消息已经认领过了。",
		console_need_enterprise: "请选择一家企业。",
	},
	en: {
		kept_reply:
			"Hello, your message has been received and passed to the enterprise service office; they will check and get back to you shortly.",
		office_question:
			'A member of "{group}" who is not yet on the service list, "{name}", wrote:\n{text}\nPlease tell me which enterprise they are from: reply "claim @{name} enterprise" in the group, or claim them with one click in the console: {url}\nOnce claimed, the message becomes an issue from the time it was sent, and their next messages are taken in directly.',
		claim_usage:
			'Claim an unregistered member: "claim @name enterprise", e.g. "claim @Zhang San Xinda"',
		claim_not_allowed:
			"Only the enterprise service office may claim an unregistered member",
		claim_no_report: 'No message from "{name}" waits to be claimed.',
		claim_unknown_enterprise:
			'No enterprise is named "{name}" (or several are); write its full name',
		claimed:
			'"{name}" is now a member of "{enterprise}"; their next messages are taken in directly.',
		claimed_issue:
			'"{name}" is now a member of "{enterprise}"; what they reported is issue {numbers} (its time counts from when it was sent), and their next messages are taken in directly.',
		console_title: "Members to claim",
		console_intro:
			"Problems from group members who are not on the service list yet. Choose the enterprise and claim: the message becomes an issue from the time it was sent, the person joins the list, and their next messages are taken in directly.",
		console_empty: "No members wait to be claimed.",
		col_person: "Reporter",
		col_group: "Group",
		col_enterprise: "Enterprise",
		console_claim: "Claim and register",
		console_claimed: 'Claimed "{name}" for "{enterprise}". {issues}',
		console_already: "This member was already claimed.",
		console_need_enterprise: "Choose an enterprise.",
	},
});
