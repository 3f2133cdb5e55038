/** What the bot says in the groups: acknowledgements, notifications, answers to queries. */
import { defineTexts } from "./catalog.ts";

export const REPLY_KEYS = [
	"ack_dispatched",
	"ack_awaiting_dispatch",
	"ack_similar",
	"ack_follow_up",
	"deadline_started",
	"deadline_pending",
	"follow_up_joined",
	"attachment_noted",
	"attachment_noted_no_issue",
	"unknown_person",
	"issue_not_found",
	"refusal_lead_department",
	"no_issue_in_context",
	"event_dispatched",
	"event_transferred",
	"event_accepted",
	"event_progress",
	"event_info_requested",
	"event_info_supplied",
	"event_returned",
	"event_co_handler_added",
	"event_co_handler_removed",
	"event_extension_requested",
	"event_extension_approved",
	"event_extension_denied",
	"event_tier_raised",
	"event_resolved",
	"event_confirmed",
	"event_confirmed_rated",
	"event_rated",
	"event_reopened",
	"event_reopened_private",
	"rating_request_private",
	"told_elsewhere",
	"event_refused",
	"event_sent_to_review",
	"event_return_refused",
	"event_review_stands",
	"event_review_should_do",
	"event_review_can_do",
	"event_plan_set",
	"event_plan_updated",
	"event_milestone_done",
	"event_plan_rated",
	"event_withdrawn",
	"event_closed",
	"queue_header",
	"queue_empty",
	"my_issues_header",
	"my_issues_empty",
	"issue_line",
	"issue_summary",
	"issue_sent_privately",
	"list_rest_private",
	"timeline_header",
	"timeline_line",
	"help_header",
	"no_department",
	"login_link",
	"login_private_only",
	"login_enterprise",
	"login_unavailable",
	"login_not_on_playground",
	"inbound_failed",
] as const;
export type ReplyKey = (typeof REPLY_KEYS)[number];

export const replyText = defineTexts<ReplyKey>({
	"zh-CN": {
		ack_dispatched:
			"已登记问题 #{number}「{title}」\n类别：{category}｜{urgency}\n牵头单位：{department}，请受理\n{deadline}\n补充情况请直接回复本条或发「#{short} 补充 …」，查询进度发「#{short}」",
		ack_awaiting_dispatch:
			"已登记问题 #{number}「{title}」\n暂未匹配到责任单位，已请{office}派单\n补充情况请直接回复本条或发「#{short} 补充 …」，查询进度发「#{short}」",
		ack_similar: "同类问题：#{other}，已关联办理",
		ack_follow_up: "已补充到问题 #{number}「{title}」",
		deadline_started: "办理期限：{due}（{days}个工作日）",
		deadline_pending:
			"受理时限：{acceptDue}前；办理时限：受理后{days}个工作日（约{due}）",
		follow_up_joined: "已补充到问题 #{number}「{title}」",
		attachment_noted: "已收到{what}，已记入问题 #{number}",
		attachment_noted_no_issue:
			"已收到{what}。如需反映问题，请用文字简要说明，我会登记并派给责任单位。",
		unknown_person:
			"您好，您尚未登记在本群的服务名单中，暂时无法受理。请联系企业服务办公室登记后再发送。",
		issue_not_found:
			"没有找到问题 #{ref}。请核对编号，或发「我的问题」/「待办」查看。",
		no_issue_in_context: "请在命令前写明问题编号，例如「#12 {verb}」。",
		refusal_lead_department: "#{number} 的牵头单位：{department}",
		event_dispatched:
			"#{number} 已派至{department}，请受理（受理时限 {acceptDue}）",
		event_transferred:
			"#{number} 已由{from}转至{department}，请受理。转办原因：{reason}",
		event_accepted: "#{number} 已由{department}受理（{actor}）。{deadline}",
		event_progress: "#{number} 办理进展（{department}）：{note}",
		event_info_requested:
			"#{number} {department}请您补充：{question}\n可直接回复本条，或发「#{short} 补充 …」",
		event_info_supplied: "#{number} 企业已补充：{text}",
		event_returned:
			"#{number} 被{department}退回：{reason}。请重新派单（「#{short} 派单 @单位」）",
		event_co_handler_added: "#{number} 已增加协办单位：{department}",
		event_co_handler_removed: "#{number} 已取消协办单位：{department}",
		event_extension_requested:
			"#{number} {department}申请延期 {days} 个工作日：{reason}\n请审批：「#{short} 同意延期」或「#{short} 不同意延期 原因」",
		event_extension_approved: "#{number} 延期已同意，新的办理期限：{due}",
		event_extension_denied:
			"#{number} 延期申请未同意：{reason}。办理期限仍为 {due}",
		event_tier_raised: "#{number} 已提级至{tier}办理：{reason}",
		event_resolved:
			"#{number} 已办结（{department}）：{note}\n请确认办理结果：回复「#{short} 满意」「#{short} 基本满意」或「#{short} 不满意 原因」，也可打分「#{short} 评价 方案 过程 结果」（1–5 分）",
		event_confirmed: "#{number} 企业已确认办成，谢谢！",
		event_confirmed_rated: "#{number} 企业已确认办成，已收到评价，谢谢！",
		event_rated: "#{number} 已收到评价，谢谢！",
		event_reopened: "#{number} 企业不满意，已重新办理（{tier}）：{reason}",
		event_reopened_private:
			"#{number} 企业不满意，已重新办理（{tier}）；企业的意见记在问题上，请{department}查看",
		rating_request_private:
			"您的问题 #{number}「{title}」已由{department}办结：{note}\n请直接回复我确认和评价：「满意」「基本满意」或「不满意 原因」。这里只有您能看到，群里只显示已评价。",
		told_elsewhere: "【{group}】{text}",
		event_refused:
			"#{number} {department}表示不能办理：{reason}\n已转入说不评议，请企业服务办公室评议",
		event_sent_to_review:
			"#{number} 已再次转办，转入说不评议，请企业服务办公室评议。转办原因：{reason}",
		event_return_refused:
			"#{number} 企业服务办公室不同意{department}退单：{reason}\n已转入说不评议，由督查人员和企业服务办公室评议",
		event_review_stands:
			"#{number} 评议结论：确实无法办理。替代服务：{alternative}",
		event_review_should_do:
			"#{number} 评议结论：应当办理，请{department}创造条件办理，办理期限 {due}",
		event_review_can_do:
			"#{number} 评议结论：能够办理，请{department}立即办理，办理期限 {due}，已报督查",
		event_plan_set:
			"#{number} 办理方案（{department}）：\n{text}\n请企业评价方案：回复「#{short} 方案评价 1–5」（5 为最满意）",
		event_plan_updated:
			"#{number} 办理方案已更新（第 {revision} 版）：\n{text}\n请企业评价新方案：回复「#{short} 方案评价 1–5」",
		event_milestone_done: "#{number} 节点 {position}「{title}」已完成{note}",
		event_plan_rated:
			"#{number} 企业对办理方案的评价：{score} 分（5 分为最满意）",
		event_withdrawn: "#{number} 已撤回",
		event_closed: "#{number} 已关闭：{reason}",
		queue_header: "待办问题（{count}）：",
		queue_empty: "目前没有待办问题。",
		my_issues_header: "您提出的问题（{count}）：",
		my_issues_empty:
			"您还没有提出过问题。直接在群里描述遇到的困难，我会登记并派给责任单位。",
		issue_line: "{dot} #{number}「{title}」{state}{due}",
		issue_summary:
			"{dot} #{number}「{title}」\n状态：{state}｜牵头单位：{department}｜{tier}\n{deadline}",
		issue_sent_privately: "该问题不是在本群登记的，详情已私信发送给您。",
		list_rest_private:
			"另有{count}个问题不是在本群登记的，完整清单已私信发送给您。",
		timeline_header: "办理过程：",
		timeline_line: "{time} {actor} {what}",
		help_header:
			"您可以使用以下命令（#12 为问题编号；在问题回复中可省略编号）：",
		no_department: "待派单",
		login_link:
			"监督台登录链接（仅限本人使用，一次有效，{expires}前有效）：\n{url}",
		login_private_only: "登录链接只在私聊中发送。请私聊我发送「登录」获取。",
		login_enterprise:
			"监督台供政府工作人员使用。企业的问题请直接在群里反映，发「我的问题」可查看办理情况。",
		login_unavailable: "监督台地址尚未配置，请联系管理员。",
		login_not_on_playground:
			"演练场不发送监督台登录链接：这里任何人都可以冒充任何身份。请在企业微信或 Slack 中私聊我发送「登录」，或用账号密码登录监督台。",
		inbound_failed:
			"抱歉，这条消息没有处理成功。消息已保留，工作人员会人工查看，无需重复发送。",
	},
	en: {
		ack_dispatched:
			'Issue #{number} "{title}" is registered\nCategory: {category} | {urgency}\nLead department: {department}, please accept\n{deadline}\nTo add details, reply to this message or send "#{short} supply …"; to see progress, send "#{short}"',
		ack_awaiting_dispatch:
			'Issue #{number} "{title}" is registered\nNo department matched yet; {office} is asked to dispatch it\nTo add details, reply to this message or send "#{short} supply …"; to see progress, send "#{short}"',
		ack_similar: "Similar issue: #{other}, linked",
		ack_follow_up: 'Added to issue #{number} "{title}"',
		deadline_started: "Deadline: {due} ({days} working days)",
		deadline_pending:
			"Accept by {acceptDue}; resolve within {days} working days of acceptance (about {due})",
		follow_up_joined: 'Added to issue #{number} "{title}"',
		attachment_noted: "Received {what}; kept with issue #{number}",
		attachment_noted_no_issue:
			"Received {what}. To report a problem, please describe it in a few words and I will register it for the right department.",
		unknown_person:
			"Hello, you are not yet registered for this group, so I cannot take this up. Please ask the enterprise service office to register you.",
		issue_not_found:
			'Issue #{ref} was not found. Check the number, or send "my issues" / "queue".',
		no_issue_in_context:
			'Please put the issue number first, e.g. "#12 {verb}".',
		refusal_lead_department: "#{number} is led by {department}.",
		event_dispatched:
			"#{number} dispatched to {department}, please accept (by {acceptDue})",
		event_transferred:
			"#{number} transferred from {from} to {department}, please accept. Reason: {reason}",
		event_accepted: "#{number} accepted by {department} ({actor}). {deadline}",
		event_progress: "#{number} progress ({department}): {note}",
		event_info_requested:
			'#{number} {department} asks you for: {question}\nReply to this message, or send "#{short} supply …"',
		event_info_supplied: "#{number} the enterprise added: {text}",
		event_returned:
			'#{number} returned by {department}: {reason}. Please dispatch again ("#{short} dispatch @department")',
		event_co_handler_added:
			"#{number} co-handling department added: {department}",
		event_co_handler_removed:
			"#{number} co-handling department removed: {department}",
		event_extension_requested:
			'#{number} {department} asks for {days} more working days: {reason}\nTo decide: "#{short} approve-extension" or "#{short} deny-extension <reason>"',
		event_extension_approved:
			"#{number} extension approved; new deadline {due}",
		event_extension_denied:
			"#{number} extension denied: {reason}. The deadline stays {due}",
		event_tier_raised: "#{number} raised to {tier}: {reason}",
		event_resolved:
			'#{number} resolved ({department}): {note}\nPlease confirm: reply "#{short} satisfied" or "#{short} unsatisfied <reason>", or rate "#{short} rate plan process result" (1–5)',
		event_confirmed: "#{number} confirmed done by the enterprise. Thank you!",
		event_confirmed_rated:
			"#{number} confirmed done by the enterprise; rating received. Thank you!",
		event_rated: "#{number} rating received. Thank you!",
		event_reopened:
			"#{number} the enterprise is not satisfied; reopened ({tier}): {reason}",
		event_reopened_private:
			"#{number} the enterprise is not satisfied; reopened ({tier}). Its words are on the issue for {department}",
		rating_request_private:
			'Your issue #{number} "{title}" was resolved by {department}: {note}\nReply to me to confirm and rate: "satisfied", "basically satisfied" or "unsatisfied <reason>". Only you see this; the group sees only that it was rated.',
		told_elsewhere: "[{group}] {text}",
		event_refused:
			"#{number} {department} says it cannot be done: {reason}\nSent to refusal review; the service office please review",
		event_sent_to_review:
			"#{number} transferred again and sent to refusal review; the service office please review. Reason: {reason}",
		event_return_refused:
			"#{number} the service office does not accept {department}'s return: {reason}\nSent to refusal review by the supervisors and the service office",
		event_review_stands:
			"#{number} review: it truly cannot be done. Alternative service: {alternative}",
		event_review_should_do:
			"#{number} review: it should be done; {department} to create the conditions, deadline {due}",
		event_review_can_do:
			"#{number} review: it can be done; {department} to act now, deadline {due}, reported to supervision",
		event_plan_set:
			'#{number} plan ({department}):\n{text}\nPlease rate the plan: reply "#{short} rate-plan 1–5" (5 is best)',
		event_plan_updated:
			'#{number} plan updated (revision {revision}):\n{text}\nPlease rate the new plan: reply "#{short} rate-plan 1–5"',
		event_milestone_done:
			"#{number} milestone {position} “{title}” reached{note}",
		event_plan_rated:
			"#{number} the enterprise rates the plan {score} (5 is best)",
		event_withdrawn: "#{number} withdrawn",
		event_closed: "#{number} closed: {reason}",
		queue_header: "Open issues ({count}):",
		queue_empty: "Nothing waiting for you.",
		my_issues_header: "Issues you raised ({count}):",
		my_issues_empty:
			"You have not raised any issue. Describe a problem in the group and I will register it.",
		issue_line: '{dot} #{number} "{title}" {state}{due}',
		issue_summary:
			'{dot} #{number} "{title}"\nState: {state} | Lead: {department} | {tier}\n{deadline}',
		issue_sent_privately:
			"That issue was not raised in this group; I have sent you its details in a private chat.",
		list_rest_private:
			"{count} more were not raised in this group; I have sent you the whole list in a private chat.",
		timeline_header: "History:",
		timeline_line: "{time} {actor} {what}",
		help_header:
			"Commands you can use (#12 is the issue number; in a reply to an issue you may leave it out):",
		no_department: "awaiting dispatch",
		login_link:
			"Your console sign-in link (for you only, works once, until {expires}):\n{url}",
		login_private_only:
			'Sign-in links are sent only in a private chat. Send me "login" in a private chat to get one.',
		login_enterprise:
			'The console is for government staff. Raise your problems here in the group, and send "my issues" to see how they are going.',
		login_unavailable:
			"The console address is not configured; please ask the administrator.",
		login_not_on_playground:
			'The playground does not send console sign-in links: anyone here can speak as anyone. Please send me "login" in a private chat on WeChat or Slack, or sign in to the console with your password.',
		inbound_failed:
			"Sorry, this message could not be processed. It has been kept and a member of staff will look at it; there is no need to send it again.",
	},
});
